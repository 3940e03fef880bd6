"""Validated instruments: definitions as data plus scoring. One module per instrument, listed in INSTRUMENTS."""

from __future__ import annotations

from fbss.clinical.instruments.base import (
    Answers,
    AnswerValue,
    Band,
    Instrument,
    InstrumentError,
    Item,
    Score,
    ScoredResponse,
)
from fbss.clinical.instruments.findings import score_findings
from fbss.clinical.instruments.registry import (
    INSTRUMENTS,
    Histories,
    histories,
    history,
    instrument,
    latest,
    score,
    validate_answers,
)

__all__ = [
    "INSTRUMENTS",
    "AnswerValue",
    "Answers",
    "Band",
    "Histories",
    "Instrument",
    "InstrumentError",
    "Item",
    "Score",
    "ScoredResponse",
    "histories",
    "history",
    "instrument",
    "latest",
    "score",
    "score_findings",
    "validate_answers",
]
