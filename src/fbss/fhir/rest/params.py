"""Reading FHIR search and operation parameters: tokens, references, dates, paging. Every problem is an
`Invalid` naming the parameter (answered 400 with an OperationOutcome); nothing is guessed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from fbss.store.errors import FieldError, Invalid

PREFIXES = ("eq", "gt", "ge", "lt", "le")
_DATE = re.compile(
    r"^(?P<year>\d{4})(-(?P<month>\d{2})(-(?P<day>\d{2})"
    r"(T(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<fraction>\.\d{1,9})?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")
JSON_FORMATS = frozenset({"json", "application/json", "application/fhir+json"})


@dataclass(frozen=True, slots=True)
class Token:
    """A token search value: `code`, `system|code`, `system|` (any code of the system), `|code` (no system)."""

    system: str | None
    code: str | None

    @classmethod
    def parse(cls, text: str) -> Token:
        if "|" not in text:
            return cls(None, text)
        system, code = text.split("|", 1)
        return cls(system, code or None)

    def matches(self, system: str | None, code: str | None) -> bool:
        if self.system is not None and (system or "") != self.system:
            return False
        return self.code is None or code == self.code


@dataclass(frozen=True, slots=True)
class DateRange:
    """`prefix` applied to the range [start, end) that a date of the given precision stands for."""

    prefix: str
    start: dt.datetime
    end: dt.datetime

    def matches(self, moment: dt.datetime) -> bool:
        if self.prefix == "gt":
            return moment >= self.end
        if self.prefix == "ge":
            return moment >= self.start
        if self.prefix == "lt":
            return moment < self.start
        if self.prefix == "le":
            return moment < self.end
        return self.start <= moment < self.end


class Problems:
    """Collects every parameter problem of a request, then refuses it once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, message))

    def raise_any(self) -> None:
        if self.errors:
            raise Invalid(self.errors)


def date_range(name: str, text: str, problems: Problems) -> DateRange | None:
    """A date search value such as `gt2026-11-01` or `2026-11-02T09:30:00Z`."""
    prefix = text[:2] if text[:2] in PREFIXES else "eq"
    value = text[2:] if text[:2] in PREFIXES else text
    bounds = _bounds(value)
    if bounds is None:
        problems.add(
            name, "use a FHIR date or dateTime with a time zone, optionally after gt, ge, lt, le or eq"
        )
        return None
    return DateRange(prefix, *bounds)


def _bounds(value: str) -> tuple[dt.datetime, dt.datetime] | None:
    match = _DATE.match(value)
    if match is None:
        return None
    parts = match.groupdict()
    if parts["hour"] is not None and parts["zone"] is None:
        return None
    try:
        if parts["month"] is None:
            start = dt.datetime(int(parts["year"]), 1, 1, tzinfo=dt.UTC)
            return start, start.replace(year=start.year + 1)
        if parts["day"] is None:
            start = dt.datetime(int(parts["year"]), int(parts["month"]), 1, tzinfo=dt.UTC)
            following = start.replace(day=28) + dt.timedelta(days=4)
            return start, following.replace(day=1)
        if parts["hour"] is None:
            start = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
            return start, start + dt.timedelta(days=1)
        start = dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return None
    step = (
        dt.timedelta(microseconds=1)
        if parts["fraction"]
        else dt.timedelta(seconds=1)
        if parts["second"]
        else dt.timedelta(minutes=1)
    )
    return start, start + step


def instant(name: str, text: str, problems: Problems) -> dt.datetime | None:
    """A FHIR instant (full date and time with a zone), e.g. `_since` of $export."""
    if not _INSTANT.match(text):
        problems.add(name, "use a FHIR instant, e.g. 2026-11-01T00:00:00Z")
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        problems.add(name, "not a valid date and time")
        return None


def whole_number(name: str, text: str, problems: Problems, low: int, high: int) -> int | None:
    if not text.isdigit() or not low <= int(text) <= high:
        problems.add(name, f"use a whole number from {low} to {high}")
        return None
    return int(text)


def patient_reference(text: str) -> int | None:
    """Our patient id in `12`, `Patient/12` or `<base>/Patient/12` (None: no patient of ours)."""
    tail = text.rstrip("/").split("/")
    if len(tail) >= 2 and tail[-2] != "Patient":
        return None
    return int(tail[-1]) if tail[-1].isdigit() and len(tail[-1]) < 12 else None


def check_format(items: list[tuple[str, str]], problems: Problems) -> None:
    for name, value in items:
        if name == "_format" and value not in JSON_FORMATS:
            problems.add("_format", "only JSON is served (json, application/fhir+json)")


def is_lenient(prefer: str | None) -> bool:
    """`Prefer: handling=lenient` asks us to ignore parameters we do not support (default: refuse them)."""
    return prefer is not None and "handling=lenient" in prefer.replace(" ", "").lower()


def query_string(items: list[tuple[str, str]]) -> str:
    return urlencode(items)
