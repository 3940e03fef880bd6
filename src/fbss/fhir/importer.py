"""FHIR R4 in: resources -> one Case per patient, with a report of what was mapped, skipped and refused.

Deterministic and keyed by resource identity: a resource seen twice (same type and id, or same fullUrl) is
mapped once, parts keep the order of the input, and `merge` adds only what a case does not already hold, so
importing the same data twice yields the same Case.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from fbss.clinical.case import Case
from fbss.fhir import read, schema
from fbss.fhir.mappers import DEFINITIONS, MAPPERS
from fbss.fhir.mapping import Context, Part, Skip, is_derived, is_ours, to_date
from fbss.fhir.report import ImportReport, Mapped, Refused, Skipped

LIST_FIELDS = frozenset(
    name for name, info in Case.model_fields.items() if str(info.annotation).startswith("tuple")
)
MODEL_FIELDS = frozenset({"red_flags", "exam", "conditions", "psychosocial", "scs"})
_PATIENT_REFERENCES = ("subject", "patient")
_POSITION = re.compile(r"-(\d+)$")
_LAST = 1 << 30


@dataclass(slots=True)
class PatientImport:
    """The Case built for one patient (None when the mapped facts do not form a valid Case) and its report."""

    patient: str
    case: Case | None
    report: ImportReport = field(default_factory=ImportReport)


@dataclass(slots=True)
class ImportResult:
    patients: list[PatientImport]
    report: ImportReport  # what belongs to no patient: refusals, definitions, unsupported resources

    @property
    def cases(self) -> list[Case]:
        return [item.case for item in self.patients if item.case is not None]


def import_path(path: Path, as_of: dt.date, order_codes: dict[str, str] | None = None) -> ImportResult:
    """Import a Bundle, a resource file or a Bulk Data export folder."""
    found, refused = read.read_path(path)
    result = import_found(found, refused, as_of, order_codes)
    for log in read.export_logs(path):
        result.report.skipped.append(Skipped(log.name, log.name, "Bulk Data export log, not FHIR resources"))
    return result


def import_resources(
    resources: Iterable[dict[str, Any]],
    as_of: dt.date,
    order_codes: dict[str, str] | None = None,
    *,
    check_unused: bool = True,
) -> ImportResult:
    """Import already-parsed resources, each checked against the R4 schema first. With `check_unused=False`
    (the CDS Hooks service) resources of a type no mapper reads are skipped unchecked, as unsupported."""
    found: list[read.Found] = []
    refused: list[Refused] = []
    for index, resource in enumerate(resources):
        where = f"resource[{index}]"
        if (not check_unused and _unused(resource)) or _plain_valid(resource):
            found.append(read.Found(where, resource))
            continue
        more, errors = read.from_json(where, resource)  # a Bundle to open, or the errors to name
        found.extend(more)
        refused.extend(errors)
    return import_found(found, refused, as_of, order_codes)


def _plain_valid(resource: Any) -> bool:
    """A valid resource other than a Bundle: what `read.from_json` returns as it is (the usual case)."""
    return (
        isinstance(resource, dict) and resource.get("resourceType") != "Bundle" and schema.is_valid(resource)
    )


def _unused(resource: Any) -> bool:
    """An R4 resource of a type no mapper reads: it can only be skipped, whatever its content."""
    if not isinstance(resource, dict):
        return False
    kind = resource.get("resourceType")
    return (
        isinstance(kind, str)
        and kind not in MAPPERS
        and kind not in DEFINITIONS
        and kind != "Bundle"
        and kind in schema.resource_types()
    )


def import_found(
    found: list[read.Found], refused: list[Refused], as_of: dt.date, order_codes: dict[str, str] | None = None
) -> ImportResult:
    general = ImportReport(refused=list(refused))
    context = Context(as_of=as_of, order_codes=dict(order_codes or {}))
    unique = _unique(found, general)
    _collect_definitions(unique, context)
    patients = _patient_keys(unique)
    grouped: dict[str, list[tuple[read.Found, str]]] = {key: [] for key in dict.fromkeys(patients.values())}
    for item, key in unique:
        kind = item.resource["resourceType"]
        derived = is_derived(item.resource)
        if kind in MAPPERS and kind != "Patient" and item.search_mode != "outcome" and not derived:
            owner = _owner(item.resource, patients)  # the usual resource: one of a patient's facts
        elif derived:
            general.skipped.append(Skipped(item.where, key, "derived by an fbss assessment"))
            continue
        elif item.search_mode == "outcome" or kind == "OperationOutcome":
            general.skipped.append(Skipped(item.where, key, "OperationOutcome: search or server message"))
            continue
        elif kind in DEFINITIONS:
            general.skipped.append(Skipped(item.where, key, f"{kind}: a definition, used while mapping"))
            continue
        elif kind not in MAPPERS:
            general.skipped.append(Skipped(item.where, key, f"unsupported resource type {kind}"))
            continue
        else:
            owner = patients.get(_own_key(item))
        if owner is None:
            general.skipped.append(Skipped(item.where, key, "no patient in the input it belongs to"))
        else:
            grouped.setdefault(owner, []).append((item, key))
    results = [_import_patient(key, items, context) for key, items in grouped.items()]
    return ImportResult(results, general)


def recorded_assessment_date(found: Iterable[read.Found]) -> dt.date | None:
    """The assessment date an fbss export recorded (its Provenance), so a re-import is as of the same day."""
    for item in found:
        resource = item.resource
        if resource["resourceType"] == "Provenance" and is_derived(resource):
            return to_date(resource.get("occurredDateTime"))
    return None


def merge(case: Case, imported: Case) -> Case:
    """Add imported facts to a case: new list entries are appended, set single values replace unset ones."""
    data = case.model_dump()
    full = imported.model_dump()
    incoming = imported.model_dump(exclude_defaults=True)
    for name, value in incoming.items():
        if name in LIST_FIELDS:
            data[name] = list(data[name]) + [entry for entry in full[name] if entry not in data[name]]
        elif name in MODEL_FIELDS and isinstance(data.get(name), dict):
            data[name] = {**data[name], **value}
        elif name != "assessment_date":
            data[name] = value
    return Case.model_validate(data)


def identity(item: read.Found) -> str:
    """`Type/id`, else the fullUrl, else a digest of the content: the key that makes a re-import a no-op."""
    resource = item.resource
    if resource.get("id"):
        return f"{resource['resourceType']}/{resource['id']}"
    if item.full_url:
        return item.full_url
    digest = hashlib.sha256(orjson.dumps(resource, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]
    return f"{resource['resourceType']}#{digest}"


def _unique(found: list[read.Found], report: ImportReport) -> list[tuple[read.Found, str]]:
    """Each resource once, with its identity: of two versions of one resource the newer is kept (in the place
    of the first read), whatever the order of the input, and the report says which was replaced."""
    seen: dict[str, int] = {}
    unique: list[tuple[read.Found, str]] = []
    for item in found:
        key = identity(item)
        index = seen.get(key)
        if index is None:
            seen[key] = len(unique)
            unique.append((item, key))
            continue
        kept = unique[index][0]
        if _newer(item.resource, kept.resource):
            unique[index] = (item, key)
            report.skipped.append(
                Skipped(
                    kept.where,
                    key,
                    f"an older version ({_version(kept.resource)}): replaced by "
                    f"the newer one ({_version(item.resource)}) at {item.where}",
                )
            )
        elif _newer(kept.resource, item.resource):
            report.skipped.append(
                Skipped(
                    item.where,
                    key,
                    f"an older version ({_version(item.resource)}): the newer one "
                    f"({_version(kept.resource)}) at {kept.where} is used",
                )
            )
        else:
            report.skipped.append(Skipped(item.where, key, "the same resource again: mapped once"))
    return unique


def _newer(resource: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether `resource` is a later version of the same resource than `other`.

    FHIR R4 Resource.meta.versionId changes each time the content changes and meta.lastUpdated is when it last
    changed (https://hl7.org/fhir/R4/resource.html#Meta). versionId is opaque in R4: it is compared as a number
    only when both are whole numbers (the usual server practice); otherwise the later lastUpdated wins. When
    neither tells, they count as the same version (the first read is kept)."""
    mine, theirs = _meta(resource), _meta(other)
    version, other_version = str(mine.get("versionId", "")), str(theirs.get("versionId", ""))
    if version.isdigit() and other_version.isdigit() and int(version) != int(other_version):
        return int(version) > int(other_version)
    updated, other_updated = _instant(mine.get("lastUpdated")), _instant(theirs.get("lastUpdated"))
    return updated is not None and other_updated is not None and updated > other_updated


