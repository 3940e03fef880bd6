"""Reading case files: JSON, YAML, a folder of them, or an NDJSON stream.

Every way a case can be wrong ends as a `CaseInputError` holding one `Problem` per bad field, each naming the
field by its path in the case (`pain[0].nrs_now: must be <= 10`) and, where the reader knows it, the file and
line. Nothing here prints, logs or raises a traceback for bad input.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from fbss.caseio.problems import CaseInputError, Problem, json_path, kind_of, problems_of
from fbss.caseio.yamlfile import load_yaml, with_yaml_lines
from fbss.clinical.case import Case

__all__ = [
    "CASE_SUFFIXES",
    "STDIN",
    "CaseEntry",
    "CaseInputError",
    "Problem",
    "case_files",
    "case_from_data",
    "case_from_json",
    "case_from_yaml",
    "count_cases",
    "is_batch",
    "json_path",
    "problems_of",
    "read_case_file",
    "read_cases",
    "read_ndjson",
]

YAML_SUFFIXES = frozenset({".yaml", ".yml"})
JSON_SUFFIXES = frozenset({".json"})
NDJSON_SUFFIXES = frozenset({".ndjson", ".jsonl"})
CASE_SUFFIXES = YAML_SUFFIXES | JSON_SUFFIXES | NDJSON_SUFFIXES
STDIN = "-"


@dataclass(frozen=True, slots=True)
class CaseEntry:
    """One case read from a source: the case, or the reason it could not be read, and where it came from."""

    origin: str
    case: Case | None = None
    error: CaseInputError | None = None


# --- one case ---------------------------------------------------------------------------------------------


def case_from_data(data: object) -> Case:
    """Validate already-parsed data (a dict from YAML or JSON) into a Case."""
    if not isinstance(data, dict):
        raise CaseInputError([Problem("", f"a case must be a mapping of fields, not {kind_of(data)}")])
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        raise CaseInputError(problems_of(error)) from None


def case_from_json(raw: bytes | str) -> Case:
    """Parse and validate one JSON document in a single pass."""
    try:
        return Case.model_validate_json(raw)
    except ValidationError as error:
        raise CaseInputError(problems_of(error)) from None


def case_from_yaml(text: str) -> Case:
    """Parse and validate one YAML document; problems carry the line of the field in the text."""
    data = load_yaml(text)
    try:
        return case_from_data(data)
    except CaseInputError as error:
        raise CaseInputError(with_yaml_lines(error.problems, text)) from None


def read_case_file(path: Path) -> Case:
    """Read one .json, .yaml or .yml case file."""
    raw = _read_bytes(path)
    try:
        if path.suffix.lower() in JSON_SUFFIXES:
            return case_from_json(raw)
        if path.suffix.lower() in YAML_SUFFIXES:
            return case_from_yaml(_decode(raw))
    except CaseInputError as error:
        raise error.at(str(path)) from None
    raise CaseInputError([_unsupported(path)], str(path))


# --- many cases -------------------------------------------------------------------------------------------


def read_cases(source: str | Path) -> Iterator[CaseEntry]:
    """Every case in a file, a folder of case files, an NDJSON file, or `-` (NDJSON on stdin).

    Bad cases come back as entries with an error, so a batch goes on past them. A source that cannot be
    opened at all raises CaseInputError.
    """
    if str(source) == STDIN:
        return read_ndjson(sys.stdin.buffer, "<stdin>")
    path = Path(source)
    if path.is_dir():
        return _read_folder(path)
    return _read_path(path)


def read_ndjson(stream: IO[bytes] | Iterable[bytes], name: str) -> Iterator[CaseEntry]:
    """One case per non-blank line; each entry's origin is `name:line`."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            yield CaseEntry(origin, case=case_from_json(line))
        except CaseInputError as error:
            yield CaseEntry(origin, error=error.at(origin))


def case_files(folder: Path) -> list[Path]:
    """The case files of a folder, by name (not recursive; hidden files skipped)."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in CASE_SUFFIXES
    )


def count_cases(source: str | Path) -> int | None:
    """How many cases a source holds (non-blank NDJSON lines count one each), or None for a stream."""
    if str(source) == STDIN:
        return None
    path = Path(source)
    files = case_files(path) if path.is_dir() else [path]
    return sum(_count_lines(file) if file.suffix.lower() in NDJSON_SUFFIXES else 1 for file in files)


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            return sum(1 for line in stream if line.strip())
    except OSError:
        return 0


def is_batch(source: str | Path) -> bool:
    """Whether a source may hold many cases (a folder, an NDJSON file, stdin) rather than exactly one."""
    if str(source) == STDIN:
        return True
    path = Path(source)
    return path.is_dir() or path.suffix.lower() in NDJSON_SUFFIXES


def _read_path(path: Path) -> Iterator[CaseEntry]:
    if path.suffix.lower() in NDJSON_SUFFIXES:
        return _read_ndjson_file(path)
    if path.suffix.lower() not in CASE_SUFFIXES:
        raise CaseInputError([_unsupported(path)], str(path))
    _require_file(path)
    return iter([_entry_of_file(path)])


def _read_folder(folder: Path) -> Iterator[CaseEntry]:
    files = case_files(folder)
    if not files:
        suffixes = ", ".join(sorted(CASE_SUFFIXES))
        raise CaseInputError([Problem("", f"no case files ({suffixes}) in this folder")], str(folder))
    return _entries_of_files(files)


def _entries_of_files(files: list[Path]) -> Iterator[CaseEntry]:
    for path in files:
        if path.suffix.lower() in NDJSON_SUFFIXES:
            yield from _read_ndjson_file(path)
        else:
            yield _entry_of_file(path)


def _read_ndjson_file(path: Path) -> Iterator[CaseEntry]:
    _require_file(path)
    return _ndjson_lines_of(path)


def _ndjson_lines_of(path: Path) -> Iterator[CaseEntry]:
    with path.open("rb") as stream:
        yield from read_ndjson(stream, str(path))


def _entry_of_file(path: Path) -> CaseEntry:
    try:
        return CaseEntry(str(path), case=read_case_file(path))
    except CaseInputError as error:
        return CaseEntry(str(path), error=error)


def _require_file(path: Path) -> None:
    if not path.exists():
        raise CaseInputError([Problem("", "no such file or folder")], str(path))
    if not path.is_file():
        raise CaseInputError([Problem("", "not a regular file")], str(path))


def _read_bytes(path: Path) -> bytes:
    _require_file(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise CaseInputError([Problem("", f"cannot be read ({error.strerror})")], str(path)) from None


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseInputError([Problem("", f"not UTF-8 text (byte {error.start})")]) from None


def _unsupported(path: Path) -> Problem:
    accepted = ", ".join(sorted(CASE_SUFFIXES))
    return Problem("", f"unsupported file type {path.suffix or '(none)'!r}; use one of {accepted}")
