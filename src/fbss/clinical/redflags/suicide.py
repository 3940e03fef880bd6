"""Suicide risk flagged by item 9 of the latest PHQ-9, whatever the total score."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fbss.clinical.case import Case, InstrumentId, InstrumentResponse
from fbss.clinical.finding import Because, Finding, Missing, Severity, Status
from fbss.clinical.redflags.common import LOUZON_2016, SUICIDE_RISK, red_flag
from fbss.clinical.sources import KROENKE_2001, SIMON_2013

ITEM_9 = "9"
# PHQ-9 answer ordinals: 0 not at all, 1 several days, 2 more than half the days, 3 nearly every day.
ANSWER_LABELS = {0: "not at all", 1: "several days", 2: "more than half the days", 3: "nearly every day"}
# Louzon 2016: 71.6% of suicides had answered "not at all" to item 9 on their most recent PHQ-9.
SUICIDES_WITH_NEGATIVE_ITEM_9_PERCENT = 71.6

TITLE = "Suicide risk flagged: PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above 'not at all'"
SOURCES = (KROENKE_2001, SIMON_2013, LOUZON_2016)
ACTION = (
    "Same-session suicide risk assessment by a clinician, and a safety plan following the local "
    "suicide-prevention pathway. Do not wait for the total score."
)
TIMEFRAME = "Same session as the questionnaire"
NEGATIVE_DOES_NOT_RULE_OUT = (
    "A negative item 9 does not rule out risk: in a study of 447,245 PHQ-9s, 71.6% of the suicides had "
    "answered 'not at all' on their most recent PHQ-9 (Louzon 2016). Ask directly when there is concern."
)


def suicide_risk_finding(case: Case) -> Finding:
    """Item 9 above 0 on the latest PHQ-9 is met; 0 is not met (with a caution); unanswered is unknown."""
    latest = latest_phq9(case)
    if latest is None:
        return red_flag(
            SUICIDE_RISK,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            missing=(Missing("instruments", "No PHQ-9 recorded: item 9 screens for thoughts of self-harm"),),
            detail=NEGATIVE_DOES_NOT_RULE_OUT,
        )
    position, response = latest
    path = f"instruments[{position}].answers.{ITEM_9}"
    answer = response.answers.get(ITEM_9)
    when = (response.date or case.assessment_date).isoformat()
    earlier = _earlier_positive(case, position)
    data: dict[str, Any] = {
        "phq9_position": position,
        "phq9_date": response.date.isoformat() if response.date else None,
        "item9": None if answer is None else int(answer),
        "earlier_positive": earlier,
    }
    if answer is None:
        return red_flag(
            SUICIDE_RISK,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            because=(Because(path, None, f"latest PHQ-9, {when}: item 9 unanswered"),),
            missing=(Missing(path, "Item 9 unanswered: ask it, whatever the total score"),),
            detail="Item 9 of the latest PHQ-9 was left unanswered: ask it directly."
            + (f" It was positive on an earlier PHQ-9 ({', '.join(earlier)})." if earlier else ""),
            data=data,
        )
    value = int(answer)
    because = (Because(path, value, f"latest PHQ-9, {when}: '{ANSWER_LABELS.get(value, value)}'"),)
    if value > 0:
        return red_flag(
            SUICIDE_RISK,
            TITLE,
            Status.MET,
            SOURCES,
            severity=Severity.URGENT,
            because=because,
            detail="Any answer above 'not at all' needs a same-session safety assessment, whatever the total "
            "score; the 1-year risk of a suicide attempt rises from 0.4% ('not at all') to 4% ('nearly every "
            "day') (Simon 2013).",
            action=ACTION,
            timeframe=TIMEFRAME,
            value=value,
            data=data,
        )
    dated_positive = _dated_positive(case, position)
    if response.date is None and dated_positive:
        return red_flag(
            SUICIDE_RISK,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            because=(
                Because(path, value, f"undated PHQ-9: '{ANSWER_LABELS.get(value, value)}'"),
                *dated_positive,
            ),
            missing=(
                Missing(
                    f"instruments[{position}].date",
                    "The PHQ-9 with item 9 'not at all' is undated, so it cannot be placed after the positive "
                    "item 9 on record; until it is, the positive answer stands: assess the risk",
                ),
            ),
            detail=NEGATIVE_DOES_NOT_RULE_OUT,
            value=value,
            data=data,
        )
    detail = NEGATIVE_DOES_NOT_RULE_OUT
    if earlier:
        detail += f" Item 9 was positive on an earlier PHQ-9 ({', '.join(earlier)})."
    return red_flag(
        SUICIDE_RISK, TITLE, Status.NOT_MET, SOURCES, because=because, detail=detail, value=value, data=data
    )


def latest_phq9(case: Case) -> tuple[int, InstrumentResponse] | None:
    """The most recent PHQ-9 and its position in case.instruments; undated ones count as on the assessment
    date, and of two on the same day the later-listed one wins."""
    responses = [
        (response.date or case.assessment_date, position, response)
        for position, response in enumerate(case.instruments)
        if response.instrument is InstrumentId.PHQ9
    ]
    if not responses:
        return None
    _, position, response = max(responses, key=lambda item: (item[0], item[1]))
    return position, response


def _earlier_positive(case: Case, latest_position: int) -> list[str]:
    """Dates of earlier PHQ-9s whose item 9 was above 0 (history of ideation matters)."""
    found = []
    latest = case.instruments[latest_position]
    latest_date = latest.date or case.assessment_date
    for position, response in enumerate(case.instruments):
        if position == latest_position or response.instrument is not InstrumentId.PHQ9:
            continue
        when: dt.date = response.date or case.assessment_date
        answer = response.answers.get(ITEM_9)
        if answer is not None and int(answer) > 0 and (when, position) < (latest_date, latest_position):
            found.append(when.isoformat())
    return found


def _dated_positive(case: Case, latest_position: int) -> tuple[Because, ...]:
    """Item 9 above 0 on a dated PHQ-9 other than the latest (which an undated latest cannot be ordered after)."""
    found = []
    for position, response in enumerate(case.instruments):
        if (
            position == latest_position
            or response.instrument is not InstrumentId.PHQ9
            or response.date is None
        ):
            continue
        answer = response.answers.get(ITEM_9)
        if answer is not None and int(answer) > 0:
            label = ANSWER_LABELS.get(int(answer), answer)
            found.append(
                Because(
                    f"instruments[{position}].answers.{ITEM_9}",
                    int(answer),
                    f"PHQ-9 of {response.date.isoformat()}: '{label}'",
                )
            )
    return tuple(found)