def _meta(resource: dict[str, Any]) -> dict[str, Any]:
    meta = resource.get("meta")
    return meta if isinstance(meta, dict) else {}


def _instant(value: Any) -> dt.datetime | None:
    """A FHIR instant (always with its zone) as an aware datetime, else None."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _version(resource: dict[str, Any]) -> str:
    meta = _meta(resource)
    said = [f"{name} {meta[name]}" for name in ("versionId", "lastUpdated") if meta.get(name)]
    return ", ".join(said) or "no meta.versionId or lastUpdated"


def _collect_definitions(found: list[tuple[read.Found, str]], context: Context) -> None:
    targets = {"Questionnaire": context.questionnaires, "Medication": context.medications}
    for item, _key in found:
        resource = item.resource
        target = targets.get(resource["resourceType"])
        if target is None:
            continue
        for key in (f"{resource['resourceType']}/{resource.get('id')}", item.full_url, resource.get("url")):
            if key:
                target.setdefault(str(key).split("|", 1)[0], resource)


def _own_key(item: read.Found) -> str:
    return f"Patient/{item.resource['id']}" if item.resource.get("id") else str(item.full_url)


def _patient_keys(found: list[tuple[read.Found, str]]) -> dict[str, str]:
    """Every way the input refers to each patient -> that patient's key."""
    keys: dict[str, str] = {}
    for item, _key in found:
        if item.resource["resourceType"] != "Patient":
            continue
        key = _own_key(item)
        keys[key] = key
        if item.full_url:
            keys[item.full_url] = key
    return keys


