"""Reading FHIR input: a Bundle, a single resource, or a Bulk Data export folder (NDJSON).

Every resource comes out with where it was found. Malformed JSON and resources that break the R4 schema are
refused with their JSON path; nothing is repaired or guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from fbss.fhir import schema
from fbss.fhir.report import Refused

# The export log a Bulk Data client writes beside the NDJSON files (not FHIR; see `export_logs`).
EXPORT_LOGS = frozenset({"log.ndjson"})
BUNDLE_TYPES_READ = frozenset({"transaction", "batch", "collection", "searchset", "document", "message"})


class Found(NamedTuple):  # a named tuple: immutable, and quicker to make than a frozen dataclass
    """One resource read from the input, with where it was and the Bundle fullUrl it had, if any."""

    where: str
    resource: dict[str, Any]
    full_url: str | None = None
    search_mode: str | None = None


def read_path(path: Path) -> tuple[list[Found], list[Refused]]:
    """Every resource in a file or folder (folders: `*.ndjson` and `*.json`, in name order)."""
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.suffix in {".ndjson", ".json"} and p.is_file() and p.name not in EXPORT_LOGS
        )
        found: list[Found] = []
        refused: list[Refused] = []
        for file in files:
            more, errors = read_path(file)
            found.extend(more)
            refused.extend(errors)
        return found, refused
    if path.suffix == ".ndjson":
        return read_ndjson(path.name, path.read_bytes().splitlines())
    return read_json(path.name, path.read_bytes())


def export_logs(path: Path) -> list[Path]:
    """Bulk Data client export logs in a folder: read past, and named in the import report."""
    return sorted(p for p in path.iterdir() if p.name in EXPORT_LOGS) if path.is_dir() else []


def read_ndjson(name: str, lines: Iterable[bytes | str]) -> tuple[list[Found], list[Refused]]:
    found: list[Found] = []
    refused: list[Refused] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            refused.append(Refused(where, "", f"malformed JSON: {error}"))
            continue
        more, errors = from_json(where, value)
        found.extend(more)
        refused.extend(errors)
    return found, refused


def read_json(name: str, text: bytes | str) -> tuple[list[Found], list[Refused]]:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        return [], [Refused(name, "", f"malformed JSON: {error}")]
    return from_json(name, value)


def from_json(where: str, value: Any) -> tuple[list[Found], list[Refused]]:
    """Resources from one parsed JSON value: a Bundle is opened, anything else is checked as one resource."""
    if isinstance(value, dict) and value.get("resourceType") == "Bundle":
        return _from_bundle(where, value)
    problems = schema.errors(value)
    if problems:
        return [], [Refused(where, problem.path, problem.message) for problem in problems]
    return [Found(where, value)], []


def _from_bundle(where: str, bundle: dict[str, Any]) -> tuple[list[Found], list[Refused]]:
    shell = {key: value for key, value in bundle.items() if key != "entry"}
    entries = bundle.get("entry", [])
    problems = schema.errors(shell)
    if not isinstance(entries, list):
        problems.append(schema.SchemaError("entry", "must be an array"))
    if bundle.get("type") not in BUNDLE_TYPES_READ:
        problems.append(schema.SchemaError("type", f"bundle type {bundle.get('type')!r} is not read"))
    if problems:
        return [], [Refused(where, problem.path, problem.message) for problem in problems]
    found: list[Found] = []
    refused: list[Refused] = []
    for index, entry in enumerate(entries):
        here = f"{where} entry[{index}]"
        for problem in _entry_problems(entry):
            refused.append(Refused(here, problem.path, problem.message))
        if not isinstance(entry, dict) or "resource" not in entry or _entry_problems(entry):
            continue
        resource = entry["resource"]
        inner_problems = schema.errors(resource)
        if inner_problems:
            refused.extend(Refused(here, f"resource.{p.path}".rstrip("."), p.message) for p in inner_problems)
            continue
        mode = entry.get("search", {}).get("mode")
        found.append(Found(here, resource, entry.get("fullUrl"), mode))
    return found, refused


def _entry_problems(entry: Any) -> list[schema.SchemaError]:
    if not isinstance(entry, dict):
        return [schema.SchemaError("", "a bundle entry must be a JSON object")]
    shell = {"resourceType": "Bundle", "type": "collection", "entry": [_without_resource(entry)]}
    return [
        schema.SchemaError(problem.path.removeprefix("entry[0]").lstrip("."), problem.message)
        for problem in schema.errors(shell)
    ]


def _without_resource(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if key != "resource"}


def iter_resources(found: Iterable[Found]) -> Iterator[dict[str, Any]]:
    for item in found:
        yield item.resource
