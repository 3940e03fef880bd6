"""import_resources: what is checked against the schema, what is skipped unchecked, and that both give one Case."""

from __future__ import annotations

from typing import Any

from fbss.fhir.importer import import_resources
from tests.fhir.conftest import AS_OF

SUBJECT = {"reference": "Patient/p1"}


def _record() -> list[dict[str, Any]]:
    return [
        {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1970-05-01"},
        {
            "resourceType": "Observation",
            "id": "crp-1",
            "status": "final",
            "subject": SUBJECT,
            "code": {"coding": [{"system": "http://loinc.org", "code": "1988-5"}]},
            "valueQuantity": {
                "value": 12,
                "unit": "mg/L",
                "system": "http://unitsofmeasure.org",
                "code": "mg/L",
            },
            "effectiveDateTime": "2026-10-01",
        },
    ]


def _unused_and_broken() -> list[dict[str, Any]]:
    return [
        {"resourceType": "Encounter", "id": "e1", "status": 5, "subject": SUBJECT},
        {"resourceType": "Encounter", "meta": "not an object", "class": []},
        {"resourceType": "Immunization", "id": "i1", "meta": {"tag": 7}},
        {"resourceType": "Claim", "meta": {"tag": ["a", 1, {"code": "derived"}]}},
    ]


def test_unused_types_that_break_the_schema_are_skipped_unchecked_when_asked():
    result = import_resources(_record() + _unused_and_broken(), AS_OF, check_unused=False)
    assert not result.report.refused
    reasons = [skip.reason for skip in result.report.skipped]
    assert reasons.count("unsupported resource type Encounter") == 2
    assert "unsupported resource type Immunization" in reasons
    assert "unsupported resource type Claim" in reasons


def test_unused_types_that_break_the_schema_are_refused_by_default():
    result = import_resources(_record() + _unused_and_broken(), AS_OF)
    refused = {item.where for item in result.report.refused}
    assert refused == {"resource[2]", "resource[4]", "resource[5]"}  # resource[3] is valid R4 JSON


def test_skipping_unused_types_unchecked_gives_the_same_case():
    checked = import_resources(_record() + _unused_and_broken(), AS_OF).cases
    unchecked = import_resources(_record() + _unused_and_broken(), AS_OF, check_unused=False).cases
    assert checked == unchecked
    assert [lab.test.value for lab in unchecked[0].labs] == ["crp"]


def test_a_mapped_type_that_breaks_the_schema_is_still_refused_when_unused_types_are_not_checked():
    broken = _record()
    broken[1]["valueQuantity"]["value"] = "high"
    result = import_resources(broken, AS_OF, check_unused=False)
    assert {(item.where, item.path) for item in result.report.refused} == {
        ("resource[1]", "valueQuantity.value")
    }
    assert result.cases[0].labs == ()


def test_definitions_and_non_r4_types_are_still_checked_when_unused_types_are_not():
    inputs = [
        *_record(),
        {"resourceType": "Medication", "id": "m1", "code": {"coding": [{"code": 5}]}},
        {"resourceType": "Questionnaire", "status": 3},
        {"resourceType": "Frobnicator", "id": "f1"},
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": {"resourceType": "Encounter"}}],
        },
    ]
    result = import_resources(inputs, AS_OF, check_unused=False)
    refused = {item.where.split(" ")[0] for item in result.report.refused}
    assert refused == {"resource[2]", "resource[3]", "resource[4]", "resource[5]"}
