"""Reading case files: JSON, YAML, a folder of them, or an NDJSON stream.

Every way a case can be wrong ends as a `CaseInputError` holding one `Problem` per bad field, each naming the
field by its path in the case (`pain[0].nrs_now: must be <= 10`) and, where the reader knows it, the file and
line. Nothing here prints, logs or raises a traceback for bad input.
"""

from __future__ import annotations

import difflib
import re
import sys
import types
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from fbss.clinical.case import LEVEL_PATTERN, ROOT_PATTERN, Case

YAML_SUFFIXES = frozenset({".yaml", ".yml"})
JSON_SUFFIXES = frozenset({".json"})
NDJSON_SUFFIXES = frozenset({".ndjson", ".jsonl"})
CASE_SUFFIXES = YAML_SUFFIXES | JSON_SUFFIXES | NDJSON_SUFFIXES
STDIN = "-"

# Member tags pydantic adds to an error's location when a value fits none of a union's types.
_UNION_TAGS = frozenset({"bool", "int", "float", "str", "none", "date"})
_PATTERN_MEANING = {
    LEVEL_PATTERN: "a spinal level or segment such as L5 or L4-L5",
    ROOT_PATTERN: "a nerve root such as L5 or S1",
}
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_]+$")  # written as .key; anything else as ['key']
_ECHO_LIMIT = 40  # longer inputs are not repeated back: they may be free text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a case: the field's path in the case (empty for the whole case) and why."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CaseInputError(ValueError):
    """A case that cannot be read or validated; one problem per bad field."""

    def __init__(self, problems: Sequence[Problem], origin: str | None = None) -> None:
        self.problems = tuple(problems)
        self.origin = origin
        super().__init__("; ".join(str(problem) for problem in self.problems))

    def at(self, origin: str) -> CaseInputError:
        """The same problems, located in `origin` (a file name, or file:line)."""
        return CaseInputError(self.problems, origin)

    def messages(self) -> list[str]:
        """One line per problem, prefixed by where it was found."""
        lines = []
        for problem in self.problems:
            where = self.origin or ""
            if problem.line is not None and where:
                where = f"{where}:{problem.line}"
            lines.append(f"{where}: {problem}" if where else str(problem))
        return lines


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
        raise CaseInputError([Problem("", f"a case must be a mapping of fields, not {_kind_of(data)}")])
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
    data = _load_yaml(text)
    try:
        return case_from_data(data)
    except CaseInputError as error:
        raise CaseInputError(_with_yaml_lines(error.problems, text)) from None


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


# --- YAML -------------------------------------------------------------------------------------------------


class _StrictLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """Safe YAML that refuses a key given twice: in a case file that is a mistake, never an override."""


def _mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    loader.flatten_mapping(node)
    return dict(loader.construct_pairs(node))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def _load_yaml(text: str) -> object:
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = f", column {mark.column + 1}" if mark else ""
        reason = error.problem or error.context or "cannot be parsed"
        if "another document" in reason:
            reason = "one case per YAML file, but found a second document"
        raise CaseInputError([Problem("", f"not valid YAML: {reason}{column}", line)]) from None
    except yaml.YAMLError as error:
        raise CaseInputError([Problem("", f"not valid YAML: {error}")]) from None
    if data is None:
        raise CaseInputError([Problem("", "the file is empty")])
    return data


def _with_yaml_lines(problems: Sequence[Problem], text: str) -> list[Problem]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return list(problems)
    return [Problem(p.path, p.message, _line_of(root, p.path)) for p in problems]


def _line_of(root: yaml.Node | None, path: str) -> int | None:
    """The line of the deepest node of `path` present in the YAML (a missing field: its parent's line)."""
    node = root
    for step in _steps(path):
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            child = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            child = node.value[step]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1 if node is not None and path else None


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.replace("[", ".[").split("."):
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            steps.append(int(part[1:-1]))
        elif part:
            steps.append(part.strip('[]"'))
    return steps


# --- pydantic errors as one message per field --------------------------------------------------------------


