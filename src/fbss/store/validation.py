"""Checks on free text before it is stored: length, and no control characters (PostgreSQL refuses NUL).

Markup and SQL fragments are stored as typed (queries are parameterised and pages escape on output).
"""

from __future__ import annotations

import re
from typing import Any

from fbss.store.errors import Invalid

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(field: str, value: Any, max_length: int, required: bool = True) -> str | None:
    """The value stripped, or Invalid naming the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid.one(field, "is required")
        return None
    if not isinstance(value, str):
        raise Invalid.one(field, "must be text")
    cleaned: str = value.strip()
    if len(cleaned) > max_length:
        raise Invalid.one(field, f"is too long ({len(cleaned)} characters; at most {max_length})")
    if _CONTROL.search(cleaned):
        raise Invalid.one(field, "contains control characters")
    return cleaned


def no_control_characters(field: str, value: Any) -> None:
    """Walk a JSON value and refuse any string with control characters, naming where it is."""
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise Invalid.one(field, "contains control characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            no_control_characters(f"{field}.{key}", key)
            no_control_characters(f"{field}.{key}", item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            no_control_characters(f"{field}[{index}]", item)
