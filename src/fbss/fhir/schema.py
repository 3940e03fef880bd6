"""Validation of FHIR R4 resources against the official R4 JSON Schema (HL7, fhir.schema.json, 4.0.1).

The schema ships in `data/` with its `description` texts removed (they do not take part in validation). The hot
path compiles the few keywords the schema uses ($ref, type, properties, additionalProperties, required, items,
pattern, enum, const, oneOf) into plain Python checks; only when a resource fails does `jsonschema` run, to name
the failing JSON path and the reason. tests/fhir/test_schema.py checks that both always agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import orjson

Check = Callable[[Any], bool]
SCHEMA_ID = "http://hl7.org/fhir/json-schema/4.0"


@dataclass(frozen=True, slots=True)
class SchemaError:
    """Where a resource breaks the R4 schema (a JSON path such as `code.coding[0].system`) and why."""

    path: str
    message: str


@cache
def r4_schema() -> dict[str, Any]:
    """The official R4 JSON Schema (descriptions removed)."""
    text = resources.files("fbss.fhir").joinpath("data/fhir-r4.schema.json").read_bytes()
    schema: dict[str, Any] = orjson.loads(text)
    return schema


@cache
def resource_types() -> frozenset[str]:
    """Every resource type R4 defines."""
    refs = r4_schema()["definitions"]["ResourceList"]["oneOf"]
    return frozenset(ref["$ref"].rsplit("/", 1)[-1] for ref in refs)


def prepare() -> None:
    """Load and compile the schema now (at startup) rather than on the first resource checked."""
    _compiled()
    resource_types()


def is_valid(resource: Any) -> bool:
    """Whether a resource (a parsed JSON object) conforms to the R4 schema of its resourceType."""
    if not isinstance(resource, dict):
        return False
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or kind not in resource_types():
        return False
    return _compiled()[kind](resource)


def errors(resource: Any) -> list[SchemaError]:
    """Why a resource breaks the R4 schema; empty when it conforms."""
    if is_valid(resource):
        return []
    if not isinstance(resource, dict):
        return [SchemaError("", "a resource must be a JSON object")]
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or kind not in resource_types():
        return [SchemaError("resourceType", f"{kind!r} is not an R4 resource type")]
    found = [_schema_error(error) for error in _explaining_validator(kind).iter_errors(resource)]
    return sorted(found, key=lambda error: error.path) or [
        SchemaError("", "does not conform to the R4 schema")
    ]


def json_path(parts: Iterator[str | int] | list[str | int]) -> str:
    """`['code', 'coding', 0, 'system']` -> `code.coding[0].system`."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_error(error: Any) -> SchemaError:
    message = str(error.message)
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        message = (
            f"contained resource {error.instance.get('resourceType')!r} does not conform to the R4 schema"
        )
    return SchemaError(json_path(list(error.absolute_path)), message[:300])


@cache
def _explaining_validator(kind: str) -> Any:
    from jsonschema import Draft6Validator  # only needed to explain a failure

    schema = {"$ref": f"#/definitions/{kind}", "definitions": r4_schema()["definitions"]}
    return Draft6Validator(schema)


# --- the compiled checks ----------------------------------------------------------------------------------


@cache
def _compiled() -> dict[str, Check]:
    definitions: dict[str, Any] = r4_schema()["definitions"]
    table: dict[str, Check] = {}
    for name in definitions:
        _definition(name, definitions, table)
    return table


def _definition(name: str, definitions: dict[str, Any], table: dict[str, Check]) -> Check:
    """The check of one definition, compiled once; a definition that refers to itself goes through the table."""
    if name in table:
        return table[name]
    table[name] = lambda value: table[name](value)  # placeholder while compiling (recursive definitions)
    table[name] = _compile(definitions[name], table)
    return table[name]


def _compile(node: dict[str, Any], table: dict[str, Check]) -> Check:
    checks: list[Check] = []
    if "$ref" in node:
        checks.append(_ref(node["$ref"].rsplit("/", 1)[-1], table))
    if node.get("type") == "string" and "pattern" in node:
        search = re.compile(node["pattern"]).search
        checks.append(lambda value: isinstance(value, str) and search(value) is not None)
    else:
        if "type" in node:
            checks.append(_type(node["type"]))
        if "pattern" in node:
            checks.append(_pattern(node["pattern"]))
    if "enum" in node:
        checks.append(_enum(node["enum"]))
    if "const" in node:
        checks.append(_const(node["const"]))
    if "items" in node:
        checks.append(_items(_compile(node["items"], table)))
    if "properties" in node or "additionalProperties" in node or "required" in node:
        checks.append(_object(node, table))
    if "oneOf" in node:
        checks.append(_one_of(node["oneOf"], table))
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    return lambda value: all(check(value) for check in checks)


def _ref(name: str, table: dict[str, Check]) -> Check:
    # A definition still being compiled is its placeholder, which looks the final check up when called.
    return table[name] if name in table else _definition(name, r4_schema()["definitions"], table)


_JSON_TYPES: dict[str, Check] = {
    "string": lambda value: isinstance(value, str),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


def _type(name: str) -> Check:
    return _JSON_TYPES[name]


def _pattern(pattern: str) -> Check:
    search = re.compile(pattern).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _enum(values: list[Any]) -> Check:
    if all(isinstance(value, str) for value in values):
        allowed = frozenset(values)
        return lambda value: isinstance(value, str) and value in allowed
    return lambda value: any(_json_equal(value, option) for option in values)


def _const(expected: Any) -> Check:
    return lambda value: _json_equal(value, expected)


def _json_equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return bool(left == right)


def _items(check: Check) -> Check:
    def items(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        for item in value:  # noqa: SIM110 - a plain loop beats all() over a generator on this hot path
            if not check(item):
                return False
        return True

    return items


def _object(node: dict[str, Any], table: dict[str, Check]) -> Check:
    properties = {key: _compile(sub, table) for key, sub in node.get("properties", {}).items()}
    closed = node.get("additionalProperties") is False
    required = tuple(node.get("required", ()))

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            prop = properties.get(key)
            if prop is None:
                if closed:
                    return False
            elif not prop(item):
                return False
        for key in required:  # noqa: SIM110 - hot path, as above
            if key not in value:
                return False
        return True

    return check


def _one_of(options: list[dict[str, Any]], table: dict[str, Check]) -> Check:
    names = [option.get("$ref", "").rsplit("/", 1)[-1] for option in options]
    definitions = r4_schema()["definitions"]
    discriminated = all(
        name in definitions and "const" in definitions[name].get("properties", {}).get("resourceType", {})
        for name in names
    )
    if discriminated:
        # Each option fixes resourceType with `const`, so at most one can match: dispatch on it.
        allowed = frozenset(names)
        return lambda value: (
            isinstance(value, dict)
            and value.get("resourceType") in allowed
            and table[value["resourceType"]](value)
        )
    compiled = [_compile(option, table) for option in options]
    return lambda value: sum(1 for check in compiled if check(value)) == 1
