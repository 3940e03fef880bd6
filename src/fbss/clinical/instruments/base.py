"""Instrument definitions as data, and the score they produce."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fbss.clinical.sources import Source

AnswerValue = bool | int | None
Answers = Mapping[str, AnswerValue]


class InstrumentError(ValueError):
    """An answer set that cannot be scored as given (unknown item, value out of range)."""


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    label: str  # short label, ours; for licensed instruments never the item text
    minimum: int = 0
    maximum: int = 1
    text: str | None = None  # verbatim item text, only for instruments free to reproduce
    allowed: tuple[int, ...] | None = None  # when the values are not a contiguous range (e.g. -1, 0, 1)

    def accepts(self, value: int) -> bool:
        if self.allowed is not None:
            return value in self.allowed
        return self.minimum <= value <= self.maximum


@dataclass(frozen=True, slots=True)
class Score:
    instrument: str
    total: float | None  # None when too many items are missing to score
    band: str | None = None
    minimum: float = 0
    maximum: float = 0
    subscales: dict[str, float] = field(default_factory=dict)
    answered: int = 0
    missing_items: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()  # e.g. "item9_positive" on the PHQ-9
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    items: tuple[Item, ...]
    scorer: Callable[[Answers], Score]
    sources: tuple[Source, ...]
    recall: str | None = None
    licence: str = ""
    free_to_reproduce: bool = False
    off_label_after_surgery: bool = False
    loinc_total: str | None = None
    mcid: float | None = None
    mcid_source: Source | None = None

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)


@dataclass(frozen=True, slots=True)
class ScoredResponse:
    """One instrument response of a case with its score; `position` indexes `case.instruments`."""

    position: int
    date: dt.date | None
    score: Score
