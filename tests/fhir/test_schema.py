"""The compiled R4 schema check agrees with jsonschema on the official schema, and explains failures."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft6Validator

from fbss.fhir import schema


def _official_validator(official: dict[str, Any], kind: str) -> Draft6Validator:
    return Draft6Validator({"$ref": f"#/definitions/{kind}", "definitions": official["definitions"]})


def _examples(external: Path) -> list[dict[str, Any]]:
    found = []
    for path in sorted((external / "fhir-r4-official" / "examples").glob("*.json")):
        value = json.loads(path.read_text())
        if isinstance(value, dict) and value.get("resourceType") in schema.resource_types():
            found.append(value)
    return found


def test_shipped_schema_is_the_official_schema_without_descriptions(official_schema):
    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not (k == "description" and isinstance(v, str))}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    assert schema.r4_schema() == strip(official_schema)


def test_every_official_example_is_judged_as_jsonschema_judges_it(external, official_schema):
    examples = _examples(external)
    assert len(examples) > 600
    validators: dict[str, Draft6Validator] = {}
    for example in examples:
        kind = example["resourceType"]
        validator = validators.setdefault(kind, _official_validator(official_schema, kind))
        assert schema.is_valid(example) == validator.is_valid(example), example.get("id")


MUTATIONS = [
    ("unknown property", lambda r: r.update(colour="blue")),
    ("wrong type for id", lambda r: r.update(id=42)),
    ("id with a space", lambda r: r.update(id="a b")),
    ("bad meta.lastUpdated", lambda r: r.update(meta={"lastUpdated": "yesterday"})),
    ("string where an array belongs", lambda r: r.update(extension="x")),
    ("extension without url type", lambda r: r.update(extension=[{"url": 3}])),
    ("boolean as string", lambda r: r.update(implicitRules=True)),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_broken_resources_are_refused_by_both_validators(name, mutate, external, official_schema):
    for example in _examples(external)[::25]:
        broken = copy.deepcopy(example)
        mutate(broken)
        expected = _official_validator(official_schema, broken["resourceType"]).is_valid(broken)
        assert schema.is_valid(broken) == expected
        assert not schema.is_valid(broken)


def test_a_failure_names_its_json_path():
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": 1988}]},
    }
    problems = schema.errors(observation)
    assert [problem.path for problem in problems] == ["code.coding[0].code"]


def test_an_unknown_resource_type_is_refused_at_resource_type():
    assert schema.errors({"resourceType": "Spaceship"})[0].path == "resourceType"


def test_a_valid_resource_has_no_errors():
    assert schema.errors({"resourceType": "Patient", "id": "p1", "gender": "female"}) == []
