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
#
# Each definition becomes one Python function. An object's properties are a table of (kind, argument) read in
# one loop, so the common leaves (a string with its pattern, an array of some type, a code from an enum) are
# checked inline rather than through a function call each; references point straight at the final check of
# the definition once all are compiled (no lookup through a placeholder on every call).

_CHECK, _PATTERN, _ARRAY, _ENUM, _TEXT, _URI, _CODE = range(7)  # how a property is checked: see _object
Entry = list[Any]  # [kind, argument], mutable until references are resolved

# The three string patterns most values meet (string and markdown; uri, url and canonical; code). In a printable
# string the only whitespace is the space (tests check every code point), so for printable strings each pattern
# reduces to a test on spaces, made in C; any other string goes to the regular expression itself.
TEXT_PATTERN = r"^[ \r\n\t\S]+$"
URI_PATTERN = r"^\S*$"
CODE_PATTERN = r"^[^\s]+(\s[^\s]+)*$"
_FAST_KINDS = {TEXT_PATTERN: _TEXT, URI_PATTERN: _URI, CODE_PATTERN: _CODE}


def _text_fits(value: str, search: Callable[[str], Any]) -> bool:
    return value != "" if value.isprintable() else search(value) is not None


def _uri_fits(value: str, search: Callable[[str], Any]) -> bool:
    return " " not in value if value.isprintable() else search(value) is not None


def _code_fits(value: str, search: Callable[[str], Any]) -> bool:
    if value.isprintable():
        return value != "" and value[0] != " " and value[-1] != " " and "  " not in value
    return search(value) is not None


def string_check(pattern: str) -> Check:
    """A string matching the pattern (the common FHIR patterns through their fast test)."""
    search = re.compile(pattern).search
    fits = {TEXT_PATTERN: _text_fits, URI_PATTERN: _uri_fits, CODE_PATTERN: _code_fits}.get(pattern)
    if fits is None:
        return lambda value: isinstance(value, str) and search(value) is not None
    return lambda value: isinstance(value, str) and fits(value, search)


def _string_entry(pattern: str) -> Entry:
    return [_FAST_KINDS.get(pattern, _PATTERN), re.compile(pattern).search]


@cache
def _compiled() -> dict[str, Check]:
    definitions: dict[str, Any] = r4_schema()["definitions"]
    compiler = _Compiler(definitions)
    for name in definitions:
        compiler.definition(name)
    compiler.resolve()
    return compiler.table


