"""Validation of FHIR R4 resources against the official R4 JSON Schema (HL7, fhir.schema.json, 4.0.1).

The schema ships in `data/` with its `description` texts removed (they do not take part in validation).
jsonschema-rs (a compiled JSON Schema validator) does the checking: one validator for the whole schema answers
whether a resource conforms (its root `oneOf` over every resource type), and a validator per resource type,
built on the first failure of that type, names the failing JSON paths. Its regular expressions follow the
ECMA-262 dialect that JSON Schema specifies (Python's `re` differs: `$` also matches before a final newline, and
its whitespace class takes U+001C-U+001F but not U+FEFF). tests/fhir/test_schema.py checks that it agrees with
the reference implementation, `jsonschema`, on the official examples and on broken and mutated ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
import orjson

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
    _validator()
    resource_types()


def is_valid(resource: Any) -> bool:
    """Whether a resource (a parsed JSON object) conforms to the R4 schema of its resourceType."""
    if not isinstance(resource, dict):
        return False
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or kind not in resource_types():
        return False
    try:
        return bool(_validator().is_valid(resource))
    except ValueError:  # a string that is not Unicode text (a lone surrogate) cannot be JSON
        return False


def errors(resource: Any) -> list[SchemaError]:
    """Why a resource breaks the R4 schema; empty when it conforms."""
    if is_valid(resource):
        return []
    if not isinstance(resource, dict):
        return [SchemaError("", "a resource must be a JSON object")]
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or kind not in resource_types():
        return [SchemaError("resourceType", f"{kind!r} is not an R4 resource type")]
    broken_text = _first_non_unicode_string(resource, [])
    if broken_text is not None:
        return [SchemaError(json_path(broken_text), "is not valid Unicode text (a lone surrogate)")]
    found = [_schema_error(error) for error in _kind_validator(kind).iter_errors(resource)]
    return sorted(found, key=lambda error: error.path) or [
        SchemaError("", "does not conform to the R4 schema")
    ]


def json_path(parts: list[str | int]) -> str:
    """`['code', 'coding', 0, 'system']` -> `code.coding[0].system`."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_error(error: Any) -> SchemaError:
    message = str(error.message)
    if type(error.kind).__name__ == "OneOfNotValid" and isinstance(error.instance, dict):
        message = (
            f"contained resource {error.instance.get('resourceType')!r} does not conform to the R4 schema"
        )
    return SchemaError(json_path(list(error.instance_path)), message[:300])


def _first_non_unicode_string(node: Any, path: list[str | int]) -> list[str | int] | None:
    """The path to the first key or string that cannot be encoded as UTF-8, if any."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        here = [*path, key]
        if isinstance(key, str) and not _is_unicode(key):
            return here
        if isinstance(value, str):
            if not _is_unicode(value):
                return here
        elif (found := _first_non_unicode_string(value, here)) is not None:
            return found
    return None


def _is_unicode(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


@cache
def _validator() -> Any:
    """The whole schema: its root `oneOf` takes any one resource type."""
    return jsonschema_rs.Draft6Validator(r4_schema())


@cache
def _kind_validator(kind: str) -> Any:
    """One resource type's definition, which names the failing paths inside it (built on first use)."""
    return jsonschema_rs.Draft6Validator(
        {"$ref": f"#/definitions/{kind}", "definitions": r4_schema()["definitions"]}
    )
