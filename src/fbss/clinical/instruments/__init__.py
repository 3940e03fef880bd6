"""Validated instruments: definitions as data plus scoring. One module per instrument, listed in INSTRUMENTS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fbss.clinical.instruments.base import Answers, AnswerValue, Instrument, InstrumentError, Item, Score

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


__all__ = ["INSTRUMENTS", "AnswerValue", "Answers", "Instrument", "InstrumentError", "Item", "Score"]


def score_findings(case: Case) -> tuple[Finding, ...]:
    """Placeholder: one SCORE finding per instrument response."""
    return ()
