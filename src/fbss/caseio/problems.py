"""Why a case cannot be read: one `Problem` per bad field, named by its path in the case.

Pydantic's validation errors are turned into plain messages (`pain[0].nrs_now: must be <= 10`); a misspelt field
gets a suggestion, an enumeration lists its values, a free-text input is never repeated back.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from fbss.clinical.case import LEVEL_PATTERN, ROOT_PATTERN, Case
from fbss.clinical.instruments.base import InstrumentError

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


def problems_of(error: ValidationError) -> list[Problem]:
    """One Problem per bad field; a value that fits none of a union's types is one problem, not one per type."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        if not loc and detail["type"] == "value_error":
            problems.append(_case_level_problem(str(detail["msg"])))
            continue
        answers = _answer_problems(detail, loc)
        if answers:  # one message per answer that does not fit, at its own path
            problems.extend(answers)
            continue
        union_member = (
            bool(loc) and isinstance(loc[-1], str) and loc[-1] in _UNION_TAGS and not _is_field(loc)
        )
        if union_member:
            loc = loc[:-1]
        path = json_path(loc)
        if path in seen and union_member:
            continue
        seen.add(path)
        message = "must be true, false, a whole number or null" if union_member else _message(detail, loc)
        problems.append(Problem(path, message))
    return problems


def _answer_problems(detail: Any, loc: tuple[int | str, ...]) -> list[Problem]:
    error = (detail.get("ctx") or {}).get("error")
    if not isinstance(error, InstrumentError) or not any(item for item, _ in error.misfits):
        return []
    return [
        Problem(json_path((*loc, "answers", item)) if item else json_path(loc), message)
        for item, message in error.misfits
    ]


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
        return f"a case must be a mapping of fields, not {kind_of(value)}"
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


def _is_field(loc: tuple[int | str, ...]) -> bool:
    """Whether the last step is a field of the part before it (a field named `date`, not a union's tag)."""
    parent = _model_at(loc[:-1])
    return parent is not None and loc[-1] in parent.model_fields


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


def kind_of(value: object) -> str:
    """What a value is, in words, for a message (never the value itself)."""
    return {
        type(None): "null",
        list: "a list",
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }.get(type(value), type(value).__name__)