class _Compiler:
    def __init__(self, definitions: dict[str, Any]) -> None:
        self.definitions = definitions
        self.table: dict[str, Check] = {}
        self.pending: list[tuple[Entry, str]] = []  # entries whose argument is a definition's final check

    def definition(self, name: str) -> Check:
        """The check of one definition, compiled once; a definition that refers to itself goes through the
        table until `resolve` points every reference at the final check."""
        if name in self.table:
            return self.table[name]
        table = self.table
        table[name] = lambda value: table[name](value)  # placeholder while compiling (recursive definitions)
        table[name] = self.node(self.definitions[name])
        return table[name]

    def resolve(self) -> None:
        for entry, name in self.pending:
            entry[1] = self.table[name]
        self.pending.clear()

    def node(self, node: dict[str, Any]) -> Check:
        checks: list[Check] = []
        if "$ref" in node:
            checks.append(self.definition(_ref_name(node["$ref"])))
        if node.get("type") == "string" and "pattern" in node:
            checks.append(string_check(node["pattern"]))
        else:
            if "type" in node:
                checks.append(_type(node["type"]))
            if "pattern" in node and "type" not in node:  # a pattern constrains strings only: with a type
                checks.append(_pattern(node["pattern"]))  # other than string it can never fail
        if "enum" in node:
            checks.append(_enum(node["enum"]))
        if "const" in node:
            checks.append(_const(node["const"]))
        if "items" in node:
            checks.append(_items(self.node(node["items"])))
        if "properties" in node or "additionalProperties" in node or "required" in node:
            checks.append(self.object(node))
        if "oneOf" in node:
            checks.append(self.one_of(node["oneOf"]))
        return _all_of(checks)

    def entry(self, node: dict[str, Any]) -> Entry:
        """How one property is checked inside its object's loop."""
        keys = node.keys()
        if keys == {"$ref"}:
            return self.reference(_ref_name(node["$ref"]))
        if keys == {"type", "pattern"} and node["type"] == "string":
            return _string_entry(node["pattern"])
        if keys == {"enum"} and all(isinstance(option, str) for option in node["enum"]):
            return [_ENUM, frozenset(node["enum"])]
        if keys == {"type", "items"} and node["type"] == "array":
            inner = node["items"]
            if inner.keys() == {"$ref"}:
                name = _ref_name(inner["$ref"])
                pattern = self.string_pattern(name)
                if pattern is not None:
                    return [_ARRAY, string_check(pattern)]
                entry: Entry = [_ARRAY, self.definition(name)]
                self.pending.append((entry, name))
                return entry
            return [_ARRAY, self.node(inner)]
        return [_CHECK, self.node(node)]

    def string_pattern(self, name: str) -> str | None:
        """The pattern of a definition that is a string with a pattern and nothing else."""
        target = self.definitions[name]
        if target.keys() == {"type", "pattern"} and target["type"] == "string":
            return str(target["pattern"])
        return None

    def reference(self, name: str) -> Entry:
        pattern = self.string_pattern(name)
        if pattern is not None:
            return _string_entry(pattern)
        entry: Entry = [_CHECK, self.definition(name)]
        self.pending.append((entry, name))
        return entry

    def object(self, node: dict[str, Any]) -> Check:
        entries = {key: self.entry(sub) for key, sub in node.get("properties", {}).items()}
        return _object(entries, node.get("additionalProperties") is False, tuple(node.get("required", ())))

    def one_of(self, options: list[dict[str, Any]]) -> Check:
        names = [_ref_name(option.get("$ref", "")) for option in options]
        definitions = self.definitions
        discriminated = all(
            name in definitions and "const" in definitions[name].get("properties", {}).get("resourceType", {})
            for name in names
        )
        table = self.table
        if discriminated:
            # Each option fixes resourceType with `const`, so at most one can match: dispatch on it.
            allowed = frozenset(names)

            def dispatch(value: Any) -> bool:
                kind = value.get("resourceType") if isinstance(value, dict) else None
                return isinstance(kind, str) and kind in allowed and table[kind](value)

            return dispatch
        compiled = [self.node(option) for option in options]
        return lambda value: sum(1 for check in compiled if check(value)) == 1


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    return lambda value: all(check(value) for check in checks)


_NUMBERS = (int, float)  # a tuple made once: `int | float` would build a union on every call
_JSON_TYPES: dict[str, Check] = {
    "string": lambda value: isinstance(value, str),
    "number": lambda value: isinstance(value, _NUMBERS) and not isinstance(value, bool),
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


def _object(entries: dict[str, Entry], closed: bool, required: tuple[str, ...]) -> Check:
    # The hot path of every check: one loop over the object's keys, the leaves checked inline (the string
    # kinds as in _text_fits, _uri_fits and _code_fits).
    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            try:
                kind, argument = entries[key]
            except KeyError:  # an unknown key: rare, and refused when the object is closed
                if closed:
                    return False
                continue
            if kind == _CHECK:
                if not argument(item):
                    return False
            elif kind == _URI:
                if not isinstance(item, str):
                    return False
                if item.isprintable():
                    if " " in item:
                        return False
                elif argument(item) is None:
                    return False
            elif kind == _TEXT:
                if not isinstance(item, str):
                    return False
                if item.isprintable():
                    if item == "":
                        return False
                elif argument(item) is None:
                    return False
            elif kind == _CODE:
                if not isinstance(item, str):
                    return False
                if item.isprintable():
                    if item == "" or item[0] == " " or item[-1] == " " or "  " in item:
                        return False
                elif argument(item) is None:
                    return False
            elif kind == _PATTERN:
                if not isinstance(item, str) or argument(item) is None:
                    return False
            elif kind == _ARRAY:
                if not isinstance(item, list):
                    return False
                for element in item:
                    if not argument(element):
                        return False
            elif not isinstance(item, str) or item not in argument:  # _ENUM
                return False
        for key in required:  # noqa: SIM110 - hot path, as above
            if key not in value:
                return False
        return True

    return check
