"""Form bodies of the pages: an empty field means "not given" (None), unknown fields (the CSRF token) are
ignored, and a wrong value is reported by its field name like the API's errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class FormModel(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


def yes_no(value: str | None) -> bool | None:
    """A yes / no / not sure radio as True / False / None."""
    return {"yes": True, "no": False}.get(value or "")


def on_or_before(day: dt.date | None, today: dt.date) -> dt.date:
    return min(day or today, today)
