"""What a mapper receives and returns, and the small readers of FHIR datatypes every mapper shares."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from fbss.fhir.codes import OUR_CODES

TAG_SYSTEM = f"{OUR_CODES}/tag"
CASE_TAG = {"system": TAG_SYSTEM, "code": "case", "display": "Case facts exported by fbss"}
DERIVED_TAG = {"system": TAG_SYSTEM, "code": "derived", "display": "Derived by an fbss assessment"}


class Part(NamedTuple):  # a named tuple: immutable like a frozen dataclass, and made in half the time
    """One piece of a Case a resource became.

    `target` is a Case field. List fields (`surgeries`, `labs`, ...) take a model; single fields take a value
    (`age_years`, `sex`, ...) or, for the Case's sub-models (`red_flags`, `scs`, ...), a dict of their fields.
    `when` orders competing single values (the latest wins).
    """

    target: str
    value: Any
    when: dt.date | None = None
    note: str | None = None
    position: int | None = None  # the list index an fbss export gave it (keeps list order across files)


@dataclass(frozen=True, slots=True)
class Skip:
    reason: str


Outcome = Part | Skip


@dataclass(slots=True)
class Context:
    """What mappers may consult: the assessment date and the definitions found beside the data."""

    as_of: dt.date
    questionnaires: dict[str, dict[str, Any]] = field(default_factory=dict)  # by canonical url and by Type/id
    medications: dict[str, dict[str, Any]] = field(default_factory=dict)  # Medication resources by reference
    order_codes: dict[str, str] = field(default_factory=dict)  # "system|code" -> ProcedureKind (site setting)


def codings(concept: Any) -> Iterator[tuple[str, str, str]]:
    """(system, code, display) of each coding in a CodeableConcept."""
    if not isinstance(concept, dict):
        return
    for coding in concept.get("coding", ()):
        yield coding.get("system", ""), coding.get("code", ""), coding.get("display", "")


def coding_list(concept: Any) -> list[tuple[str, str, str]]:
    """`list(codings(concept))`, made without a generator (every observation is read through it)."""
    if not isinstance(concept, dict):
        return []
    return [
        (coding.get("system", ""), coding.get("code", ""), coding.get("display", ""))
        for coding in concept.get("coding", ())
    ]


def first_known(concept: Any, table: dict[tuple[str, str], Any]) -> Any:
    """The table entry of the first coding found in the table, if any."""
    for system, code, _display in codings(concept):
        if (system, code) in table:
            return table[(system, code)]
    return None


def has_code(concept: Any, system: str, code: str) -> bool:
    return any(s == system and c == code for s, c, _ in codings(concept))


def concept_text(concept: Any) -> str:
    """The text of a CodeableConcept, else the display of its first coding, else ''."""
    if not isinstance(concept, dict):
        return ""
    if concept.get("text"):
        return str(concept["text"])
    return next((display for _s, _c, display in codings(concept) if display), "")


def describe(concept: Any) -> str:
    """A short label for a code in a report: `system|code (display)`."""
    for system, code, display in codings(concept):
        return f"{system.rsplit('/', 1)[-1]}|{code}" + (f" ({display})" if display else "")
    return concept_text(concept) or "no code"


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ASCII_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def to_date(value: Any) -> dt.date | None:
    """The calendar date of a FHIR date or dateTime (partial dates give None: they do not fix a day)."""
    if not isinstance(value, str):
        return None
    if _ASCII_DAY.match(value):  # the usual value: read in C, the same date as below (tests check)
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    match = _DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def effective_date(resource: dict[str, Any], *names: str) -> dt.date | None:
    """The first date among the named [x] elements, reading `*DateTime`, `*Period.start` and `*Instant`."""
    for name in names:
        for key in _date_keys(name):
            value = resource.get(key)
            if isinstance(value, str):
                return to_date(value)
        period = resource.get(f"{name}Period")
        if isinstance(period, dict):
            return to_date(period.get("start"))
    return None


@cache
def _date_keys(name: str) -> tuple[str, ...]:
    # Names come from the mappers' code (a handful), so this holds a few entries for the process's life.
    return (f"{name}DateTime", f"{name}Instant", f"{name}Date", name)


def after_as_of(when: dt.date | None, context: Context) -> Skip | None:
    if when is not None and when > context.as_of:
        return Skip(f"dated {when.isoformat()}, after the assessment date {context.as_of.isoformat()}")
    return None


def is_derived(resource: dict[str, Any]) -> bool:
    """Whether the resource is one we derived from an assessment (re-derived on import, not read back)."""
    return _tagged(resource, DERIVED_TAG["code"])


def is_ours(resource: dict[str, Any]) -> bool:
    """Whether the resource holds case facts exported by fbss (its extensions then carry the exact facts)."""
    return _tagged(resource, CASE_TAG["code"])


def _tagged(resource: dict[str, Any], code: str) -> bool:
    meta = resource.get("meta")
    if not meta:
        return False
    tags = meta.get("tag") if isinstance(meta, dict) else None
    if not isinstance(tags, list):  # a malformed meta is only met on resources the schema check skipped
        return False
    for tag in tags:  # every resource passes here: a plain loop is cheapest
        if isinstance(tag, dict) and tag.get("system") == TAG_SYSTEM and tag.get("code") == code:
            return True
    return False


def validated(model: type[BaseModel], data: dict[str, Any]) -> BaseModel | Skip:
    """The model built from data, or a Skip naming the first field that does not fit the Case."""
    try:
        return model.model_validate(data)
    except (ValidationError, ValueError) as error:
        return Skip(f"does not fit the case: {_first_error(error)}")


def _first_error(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(error)
