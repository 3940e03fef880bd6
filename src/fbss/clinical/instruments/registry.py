"""The instrument registry and the functions that score a case's responses over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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


Taken = tuple[dt.date, int, "InstrumentResponse"]  # (date taken, position in case.instruments, response)
Histories = Mapping[str, tuple[ScoredResponse, ...]]


def _date_taken(entry: Taken) -> dt.date:
    return entry[0]


def responses_by_instrument(case: Case) -> dict[str, list[Taken]]:
    """Every instrument's responses, oldest first, in one pass over the case (same-day ones keep list order)."""
    groups: dict[str, list[Taken]] = {}
    assessed = case.assessment_date
    for position, response in enumerate(case.instruments):
        groups.setdefault(response.instrument, []).append((response.date or assessed, position, response))
    for taken in groups.values():
        if len(taken) > 1:
            taken.sort(key=_date_taken)  # stable
    return groups


def scored(found: Instrument, when: dt.date, position: int, response: InstrumentResponse) -> ScoredResponse:
    # The Case validated these answers while parsing, so they go straight to the scorer.
    return ScoredResponse(
        position=position, date=when, score=found.scorer(response.answers), dated=response.date is not None
    )


def histories(case: Case) -> Histories:
    """Every answered instrument's scored responses, oldest first (undated ones count as on the assessment date).

    `assess` scores a case once and hands the result to every rule that reads scores.
    """
    return {
        instrument_id: tuple(scored(INSTRUMENTS[instrument_id], *entry) for entry in taken)
        for instrument_id, taken in responses_by_instrument(case).items()
    }


def history(case: Case, instrument_id: str) -> tuple[ScoredResponse, ...]:
    """Every response to one instrument, oldest first (undated ones count as on the assessment date)."""
    found = instrument(instrument_id)
    taken = responses_by_instrument(case).get(found.id, [])
    return tuple(scored(found, *entry) for entry in taken)


def latest(case: Case, instrument_id: str) -> ScoredResponse | None:
    """The most recent response to one instrument, scored."""
    found = history(case, instrument_id)
    return found[-1] if found else None
