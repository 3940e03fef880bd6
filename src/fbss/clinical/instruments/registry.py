"""The instrument registry and the functions that score a case's responses over time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from fbss.clinical.instruments import (
    dn4,
    dn4_interview,
    gad7,
    nrs,
    odi,
    paindetect,
    pcs,
    peg,
    phq9,
    promis29,
    rmdq,
    slanss,
    startback,
)
from fbss.clinical.instruments.base import (
    Answers,
    Instrument,
    InstrumentError,
    Score,
    ScoredResponse,
    check_answers,
)

if TYPE_CHECKING:
    from fbss.clinical.case import Case, InstrumentResponse

INSTRUMENTS: dict[str, Instrument] = {
    "nrs": nrs.INSTRUMENT,
    "peg": peg.INSTRUMENT,
    "odi": odi.INSTRUMENT,
    "rmdq": rmdq.INSTRUMENT,
    "phq9": phq9.INSTRUMENT,
    "gad7": gad7.INSTRUMENT,
    "dn4": dn4.INSTRUMENT,
    "dn4_interview": dn4_interview.INSTRUMENT,
    "slanss": slanss.INSTRUMENT,
    "paindetect": paindetect.INSTRUMENT,
    "pcs": pcs.INSTRUMENT,
    "startback": startback.INSTRUMENT,
    "promis29": promis29.INSTRUMENT,
}


def instrument(instrument_id: str) -> Instrument:
    """The instrument with this id; InstrumentError for an unknown id."""
    found = INSTRUMENTS.get(str(instrument_id))
    if found is None:
        raise InstrumentError(f"unknown instrument {instrument_id!r}")
    return found


def validate_answers(instrument_id: str, answers: Answers) -> None:
    """Raise InstrumentError naming the item when an answer set does not fit the instrument."""
    found = INSTRUMENTS.get(str(instrument_id))
    if found is not None:
        check_answers(found, answers)


def score(instrument_id: str, answers: Answers) -> Score:
    """Score one answer set; InstrumentError for an unknown item or an out-of-range answer."""
    found = instrument(instrument_id)
    check_answers(found, answers)
    return found.scorer(answers)


def responses_in_order(case: Case, instrument_id: str) -> list[tuple[dt.date, int, InstrumentResponse]]:
    """(date taken, position, response) of one instrument, oldest first; undated = the assessment date."""
    taken = [
        (response.date or case.assessment_date, position, response)
        for position, response in enumerate(case.instruments)
        if response.instrument == instrument_id
    ]
    taken.sort(key=lambda entry: entry[0])  # a stable sort: same-day responses keep list order
    return taken


def scored(found: Instrument, when: dt.date, position: int, response: InstrumentResponse) -> ScoredResponse:
    # The Case validated these answers while parsing, so they go straight to the scorer.
    return ScoredResponse(
        position=position, date=when, score=found.scorer(response.answers), dated=response.date is not None
    )


def history(case: Case, instrument_id: str) -> tuple[ScoredResponse, ...]:
    """Every response to one instrument, oldest first (undated ones count as on the assessment date)."""
    found = instrument(instrument_id)
    return tuple(scored(found, *entry) for entry in responses_in_order(case, instrument_id))


def latest(case: Case, instrument_id: str) -> ScoredResponse | None:
    """The most recent response to one instrument, scored."""
    found = instrument(instrument_id)
    taken = responses_in_order(case, instrument_id)
    return scored(found, *taken[-1]) if taken else None
