"""The evidence trail a diagnostic rule keeps: what it read (`because`) and what it lacked (`missing`).

Shared by the phenotype and work-up rules so every finding names its inputs as JSON paths into the case.
A reference to another finding is written `finding:<code>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fbss.clinical.finding import Because, Missing, Scalar


@dataclass(slots=True)
class Trail:
    """What a rule looked at and what it lacked, collected as it goes."""

    because: list[Because] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    def saw(self, path: str, value: object = None, note: str | None = None) -> None:
        self.because.append(Because(path, as_scalar(value), note))

    def lacks(self, path: str, reason: str) -> None:
        if all(m.path != path for m in self.missing):
            self.missing.append(Missing(path, reason))

    def extend(self, other: Trail) -> None:
        self.because.extend(other.because)
        for gap in other.missing:
            self.lacks(gap.path, gap.reason)


# Tuples of types, not unions: `str | int` in isinstance builds the union object on every call.
SCALARS = (str, int, float, bool)
SETS = (set, frozenset)
COLLECTIONS = (tuple, list, set, frozenset)


def as_scalar(value: object) -> Scalar | tuple[Scalar, ...]:
    """A JSON-able value for `Because`: scalars as they are, collections as tuples, the rest as text."""
    if value is None or isinstance(value, SCALARS):
        return value
    if isinstance(value, COLLECTIONS):
        items = sorted(value, key=str) if isinstance(value, SETS) else value
        return tuple(v if v is None or isinstance(v, SCALARS) else str(v) for v in items)
    return str(value)
