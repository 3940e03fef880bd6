"""Validated instruments: definitions as data plus scoring. One module per instrument, listed in INSTRUMENTS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fbss.clinical.instruments.base import (
    Answers,
    AnswerValue,
    Instrument,
    InstrumentError,
    Item,
    Score,
    ScoredResponse,
)

if TYPE_CHECKING:
    from fbss.clinical.case import Case
    from fbss.clinical.finding import Finding

INSTRUMENTS: dict[str, Instrument] = {}


def validate_answers(instrument_id: str, answers: Answers) -> None:
    """Raise InstrumentError naming the item when an answer set does not fit the instrument."""
    instrument = INSTRUMENTS.get(str(instrument_id))
    if instrument is None:
        return
    for item_id, value in answers.items():
        item = instrument.item(item_id)
        if item is None:
            raise InstrumentError(f"item {item_id!r} is not an item of {instrument.name}")
        if value is not None and not item.accepts(int(value)):
            raise InstrumentError(
                f"item {item_id!r}: {value!r} is out of range {item.minimum}-{item.maximum} for {instrument.name}"
            )


__all__ = [
    "INSTRUMENTS",
    "AnswerValue",
    "Answers",
    "Instrument",
    "InstrumentError",
    "Item",
    "Score",
    "ScoredResponse",
]


def score_findings(case: Case) -> tuple[Finding, ...]:
    """Placeholder: one SCORE finding per instrument response."""
    return ()


def score(instrument_id: str, answers: Answers) -> Score:
    """Score one answer set; InstrumentError for an unknown item or an out-of-range answer."""
    raise NotImplementedError


def history(case: Case, instrument_id: str) -> tuple[ScoredResponse, ...]:
    """Every response to one instrument, oldest first (undated ones count as on the assessment date)."""
    return ()


def latest(case: Case, instrument_id: str) -> ScoredResponse | None:
    """The most recent response to one instrument, scored."""
    found = history(case, instrument_id)
    return found[-1] if found else None
