"""How the text report writes values, statuses and severities, shared by its summary and its detail."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from rich.text import Text

from fbss.clinical.finding import Severity, Status

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.MET: ("YES", "bold"),
    Status.NOT_MET: ("no", "dim"),
    Status.UNKNOWN: ("UNKNOWN", "bold yellow"),
    Status.NOT_APPLICABLE: ("n/a", "dim"),
}
SEVERITY_STYLES: dict[Severity, str] = {
    Severity.EMERGENCY: "bold white on red",
    Severity.URGENT: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "cyan",
}


def severity_tag(severity: Severity | str | None) -> Text:
    """The severity in capitals, coloured by urgency; empty when there is none."""
    if not severity:
        return Text("")
    severity = Severity(severity)
    return Text(f" {severity.value.upper()} ", style=SEVERITY_STYLES[severity])


def status_tag(status: Status | str) -> Text:
    label, style = STATUS_LABELS[Status(status)]
    return Text(label, style=style)


def show(value: object) -> str:
    """A value as a reader expects it: yes/no, no float noise, lists joined, an absent input said in words."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(show(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    return str(value)


def words(value: object) -> str:
    """A snake_case value as words (moderately_severe -> moderately severe)."""
    return show(value).replace("_", " ")


def clean(text: str) -> str:
    """Text from a case may hold terminal control sequences; they are dropped, never sent to the screen."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf"})
