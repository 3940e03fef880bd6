"""Case files in YAML: a strict safe loader (a key given twice is an error) and the line of a field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from fbss.caseio.problems import CaseInputError, Problem


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
# Dates stay text for the case model to read: YAML's own timestamp constructor raises a bare ValueError on an
# impossible date (2025-02-30), which would bypass the per-field messages; the model names the field instead.
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def load_yaml(text: str) -> object:
    """Parse one YAML document; CaseInputError with the line for malformed YAML, an empty file, two documents."""
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


def with_yaml_lines(problems: Sequence[Problem], text: str) -> list[Problem]:
    """The problems, each with the line of its field in the YAML text."""
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
