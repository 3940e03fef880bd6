"""The R4 schema check (jsonschema-rs) agrees with jsonschema, the reference, on the official schema and examples,
reads patterns as ECMA-262 does, and explains failures."""

from __future__ import annotations

import copy
import itertools
import json
import random
import re
import sys
import unicodedata
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


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a resource (object keys and array positions), the root excluded."""
    found: list[tuple[Any, ...]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found.append((*path, key))
        found += _places(value, (*path, key))
    return found


def _replace(resource: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    parent = resource
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value


# Values put in place of a nested one: each breaks some element types and fits others (a string, a number, a
# boolean, an object, an array, a date, a code with a space, an empty string, a lone object key).
NESTED_REPLACEMENTS = ["text", 3, 2.5, True, {"unknown": 1}, [], ["text"], [{}], "2026-13-01", "a  b", "", {}]


def test_nested_changes_anywhere_in_a_resource_are_judged_as_jsonschema_judges_them(
    external, official_schema
):
    rng = random.Random(20261102)
    validators: dict[str, Draft6Validator] = {}
    checked = 0
    for example in _examples(external)[::9]:
        places = [p for p in _places(example) if p != ("resourceType",)]
        kind = example["resourceType"]
        validator = validators.setdefault(kind, _official_validator(official_schema, kind))
        for path in rng.sample(places, min(5, len(places))):
            changed = copy.deepcopy(example)
            _replace(changed, path, rng.choice(NESTED_REPLACEMENTS))
            assert schema.is_valid(changed) == validator.is_valid(changed), (example.get("id"), path)
            checked += 1
    assert checked > 300


def test_a_contained_resource_whose_type_is_not_a_string_is_refused_not_a_crash():
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "contained": [{"resourceType": {"unknown": 1}}],
    }
    assert not schema.is_valid(observation)
    assert schema.errors(observation)


# JSON Schema's patterns are ECMA-262 regular expressions. There `\s` is WhiteSpace and LineTerminator: tab,
# vertical tab, form feed, space, no-break space, the byte order mark, every space separator (Zs), line feed,
# carriage return, and the line and paragraph separators (ECMA-262, 5.1, sections 7.2 and 7.3). Python's `re`
# differs in both directions, so the three patterns most values meet are restated here as plain rules.
ECMA_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
    + "".join(chr(point) for point in range(0x2000, 0x200B))
)


def _text_fits(text: str) -> bool:  # ^[ \r\n\t\S]+$
    return text != "" and all(c in " \r\n\t" or c not in ECMA_WHITESPACE for c in text)


def _uri_fits(text: str) -> bool:  # ^\S*$
    return not any(c in ECMA_WHITESPACE for c in text)


def _code_fits(text: str) -> bool:  # ^[^\s]+(\s[^\s]+)*$
    spaces = [c in ECMA_WHITESPACE for c in text]
    return (
        text != ""
        and not spaces[0]
        and not spaces[-1]
        and not any(a and b for a, b in itertools.pairwise(spaces))
    )


def test_the_whitespace_set_holds_every_space_separator():
    separators = {chr(p) for p in range(sys.maxunicode + 1) if unicodedata.category(chr(p)) == "Zs"}
    assert separators <= ECMA_WHITESPACE


def _strings_to_try(external: Path) -> list[str]:
    hostile = json.loads((external / "hostile-input" / "blns.json").read_text())
    whitespace = sorted(
        ECMA_WHITESPACE | {chr(p) for p in range(sys.maxunicode + 1) if re.match(r"\s", chr(p))}
    )
    pieces = [
        "",
        "a",
        "ab",
        "x y",
        "\u00e9t\u00e9",
        "http://loinc.org",
        "1988-5",
        "\u2603",
        "\x00",
        "\x7f",
        "\x85",
        *whitespace,
    ]
    rng = random.Random(7)
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(4000)]
    edges = [f"{a}{b}{c}" for a in ("", " ", "\n") for b in ("", "a", "a b", "a  b") for c in ("", " ", "\n")]
    return [*hostile, *made, *edges]


@pytest.mark.parametrize(
    ("kind", "fits"),
    [("string", _text_fits), ("uri", _uri_fits), ("code", _code_fits)],
    ids=["string", "uri", "code"],
)
def test_string_patterns_are_read_in_the_ecma_262_dialect(kind, fits, external):
    field = {"string": "language", "uri": "implicitRules", "code": "language"}[kind]
    for text in _strings_to_try(external):
        resource: dict[str, Any] = {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}
        if kind == "string":
            resource["code"] = {"text": text}  # CodeableConcept.text is a string
        else:
            resource[field] = text  # Observation.implicitRules is a uri, Observation.language a code
        assert schema.is_valid(resource) == fits(text), repr(text)


def test_a_lone_surrogate_is_refused_at_its_path():
    observation = {"resourceType": "Observation", "status": "final", "code": {"text": "a\ud800b"}}
    assert not schema.is_valid(observation)
    assert [problem.path for problem in schema.errors(observation)] == ["code.text"]
