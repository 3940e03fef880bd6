"""Each fast path of the import gives what the plain way gives: on the Synthea material, on the CDS Hooks
benchmark's record and on made-up edge cases."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from fbss.clinical import units
from fbss.clinical.case import Case, InstrumentResponse, LabResult, LabTest, Medication
from fbss.fhir import importer, read
from fbss.fhir.importer import LIST_FIELDS, MODEL_FIELDS, _as_dict, assemble, rough_key
from fbss.fhir.mappers import MAPPERS, observation
from fbss.fhir.mapping import Context, Part, Skip, coding_list, codings, to_date, validated
from tests.fhir.conftest import AS_OF

SYNTHEA = ("synthea-r4", "synthea-r4-chronic-pain", "synthea-bulk-ndjson-10")


def _plain_assemble(parts: list[Part], as_of: dt.date) -> Case:
    """The assembly as first written: every list entry compared by its JSON."""
    parts = sorted(parts, key=lambda part: part.position if part.position is not None else 1 << 30)
    lists: dict[str, list[Any]] = {}
    seen: set[tuple[str, str]] = set()
    singles: dict[str, tuple[dt.date, Any]] = {}
    models: dict[str, dict[str, Any]] = {}
    for part in parts:
        if part.target in LIST_FIELDS:
            key = (part.target, part.value.model_dump_json())
            if key not in seen:
                seen.add(key)
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


def _parts(resources: list[dict[str, Any]]) -> list[Part]:
    context = Context(as_of=AS_OF)
    found: list[Part] = []
    for resource in resources:
        mapper = MAPPERS.get(resource.get("resourceType", ""))
        if mapper is not None:
            found += [outcome for outcome in mapper(resource, context) if isinstance(outcome, Part)]
    return found


def _synthea_resources(external: Path) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = []
    for name in SYNTHEA:
        found, _refused = read.read_path(external / name)
        resources += [item.resource for item in found]
    return resources


def test_assembly_keeps_the_same_list_entries_as_comparing_every_json(external):
    parts = [part for part in _parts(_synthea_resources(external)) if part.target in LIST_FIELDS]
    assert len(parts) > 500
    doubled = parts + parts[::3]  # repeats, as a re-import or a record listing a fact twice gives
    assert assemble(doubled, AS_OF) == _plain_assemble(doubled, AS_OF)


def _lab(value: float, unit: str | None = "mg/L", day: int = 1) -> Part:
    return Part("labs", LabResult(test=LabTest.CRP, value=value, unit=unit, date=dt.date(2026, 1, day)))


EDGE_PARTS = [
    _lab(0.0),
    _lab(-0.0),  # the same number, another JSON
    _lab(4.0),
    _lab(4),
    _lab(4.0, None),
    _lab(4.0, day=2),
    Part("labs", LabResult(test=LabTest.ESR, value=4.0, date=dt.date(2026, 1, 1))),
    Part("instruments", InstrumentResponse(instrument="peg", answers={"1": 1, "2": 1, "3": 1})),
    Part("instruments", InstrumentResponse(instrument="peg", answers={"1": None, "2": 1, "3": 1})),
    Part("instruments", InstrumentResponse(instrument="peg", answers={"2": 1, "1": 1, "3": 1})),
    Part("medications", Medication(name="gabapentin", dose_mg_per_day=900)),
    Part("medications", Medication(name="gabapentin", dose_mg_per_day=900.0)),
    Part("medications", Medication(name="Gabapentin", dose_mg_per_day=900)),
]


@pytest.mark.parametrize("order", range(6))
def test_assembly_agrees_with_json_comparison_on_edge_cases(order):
    parts = list(itertools.chain(EDGE_PARTS, EDGE_PARTS[order::2]))
    if order % 2:
        parts.reverse()
    assert assemble(parts, AS_OF).model_dump_json() == _plain_assemble(parts, AS_OF).model_dump_json()


def test_entries_with_the_same_json_have_the_same_rough_key(external):
    parts = _parts(_synthea_resources(external)) + EDGE_PARTS
    by_json: dict[str, tuple[Any, ...]] = {}
    for part in parts:
        if part.target in LIST_FIELDS:
            key = (type(part.value), rough_key(part.value))
            assert by_json.setdefault(part.value.model_dump_json(), key) == key


_PLAIN_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _plain_to_date(value: Any) -> dt.date | None:
    """Reading a date with the pattern alone, as first written."""
    if not isinstance(value, str):
        return None
    match = _PLAIN_DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


MADE_UP_DATES = [
    "2026-11-02",
    "2026-11-02T10:00:00+01:00",
    "2026-02-29",
    "2024-02-29",
    "0000-01-01",
    "9999-12-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-32",
    "2026-1-02",
    "2026-11",
    "2026",
    "",
    " 2026-11-02",
    "2026-11-02 ",
    "20261102",
    "2026-W45-1",
    "+2026-11-02",
    "2026-11-0\u0663",  # an Arabic-Indic digit: a digit to the pattern, not to fromisoformat
    "\u0662\u0660\u0662\u0666-11-02",
    "2026\u201011\u201002",
    "2026-11-02\x00",
    None,
    20261102,
]


def test_dates_are_read_as_the_pattern_reads_them(external):
    hostile = json.loads((external / "hostile-input" / "blns.json").read_text())
    found = _synthea_resources(external)[::7]
    from_records = [value for resource in found for value in _date_strings(resource)]
    assert len(from_records) > 1000
    for value in [*MADE_UP_DATES, *hostile, *(f"2026-11-02{text}" for text in hostile), *from_records]:
        assert to_date(value) == _plain_to_date(value), value


def _date_strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _date_strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _date_strings(value)]
    return [node] if isinstance(node, str) and node[:1].isdigit() else []


def _plain_lab(resource: dict[str, Any], test: LabTest, note: str | None, when: Any) -> Any:
    """The lab mapping as first written: the unit checked before the LabResult is built."""
    quantity = observation._quantity(resource)
    if isinstance(quantity, Skip):
        return quantity
    value, unit = quantity
    try:
        units.conversion_factor(test.value, unit)
    except ValueError as error:
        return Skip(f"wrong unit: {error}")
    built = validated(LabResult, {"test": test, "value": value, "unit": unit, "date": when})
    return built if isinstance(built, Skip) else Part("labs", built, note=note)


LAB_QUANTITIES = [
    {"value": 4.0, "unit": "mg/L", "system": "http://unitsofmeasure.org", "code": "mg/L"},
    {"value": 4.0, "unit": "mg/dL"},
    {"value": 88.4, "unit": "umol/L"},
    {"value": 4.0, "unit": "furlong"},
    {"value": 4.0, "unit": ""},
    {"value": 4.0},
    {"value": -1.0, "unit": "mg/L"},
    {"value": 1e9, "unit": "mg/L"},
    {"value": 1e9, "unit": "mg/dL"},
    {"value": 0, "unit": "10*3/uL"},
    {"value": True, "unit": "mg/L"},
    {"unit": "mg/L"},
]


def test_a_lab_is_mapped_or_skipped_as_when_its_unit_was_checked_first(external):
    whens = [None, dt.date(2026, 1, 1)]
    for test, quantity, when in itertools.product(LabTest, LAB_QUANTITIES, whens):
        resource = {"resourceType": "Observation", "valueQuantity": quantity}
        assert observation._lab(resource, test, "note", when) == _plain_lab(resource, test, "note", when)
    labs = [r for r in _synthea_resources(external) if r["resourceType"] == "Observation"]
    for resource in labs:
        for test in LabTest:
            expected = _plain_lab(resource, test, None, dt.date(2026, 1, 1))
            assert observation._lab(resource, test, None, dt.date(2026, 1, 1)) == expected


def test_coding_list_is_the_list_of_codings(external):
    concepts: list[Any] = [None, "text", [], {}, {"text": "no coding"}, {"coding": []}, {"coding": [{}]}]
    for resource in _synthea_resources(external):
        concepts += [value for value in resource.values() if isinstance(value, dict) and "coding" in value]
    assert len(concepts) > 1000
    for concept in concepts:
        assert coding_list(concept) == list(codings(concept))


def _plain_import(resources: list[Any], check_unused: bool) -> Any:
    """import_resources as first written: every resource through read.from_json."""
    found: list[read.Found] = []
    refused: list[Any] = []
    for index, resource in enumerate(resources):
        where = f"resource[{index}]"
        if not check_unused and importer._unused(resource):
            found.append(read.Found(where, resource))
            continue
        more, errors = read.from_json(where, resource)
        found.extend(more)
        refused.extend(errors)
    return importer.import_found(found, refused, AS_OF)


def _summary(result: Any) -> Any:
    cases = [(p.patient, p.case.model_dump_json() if p.case else None, p.report) for p in result.patients]
    return cases, result.report


@pytest.mark.parametrize("check_unused", [True, False])
def test_valid_resources_are_taken_as_read_from_json_takes_them(external, check_unused):
    examples = sorted((external / "fhir-r4-official" / "examples").glob("*.json"))[::5]
    resources: list[Any] = [json.loads(path.read_text()) for path in examples]
    resources += _synthea_resources(external)[::10]
    resources += [None, [], "Patient", {}, {"resourceType": 3}, {"resourceType": "Spaceship"}]
    resources += [{"resourceType": "Patient", "id": "a b"}, {"resourceType": "Bundle", "type": "collection"}]
    resources.append({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": resources[-4]}]})
    plain = _summary(_plain_import(resources, check_unused))
    assert _summary(importer.import_resources(resources, AS_OF, check_unused=check_unused)) == plain