def _owner(resource: dict[str, Any], patients: dict[str, str]) -> str | None:
    for name in _PATIENT_REFERENCES:
        holder = resource.get(name)
        reference = holder.get("reference") if isinstance(holder, dict) else None
        if not reference:
            continue
        if reference in patients:
            return patients[reference]
        tail = "/".join(reference.rstrip("/").split("/")[-2:])
        if tail in patients:
            return patients[tail]
    return None


def _import_patient(key: str, items: list[tuple[read.Found, str]], context: Context) -> PatientImport:
    report = ImportReport()
    parts: list[Part] = []
    for item, resource_key in items:
        resource = item.resource
        position = _export_position(resource)
        for outcome in MAPPERS[resource["resourceType"]](resource, context):
            if isinstance(outcome, Skip):
                report.skipped.append(Skipped(item.where, resource_key, outcome.reason))
                continue
            if position is not None:
                outcome = Part(outcome.target, outcome.value, outcome.when, outcome.note, position)
            parts.append(outcome)
            report.mapped.append(Mapped(item.where, resource_key, outcome.target, outcome.note))
    try:
        case: Case | None = assemble(parts, context.as_of)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        report.refused.append(
            Refused(key, where, f"the mapped facts do not form a valid case: {first['msg']}")
        )
        case = None
    return PatientImport(key, case, report)


def _export_position(resource: dict[str, Any]) -> int | None:
    """The list index in an fbss export's resource id (`<patient>-<part>-<index>`), for our resources only."""
    if not is_ours(resource):
        return None
    match = _POSITION.search(str(resource.get("id", "")))
    return int(match.group(1)) if match else None


def assemble(parts: Iterable[Part], as_of: dt.date) -> Case:
    """A Case from mapped parts: lists in input order (fbss exports: their own order) without repeats; the
    latest dated single value wins."""
    parts = sorted(parts, key=lambda part: part.position if part.position is not None else _LAST)
    lists: dict[str, list[Any]] = {}
    seen: dict[tuple[Any, ...], list[Any]] = {}
    singles: dict[str, tuple[dt.date, Any]] = {}
    models: dict[str, dict[str, Any]] = {}
    for part in parts:
        if part.target in LIST_FIELDS:
            if _first_time(part.target, part.value, seen):
                lists.setdefault(part.target, []).append(part.value)
        elif part.target in MODEL_FIELDS:
            models[part.target] = {**models.get(part.target, {}), **_as_dict(part.value)}
        else:
            when = part.when or dt.date.min
            if part.target not in singles or when >= singles[part.target][0]:
                singles[part.target] = (when, part.value)
    data: dict[str, Any] = {"assessment_date": as_of}
    data.update({name: value for name, (_when, value) in singles.items()})
    data.update(models)
    data.update(lists)
    return Case.model_validate(data)


def _first_time(target: str, value: BaseModel, seen: dict[tuple[Any, ...], list[Any]]) -> bool:
    """Whether no list entry before this one has the same JSON (the Case stores lists without repeats).

    Making the JSON of every entry costs more than the rest of the assembly, so entries are first grouped by a
    rough key that is equal whenever their JSON is (see `rough_key`); the JSON is only made, once per entry,
    for entries that share a group.
    """
    key = (target, *rough_key(value))
    group = seen.get(key)
    if group is None:
        seen[key] = [value]
        return True
    text = value.model_dump_json()
    for index, other in enumerate(group):
        if not isinstance(other, str):
            other = group[index] = other.model_dump_json()
        if other == text:
            return False
    group.append(text)
    return True


def rough_key(value: BaseModel) -> tuple[Any, ...]:
    """The values of the model's text, enumeration and date fields: two entries with the same JSON have the
    same rough key (these types each have one JSON spelling per value); the converse need not hold."""
    return _rough_fields(type(value))(value)


@cache
def _rough_fields(model: type[BaseModel]) -> Callable[[BaseModel], tuple[Any, ...]]:
    names = [name for name, info in model.model_fields.items() if _plain_type(info.annotation)]
    if not names:
        return lambda value: ()
    read = attrgetter(*names)
    if len(names) == 1:
        return lambda value: (read(value),)
    return read


def _plain_type(annotation: Any) -> bool:
    """A str, a str enumeration or a date (not a datetime), optional or not: equal JSON means equal values."""
    options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(options) == 1:
        annotation = options[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return (
        annotation is str
        or annotation is dt.date
        or (isinstance(annotation, type) and issubclass(annotation, StrEnum))
    )


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_defaults=True)
    return dict(value)
