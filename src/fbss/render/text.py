"""The assessment as a readable report for a terminal or a text file (Rich).

Red flags come first, always: met ones boxed, with what to do and how soon. Then one section per kind of
finding, each finding with its reasons (`because`), what is missing to decide it and its source ids; the
sources are listed in full at the end. Sections are built from the findings' kinds, so findings of a new kind
appear (after the known sections) without a change here.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from fbss.clinical.assessment import Assessment
from fbss.clinical.finding import Because, Finding, Kind, Severity, Status
from fbss.clinical.sources import Source, Verification

SECTION_TITLES: dict[Kind, str] = {
    Kind.RED_FLAG: "Red flags",
    Kind.CRITERIA: "FBSS / PSPS type 2 criteria",
    Kind.PHENOTYPE: "Pain phenotype",
    Kind.SCORE: "Scores",
    Kind.OUTCOME: "Change over time",
    Kind.DIFFERENTIAL: "Differential diagnosis",
    Kind.WORKUP: "Work-up",
    Kind.REFERRAL: "Referral",
    Kind.PLAN: "Plan",
    Kind.TREATMENT: "Treatment options",
    Kind.SAFETY: "Safety checks",
    Kind.SCS: "Spinal cord stimulation pathway",
    Kind.DATA_QUALITY: "Data quality",
}
# The order a reader needs: red flags, diagnosis, then the plan. Kinds not listed follow, in Kind order.
REPORT_ORDER: tuple[Kind, ...] = (
    Kind.RED_FLAG,
    Kind.CRITERIA,
    Kind.PHENOTYPE,
    Kind.SCORE,
    Kind.OUTCOME,
    Kind.DIFFERENTIAL,
    Kind.WORKUP,
    Kind.REFERRAL,
    Kind.PLAN,
    Kind.TREATMENT,
    Kind.SAFETY,
    Kind.SCS,
)
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
STATUS_COUNT_ORDER = (Status.MET, Status.UNKNOWN, Status.NOT_MET, Status.NOT_APPLICABLE)
STATUS_WORDS = {
    Status.MET: "met",
    Status.UNKNOWN: "unknown",
    Status.NOT_MET: "not met",
    Status.NOT_APPLICABLE: "not applicable",
}
CODE_SYSTEM_NAMES = {
    "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM",
    "http://id.who.int/icd/release/11/mms": "ICD-11",
    "http://snomed.info/sct": "SNOMED CT",
    "http://loinc.org": "LOINC",
    "http://www.nlm.nih.gov/research/umls/rxnorm": "RxNorm",
}
_ACT_NOW = frozenset({Severity.EMERGENCY, Severity.URGENT})


def print_report(assessment: Assessment, console: Console) -> None:
    """Print the report of one assessment; to a file or pipe without the padding Rich adds to table cells."""
    if console.is_terminal:
        console.print(text_report(assessment))
        return
    with console.capture() as captured:
        console.print(text_report(assessment))
    console.file.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def plain_text_report(assessment: Assessment, width: int = 100) -> str:
    """The report as plain text (no colour), e.g. for a file or a test."""
    buffer = io.StringIO()
    print_report(assessment, Console(file=buffer, width=width, color_system=None, force_terminal=False))
    return buffer.getvalue()


def text_report(assessment: Assessment) -> RenderableType:
    """The whole report as one Rich renderable."""
    parts: list[RenderableType] = [_header(assessment), *_red_flag_section(assessment)]
    for kind, findings in report_sections(assessment):
        if kind is not Kind.RED_FLAG:
            parts.append(_section(section_title(kind), findings))
    parts.append(_sources_section(assessment.sources))
    return Group(*parts)


def report_sections(assessment: Assessment) -> list[tuple[Kind, tuple[Finding, ...]]]:
    """The kinds present in the assessment, in report order, each with its findings in engine order."""
    kinds = [*REPORT_ORDER, *(kind for kind in Kind if kind not in REPORT_ORDER)]
    return [(kind, assessment.of_kind(kind)) for kind in kinds if assessment.of_kind(kind)]


def section_title(kind: Kind) -> str:
    return SECTION_TITLES.get(kind, kind.value.replace("_", " ").capitalize())


# --- header and red flags ---------------------------------------------------------------------------------


def _header(assessment: Assessment) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Case", _clean(assessment.case_id or "(no case id)"))
    grid.add_row("Assessment date", assessment.assessment_date.isoformat())
    grid.add_row("Knowledge version", assessment.knowledge_version)
    highest = assessment.highest_severity
    grid.add_row("Highest severity", _severity_tag(highest) if highest else Text("none met"))
    act_now = [
        f
        for f in assessment.findings
        if f.kind is not Kind.RED_FLAG and f.status is Status.MET and f.severity in _ACT_NOW
    ]
    if act_now:
        listed = Text("\n").join(
            Text.assemble(
                _severity_tag(f.severity), " ", _clean(f.title), (f"  ({section_title(f.kind)})", "dim")
            )
            for f in act_now
        )
        grid.add_row("Also act on", listed)
    return Group(Rule(Text("FBSS assessment", style="bold")), grid)


def _red_flag_section(assessment: Assessment) -> list[RenderableType]:
    flags = assessment.of_kind(Kind.RED_FLAG)
    if not flags:
        warning = Text(
            "This assessment holds no red-flag findings: the red-flag screen did not run. "
            "Screen for serious pathology yourself before relying on anything below.",
            style="bold",
        )
        return [Panel(warning, title="RED FLAGS NOT SCREENED", border_style="bold red", box=box.HEAVY)]
    open_flags = [flag for flag in flags if flag.status is Status.MET]
    parts: list[RenderableType] = [_section_rule(SECTION_TITLES[Kind.RED_FLAG], _status_counts(flags))]
    for flag in open_flags:
        title = Text.assemble(("RED FLAG ", "bold"), _severity_tag(flag.severity) if flag.severity else "")
        parts.append(Panel(_finding_body(flag), title=title, border_style="bold red", box=box.HEAVY))
    parts.extend(_finding_row(flag) for flag in flags if flag.status is not Status.MET)
    return parts


# --- sections and findings --------------------------------------------------------------------------------


def _section(title: str, findings: tuple[Finding, ...]) -> RenderableType:
    return Group(_section_rule(title, _status_counts(findings)), *(_finding_row(f) for f in findings))


def _section_rule(title: str, counts: str) -> RenderableType:
    return Group(Text(""), Rule(Text.assemble((title, "bold"), (f"  {counts}", "dim")), align="left"))


def _status_counts(findings: Iterable[Finding]) -> str:
    statuses = [finding.status for finding in findings]
    counted = [(statuses.count(status), STATUS_WORDS[status]) for status in STATUS_COUNT_ORDER]
    return ", ".join(f"{n} {word}" for n, word in counted if n)


def _finding_row(finding: Finding) -> RenderableType:
    label, style = STATUS_LABELS[finding.status]
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(label, style=style), _finding_body(finding))
    return grid


def _finding_body(finding: Finding) -> RenderableType:
    lines: list[RenderableType] = [_headline(finding)]
    hints = _data_hints(finding.data)
    if hints:
        lines.append(Text(hints, style="italic"))
    if finding.action:
        when = f" ({_clean(finding.timeframe)})" if finding.timeframe else ""
        lines.append(Text.assemble(("Action: ", "bold"), _clean(finding.action), when))
    elif finding.timeframe:
        lines.append(Text.assemble(("When: ", "bold"), _clean(finding.timeframe)))
    if finding.detail:
        lines.append(Text(_clean(finding.detail)))
    if finding.because and finding.status is not Status.NOT_APPLICABLE:
        lines.append(_labelled("Because", [_because_text(b) for b in finding.because]))
    if finding.missing:
        lines.append(
            _labelled("Missing", [f"{_clean(m.path)}: {_clean(m.reason)}" for m in finding.missing], "yellow")
        )
    if finding.codes:
        lines.append(
            _labelled(
                "Codes",
                [
                    f"{CODE_SYSTEM_NAMES.get(c.system, c.system)} {c.code} {_clean(c.display)}"
                    for c in finding.codes
                ],
            )
        )
    lines.append(Text("Sources: " + ", ".join(source.id for source in finding.sources), style="dim"))
    return Group(*lines)


def _headline(finding: Finding) -> Text:
    style = "bold" if finding.status is Status.MET else ""
    headline = Text(_clean(finding.title), style=style)
    if finding.value is not None:
        headline.append(f"  = {_show(finding.value)}", style="bold")
    if finding.severity and finding.status is Status.MET:
        headline.append("  ")
        headline.append_text(_severity_tag(finding.severity))
    headline.append(f"  {finding.code}", style="dim")
    return headline


def _labelled(label: str, items: list[str], style: str = "") -> RenderableType:
    """A label over a bulleted list whose long items wrap under their own start, not under the bullet."""
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(width=3, justify="right")
    bullets.add_column(ratio=1)
    for item in items:
        bullets.add_row("-", Text(item, style=style))
    return Group(Text(f"{label}:", style=f"bold {style}".strip()), bullets)


def _because_text(because: Because) -> str:
    note = f" ({_clean(because.note)})" if because.note else ""
    return f"{_clean(because.path)} = {_show(because.value)}{note}"


def _data_hints(data: Mapping[str, Any]) -> str:
    """A few widely used `data` entries shown in words; everything is in the JSON output."""
    hints: list[str] = []
    if data.get("band") is not None:
        hints.append(f"band: {_show(data['band'])}")
    if data.get("minimum") is not None and data.get("maximum") is not None:
        hints.append(f"range {_show(data['minimum'])}-{_show(data['maximum'])}")
    if isinstance(data.get("subscales"), Mapping) and data["subscales"]:
        hints.append("subscales: " + ", ".join(f"{k} {_show(v)}" for k, v in data["subscales"].items()))
    if "baseline" in data and "latest" in data:
        hints.append(f"{_show(data['baseline'])} -> {_show(data['latest'])}")
    for key in ("change", "percent_change", "mcid", "clinically_important", "state", "date"):
        if data.get(key) is not None:
            hints.append(f"{key.replace('_', ' ')}: {_show(data[key])}")
    for key in ("flags", "for", "causes", "settled_by"):
        if data.get(key):
            hints.append(f"{key.replace('_', ' ')}: {_show(data[key])}")
    if data.get("held"):
        hints.append("on hold")
    return " · ".join(_clean(hint) for hint in hints)


def _sources_section(sources: Mapping[str, Source]) -> RenderableType:
    lines: list[RenderableType] = [_section_rule("Sources", f"{len(sources)} cited")]
    for source_id, source in sorted(sources.items()):
        text = Text.assemble((f"[{source_id}] ", "bold"), _clean(source.citation))
        if source.doi:
            text.append(f". doi:{source.doi}")
        if source.url:
            text.append(f". {source.url}")
        if source.verification is Verification.SECONDARY:
            text.append("  (secondary source: re-check against the primary)", style="yellow")
        if source.note:
            text.append(f"\n    {_clean(source.note)}", style="dim")
        lines.append(text)
    return Group(*lines)


# --- small helpers ----------------------------------------------------------------------------------------


def _severity_tag(severity: Severity | None) -> Text:
    if severity is None:
        return Text("")
    return Text(f" {severity.value.upper()} ", style=SEVERITY_STYLES[severity])


def _show(value: object) -> str:
    """A value as a reader expects it: no float noise, lists joined, an absent input said in words."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value)


def _clean(text: str) -> str:
    """Text from a case may hold terminal control sequences; they are dropped, never sent to the screen."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf"})
