"""What the store refuses, in terms the web layer maps to HTTP answers (404, 409, 422)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError


class StoreError(Exception):
    """Base of the store's refusals."""


class NotFound(StoreError):
    """The row does not exist (or does not belong to this patient)."""


class Conflict(StoreError):
    """A stale write: the row changed since the caller read it."""

    def __init__(self, resource: str, expected: int | None, current: int) -> None:
        super().__init__(
            f"{resource} was changed by someone else (you had version {expected}, it is now {current})"
        )
        self.resource = resource
        self.expected = expected
        self.current = current


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class Invalid(StoreError):
    """Input refused; each error names its field. Nothing was saved."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{error.field}: {error.message}" for error in errors))
        self.errors = errors

    @classmethod
    def one(cls, field: str, message: str) -> Invalid:
        return cls([FieldError(field, message)])

    @classmethod
    def from_validation(cls, error: ValidationError, prefix: str = "") -> Invalid:
        """Pydantic's errors with their locations as field paths (payload.pain[0].nrs_now)."""
        return cls(
            [FieldError(field_path(problem["loc"], prefix), problem["msg"]) for problem in error.errors()]
        )


def field_path(location: tuple[int | str, ...], prefix: str = "") -> str:
    path = prefix
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or prefix
