"""Suspected spinal infection after surgery, injection or implant (surgical site infection, discitis,
epidural abscess), with CRP read against the normal post-operative course."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fbss.clinical import codes
from fbss.clinical.case import Case, LabTest, TestFindingType, WoundState
from fbss.clinical.dates import at_least_months_after, days_between
from fbss.clinical.finding import Because, Finding, Missing, Severity, Status
from fbss.clinical.redflags.common import (
    ACR_SPINE_INFECTION,
    ALI_2021,
    INFECTION,
    NHSN_FEVER,
    Answer,
    ask,
    positive,
    red_flag,
    resulted_findings,
    screen_answers,
    unanswered,
)
from fbss.clinical.sources import COSNARD_1995, FINUCANE_2020, MOK_2008, THELANDER_1992, YUSUF_2019
from fbss.clinical.wording import counted, listed

# Thelander & Larsson, Spine 1992: pre-operative normal CRP < 10 mg/L; Ali 2021 counts <= 10 mg/L as normal.
CRP_UPPER_NORMAL_MG_L = 10.0
# Thelander & Larsson 1992: CRP peaks on day 2-3 after surgery ...
CRP_PEAK_BY_DAY = 3
# ... and normalises in 5-14 days; a second rise or persisting elevation suggests infection.
CRP_NORMALISED_BY_DAY = 14
# Mok 2008: after the peak CRP falls exponentially with a half-life of 2.6 days; "failure to decrease as expected"
# suggests infection. The study gives no margin for "as expected", so the project reads it conservatively: over at
# least two half-lives (when CRP should be down to about a quarter) it has not even halved.
CRP_HALF_LIFE_DAYS = 2.6
CRP_FAILED_FALL_HALF_LIVES = 2
# Thelander & Larsson 1992: ESR peaks about day 5 and is often still raised 21-42 days after surgery.
ESR_OFTEN_RAISED_UNTIL_DAY = 42
# Ali 2021: a normal CRP had NPV 100%, in patients whose spinal surgery was at least 1 month before.
CRP_EXCLUDES_FROM_MONTHS = 1
# CDC NHSN surveillance definitions: fever is a temperature above 38.0 °C.
FEVER_ABOVE_C = 38.0

TITLE = "Suspected spinal infection (surgical site infection, discitis or epidural abscess)"
SOURCES = (
    YUSUF_2019,
    THELANDER_1992,
    MOK_2008,
    ALI_2021,
    COSNARD_1995,
    ACR_SPINE_INFECTION,
    NHSN_FEVER,
    FINUCANE_2020,
)
ACTION = (
    "Urgent review by the spinal team. MRI of the area without and with IV contrast; bloods: CRP, ESR and "
    "white cell count; blood cultures and biopsy as the spinal team directs."
)
TIMEFRAME = "Urgent (the sources give no hour target)"
INFECTED_WOUND = frozenset({WoundState.ERYTHEMA, WoundState.DISCHARGE, WoundState.DEHISCENCE})
RISK_FACTORS = {
    "diabetes": "diabetes",
    "immunosuppression": "immunosuppression",
    "intravenous_drug_use": "intravenous drug use",
    "recent_spinal_injection_or_implant": "recent spinal injection or implant (e.g. SCS, intrathecal pump)",
}


@dataclass(frozen=True, slots=True)
class CrpReading:
    """What the CRP course says: a suspicious pattern, an exclusion, or neither."""

    suspicious: tuple[Because, ...] = ()
    excludes: bool = False
    because: tuple[Because, ...] = ()
    missing: tuple[Missing, ...] = ()
    note: str | None = None
    data: dict[str, Any] | None = None


def infection_finding(case: Case) -> Finding:
    """Infection is suspected on imaging, fever, a wound problem, night sweats or an abnormal CRP course;
    it is excluded only when all are absent and a normal CRP was taken at least a month after surgery."""
    imaging = tuple(
        hit.because
        for hit in resulted_findings(case, (TestFindingType.DISCITIS, TestFindingType.EPIDURAL_ABSCESS))
    )
    fever, fever_answered = fever_signs(case)
    wound, wound_answered = wound_signs(case)
    sweats = screen_answers(case, {"night_sweats": "night sweats"})
    crp = read_crp_course(case)
    sweating = tuple(answer.because for answer in positive(sweats))
    # Night sweats are the least specific feature: a normal CRP a month or more after surgery outweighs them
    # (Ali 2021 studied patients already suspected of infection). Fever and wound signs are never outweighed.
    triggers = (*imaging, *fever, *wound, *crp.suspicious, *(() if crp.excludes else sweating))
    risks = screen_answers(case, RISK_FACTORS)
    because = (
        *imaging,
        *fever_answered,
        *wound_answered,
        *(a.because for a in sweats if a.value is not None),
        *crp.because,
        *(_esr_because(case)),
        *(a.because for a in positive(risks)),
    )
    data: dict[str, Any] = {
        "triggers": [trigger.path for trigger in triggers],
        "risk_factors": [answer.label for answer in positive(risks)],
        "crp_upper_normal_mg_l": CRP_UPPER_NORMAL_MG_L,
        "crp_peak_by_day": CRP_PEAK_BY_DAY,
        "crp_normalised_by_day": CRP_NORMALISED_BY_DAY,
        "fever_above_c": FEVER_ABOVE_C,
        **(crp.data or {}),
    }
    if triggers:
        return red_flag(
            INFECTION,
            TITLE,
            Status.MET,
            SOURCES,
            severity=Severity.URGENT,
            because=because,
            detail=_met_detail(
                _feature_names(imaging, fever, wound, crp, () if crp.excludes else sweating),
                crp,
                positive(risks),
                imaging_only_with_normal_crp=bool(imaging) and triggers == imaging and crp.excludes,
            ),
            action=ACTION,
            timeframe=TIMEFRAME,
            codes=(codes.POSTOPERATIVE_INFECTION_SCT,),
            data=data,
        )
    missing = (
        *_missing_fever(fever_answered),
        *_missing_wound(wound_answered),
        *ask(unanswered(sweats), "Night sweats are a feature of spinal infection"),
        *crp.missing,
    )
    if missing or not crp.excludes:
        return red_flag(
            INFECTION,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            because=because,
            missing=missing,
            detail="No feature of infection recorded, but infection is not yet excluded. " + (crp.note or ""),
            codes=(codes.POSTOPERATIVE_INFECTION_SCT,),
            data=data,
        )
    return red_flag(
        INFECTION,
        TITLE,
        Status.NOT_MET,
        SOURCES,
        because=because,
        detail=(
            "Night sweats reported, but no fever or wound problem, and "
            if sweating
            else "No fever, wound problem or night sweats, and "
        )
        + (crp.note or "")
        + " Recent antibiotics make a normal CRP unreliable: check none were taken.",
        codes=(codes.POSTOPERATIVE_INFECTION_SCT,),
        data=data,
    )


def fever_signs(case: Case) -> tuple[tuple[Because, ...], tuple[Because, ...]]:
    """(fever present, every fever input recorded): reported fever or a temperature above 38.0 °C."""
    reported = case.red_flags.fever
    measured = case.exam.temperature_c if case.exam else None
    recorded: list[Because] = []
    present: list[Because] = []
    if reported is not None:
        recorded.append(Because("red_flags.fever", reported, "reported fever"))
        if reported:
            present.append(recorded[-1])
    if measured is not None:
        is_fever = measured > FEVER_ABOVE_C
        recorded.append(
            Because("exam.temperature_c", measured, f"fever is > {FEVER_ABOVE_C} °C" if is_fever else None)
        )
        if is_fever:
            present.append(recorded[-1])
    return tuple(present), tuple(recorded)


def wound_signs(case: Case) -> tuple[tuple[Because, ...], tuple[Because, ...]]:
    """(wound problems present, every wound input recorded): reported problems, erythema, discharge or
    dehiscence."""
    reported = case.red_flags.wound_problems
    seen = case.exam.wound if case.exam else None
    recorded: list[Because] = []
    present: list[Because] = []
    if reported is not None:
        recorded.append(Because("red_flags.wound_problems", reported, "reported wound problems"))
        if reported:
            present.append(recorded[-1])
    if seen is not None:
        recorded.append(Because("exam.wound", seen.value))
        if seen in INFECTED_WOUND:
            present.append(recorded[-1])
    return tuple(present), tuple(recorded)


def read_crp_course(case: Case) -> CrpReading:
    """Read the latest CRP after the latest surgery against the normal post-operative course."""
    crps = [(i, lab) for i, lab in enumerate(case.labs) if lab.test is LabTest.CRP]
    undated = tuple(
        Missing(f"labs[{i}].date", "CRP undated: it cannot be read against the days since surgery")
        for i, lab in crps
        if lab.date is None
    )
    index = case.index_surgery
    if case.surgeries and (index is None or index.date is None):
        position = case.index_surgery_position if index is not None else 0
        return CrpReading(
            missing=(
                Missing(f"surgeries[{position}].date", "CRP is read against the days since surgery"),
                *undated,
            )
        )
    surgery_dates = [surgery.date for surgery in case.surgeries if surgery.date is not None]
    last_surgery = max(surgery_dates) if surgery_dates else None
    samples = sorted(
        (
            (lab.date, i, lab.value)
            for i, lab in crps
            if lab.date is not None and _after(lab.date, last_surgery)
        ),
        key=lambda sample: (sample[0], sample[1]),
    )
    if not samples:
        since = f" since the surgery of {last_surgery.isoformat()}" if last_surgery else ""
        return CrpReading(
            missing=(
                Missing(
                    "labs",
                    f"No dated CRP{since}: a normal CRP (<= {CRP_UPPER_NORMAL_MG_L:g} mg/L) taken at least "
                    f"{CRP_EXCLUDES_FROM_MONTHS} month after surgery makes spinal infection unlikely "
                    "(NPV 100%, Ali 2021)",
                ),
                *undated,
            ),
            note="No CRP since the surgery.",
        )
    return _interpret(case, samples, last_surgery)


def _after(day: dt.date, surgery: dt.date | None) -> bool:
    return surgery is None or day >= surgery


def _interpret(case: Case, samples: list[tuple[dt.date, int, float]], surgery: dt.date | None) -> CrpReading:
    date, position, value = samples[-1]
    day = days_between(surgery, date) if surgery else None
    when = f"day {day} after surgery" if day is not None else "no spinal surgery recorded"
    latest = Because(f"labs[{position}].value", value, f"CRP mg/L on {date.isoformat()}, {when}")
    data: dict[str, Any] = {
        "crp_latest_mg_l": value,
        "crp_date": date.isoformat(),
        "crp_day_after_surgery": day,
        "crp_age_days": days_between(date, case.assessment_date),
    }
    raised = value > CRP_UPPER_NORMAL_MG_L
    rise = _second_rise_or_failure_to_fall(samples, surgery) if raised else None
    if rise is not None:
        return CrpReading(suspicious=(rise, latest), because=(rise, latest), data=data)
    if raised and (day is None or day > CRP_NORMALISED_BY_DAY):
        return CrpReading(suspicious=(latest,), because=(latest,), data=data)
    if raised:
        return CrpReading(
            because=(latest,),
            note=f"CRP {value:g} mg/L on {when}: a raised CRP is expected until day {CRP_NORMALISED_BY_DAY}; "
            "repeat it to see that it falls.",
            missing=(Missing("labs", "A repeat CRP: a second rise or failure to fall suggests infection"),),
            data=data,
        )
    if surgery is not None and not at_least_months_after(surgery, date, CRP_EXCLUDES_FROM_MONTHS):
        return CrpReading(
            because=(latest,),
            note=f"CRP {value:g} mg/L on {when} is normal, but within {CRP_EXCLUDES_FROM_MONTHS} month of "
            "surgery a normal CRP does not exclude infection (Ali 2021 excluded such patients).",
            missing=(
                Missing(
                    "labs",
                    f"A CRP at least {CRP_EXCLUDES_FROM_MONTHS} month after surgery "
                    f"(the surgery was on {surgery.isoformat()})",
                ),
            ),
            data=data,
        )
    return CrpReading(
        excludes=True,
        because=(latest,),
        note=f"CRP {value:g} mg/L on {date.isoformat()} ({when}) is normal (<= {CRP_UPPER_NORMAL_MG_L:g} "
        "mg/L), which makes spinal infection unlikely (NPV 100%, Ali 2021). It was taken "
        f"{counted(data['crp_age_days'], 'day')} before this assessment: repeat it if the symptoms have changed since.",
        data=data,
    )


def _second_rise_or_failure_to_fall(
    samples: list[tuple[dt.date, int, float]], surgery: dt.date | None
) -> Because | None:
    """After the day 2-3 peak CRP should fall: a later value as high or higher (second rise), or one that has not
    halved over two or more half-lives (failure to fall as expected), suggests infection."""
    if surgery is None or len(samples) < 2:
        return None
    date, _, value = samples[-1]
    before_date, before_position, before_value = samples[-2]
    if days_between(surgery, before_date) >= CRP_PEAK_BY_DAY and value >= before_value:
        return Because(
            f"labs[{before_position}].value",
            before_value,
            f"earlier CRP on {before_date.isoformat()}: the later value did not fall (second rise or failure "
            "to fall after the day 2-3 peak)",
        )
    return _failed_to_fall(samples, surgery, date, value)


def _failed_to_fall(
    samples: list[tuple[dt.date, int, float]], surgery: dt.date, date: dt.date, value: float
) -> Because | None:
    """The latest CRP against the most recent post-peak CRP taken at least two half-lives before it."""
    window = CRP_FAILED_FALL_HALF_LIVES * CRP_HALF_LIFE_DAYS
    for before_date, before_position, before_value in reversed(samples[:-1]):
        interval = days_between(before_date, date)
        if days_between(surgery, before_date) < CRP_PEAK_BY_DAY or interval < window:
            continue
        if value <= before_value / 2:
            return None
        expected = before_value * 0.5 ** (interval / CRP_HALF_LIFE_DAYS)
        return Because(
            f"labs[{before_position}].value",
            before_value,
            f"earlier CRP on {before_date.isoformat()}: with the 2.6-day half-life of the normal fall (Mok 2008) "
            f"it should be about {expected:.0f} mg/L {counted(interval, 'day')} later, but it has not halved "
            "(failure to fall as expected)",
        )
    return None


def _esr_because(case: Case) -> tuple[Because, ...]:
    """ESR is shown but never decides: it falls slowly and irregularly after surgery."""
    esrs = [(lab.date or dt.date.min, i, lab) for i, lab in enumerate(case.labs) if lab.test is LabTest.ESR]
    if not esrs:
        return ()
    _, position, lab = max(esrs, key=lambda item: (item[0], item[1]))
    return (
        Because(
            f"labs[{position}].value",
            lab.value,
            f"ESR not used to decide: often still raised {ESR_OFTEN_RAISED_UNTIL_DAY // 7} weeks after "
            "surgery (Thelander 1992)",
        ),
    )


def _missing_fever(recorded: tuple[Because, ...]) -> tuple[Missing, ...]:
    """The fever question must be answered: one normal temperature does not rule out a fever the patient had."""
    if any(item.path == "red_flags.fever" for item in recorded):
        return ()
    measured = (
        " (one normal temperature does not rule out a fever reported since surgery)" if recorded else ""
    )
    return (
        Missing(
            "red_flags.fever",
            f"Fever not asked{measured}; fever (> {FEVER_ABOVE_C} °C) is present in about half of spinal "
            "infections",
        ),
    )


def _missing_wound(recorded: tuple[Because, ...]) -> tuple[Missing, ...]:
    if recorded:
        return ()
    return (
        Missing(
            "red_flags.wound_problems",
            "Wound not asked about or examined (exam.wound): redness, discharge or breakdown suggests "
            "surgical site infection",
        ),
    )


def _feature_names(
    imaging: tuple[Because, ...],
    fever: tuple[Because, ...],
    wound: tuple[Because, ...],
    crp: CrpReading,
    sweating: tuple[Because, ...],
) -> list[str]:
    named = (
        (imaging, "infection on imaging"),
        (fever, "fever"),
        (wound, "a wound problem"),
        (crp.suspicious, "an abnormal CRP course"),
        (sweating, "night sweats"),
    )
    return [name for found, name in named if found]


def _met_detail(
    features: list[str], crp: CrpReading, risks: tuple[Answer, ...], imaging_only_with_normal_crp: bool
) -> str:
    detail = f"Recorded: {listed(features)}."
    if crp.suspicious:
        detail += (
            " CRP normally peaks on day 2-3 after surgery, then halves about every 2.6 days (Mok 2008) and "
            "normalises within 5-14 days; a second rise, failure to fall or persisting elevation suggests infection "
            "(Thelander 1992)."
        )
    if imaging_only_with_normal_crp:
        detail += (
            f" The latest CRP ({(crp.data or {}).get('crp_latest_mg_l')} mg/L on {(crp.data or {}).get('crp_date')}) is "
            "normal, and early post-operative change (2 months to 2 years after surgery) can mimic discitis on MRI "
            "(Cosnard 1995); the imaging still needs the spinal team's review, and a disc biopsy is often needed."
        )
    if risks:
        detail += " Risk factors present raise the probability."
    return detail