def problems_of(error: ValidationError) -> list[Problem]:
    """One Problem per bad field; a value that fits none of a union's types is one problem, not one per type."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        if not loc and detail["type"] == "value_error":
            problems.append(_case_level_problem(str(detail["msg"])))
            continue
        union_member = bool(loc) and isinstance(loc[-1], str) and loc[-1] in _UNION_TAGS
        if union_member:
            loc = loc[:-1]
        path = json_path(loc)
        if path in seen and union_member:
            continue
        seen.add(path)
        message = "must be true, false, a whole number or null" if union_member else _message(detail, loc)
        problems.append(Problem(path, message))
    return problems


def _case_level_problem(message: str) -> Problem:
    """A check across fields names its field first ('surgeries[0].date: ...'); keep that as the path."""
    message = message.split(", ", 1)[-1]
    head, _, rest = message.partition(": ")
    if rest and " " not in head:
        return Problem(head, rest)
    return Problem("", message)


def json_path(loc: Sequence[int | str]) -> str:
    """A pydantic location as a JSON path: ('pain', 0, 'nrs_now') -> 'pain[0].nrs_now'."""
    path = ""
    for step in loc:
        if isinstance(step, int):
            path += f"[{step}]"
        elif _PLAIN_KEY.match(step):
            path += f".{step}" if path else step
        else:
            path += f"[{step!r}]"
    return path


def _message(detail: Any, loc: tuple[int | str, ...]) -> str:
    kind: str = detail["type"]
    ctx: dict[str, Any] = detail.get("ctx") or {}
    value = detail.get("input")
    if kind == "model_type" and not loc:
        return f"a case must be a mapping of fields, not {_kind_of(value)}"
    plain = _PLAIN_MESSAGES.get(kind)
    if plain:
        return plain.format(**{name: _number(bound) for name, bound in ctx.items()})
    if kind == "enum":
        expected = str(ctx["expected"]).replace("'", "").replace(" or ", ", ")
        return f"{_echo(value)}is not one of: {expected}"
    if kind == "extra_forbidden":
        return _unknown_field_message(loc)
    if kind == "string_pattern_mismatch":
        meaning = _PATTERN_MEANING.get(ctx.get("pattern", ""), f"text matching {ctx.get('pattern')}")
        return f"{_echo(value)}is not {meaning}"
    if kind in {"value_error", "assertion_error"}:
        return str(detail["msg"]).split(", ", 1)[-1]
    if kind == "json_invalid":
        return f"not valid JSON: {ctx.get('error', detail['msg'])}"
    return str(detail["msg"]).replace("Input should be", "must be")


_PLAIN_MESSAGES = {
    "missing": "required, but missing",
    "less_than_equal": "must be <= {le}",
    "less_than": "must be < {lt}",
    "greater_than_equal": "must be >= {ge}",
    "greater_than": "must be > {gt}",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters",
    "too_long": "must have at most {max_length} entries",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text (quote it in YAML)",
    "date_from_datetime_parsing": "must be a date, YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date without a time, YYYY-MM-DD",
    "date_parsing": "must be a date, YYYY-MM-DD",
    "date_type": "must be a date, YYYY-MM-DD",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be a mapping of item ids to answers",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "finite_number": "must be a finite number",
}


def _unknown_field_message(loc: tuple[int | str, ...]) -> str:
    model = _model_at(loc[:-1])
    name = str(loc[-1])
    if model is None:
        return "unknown field"
    fields = list(model.model_fields)
    close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    if close:
        return f"unknown field; did you mean {close[0]!r}?"
    return f"unknown field; the fields here are: {', '.join(fields)}"


def _model_at(loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The case part (a model class) that a location points into, following field types."""
    model: type[BaseModel] | None = Case
    for step in loc:
        if model is None:
            return None
        if isinstance(step, int):
            continue  # an index into a list keeps the list's item type
        field = model.model_fields.get(step)
        model = _model_in(field.annotation) if field else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in {Union, types.UnionType, tuple, list}:
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _number(bound: object) -> object:
    return int(bound) if isinstance(bound, float) and bound.is_integer() else bound


def _echo(value: object) -> str:
    if (
        isinstance(value, str | int | float)
        and not isinstance(value, bool)
        and len(str(value)) <= _ECHO_LIMIT
    ):
        return f"{value!r} "
    return ""


def _kind_of(value: object) -> str:
    return {
        type(None): "null",
        list: "a list",
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }.get(type(value), type(value).__name__)
