"""The parts of the criteria, each its own finding: timing, location, exclusions and the ICD-11 course."""

from __future__ import annotations

import datetime as dt

from fbss.clinical.case import Case
from fbss.clinical.criteria.common import (
    CHRONIC_AFTER_MONTHS,
    DEVELOPED_OR_INCREASED,
    EXCLUSIONS,
    ICD11_COURSE,
    LOCATION,
    RED_FLAGS_TO_EXCLUDE,
    TIMING,
    criteria_finding,
)
from fbss.clinical.criteria.pains import PainVerdict
from fbss.clinical.dates import add_months, days_between, months_between
from fbss.clinical.finding import Because, Finding, Missing, Status
from fbss.clinical.wording import counted

# --- time since the index surgery ------------------------------------------------------------------------


def timing_finding(case: Case) -> Finding:
    """At least 3 months since the index surgery (ICD-11 MG30.21)."""
    title = f"At least {CHRONIC_AFTER_MONTHS} months since the index surgery"
    surgery, position = case.index_surgery, case.index_surgery_position
    if surgery is None or position is None:
        if case.operation_count == 0:
            return criteria_finding(
                TIMING,
                title,
                Status.NOT_MET,
                because=(Because("operation_count", 0),),
                detail="No spine surgery: persistent spinal pain without surgery is PSPS type 1, not type 2.",
            )
        reason = (
            "PSPS type 2 needs a previous spine surgery" if not case.surgeries else "Mark the index surgery"
        )
        return criteria_finding(TIMING, title, Status.UNKNOWN, missing=(Missing("surgeries", reason),))
    if surgery.date is None:
        return criteria_finding(
            TIMING,
            title,
            Status.UNKNOWN,
            missing=(Missing(f"surgeries[{position}].date", "The criteria count from the index surgery"),),
        )
    due = add_months(surgery.date, CHRONIC_AFTER_MONTHS)
    months = months_between(surgery.date, case.assessment_date)
    days = days_between(surgery.date, case.assessment_date)
    because = (
        Because(
            f"surgeries[{position}].date",
            surgery.date.isoformat(),
            f"{counted(months, 'month')}, {counted(days, 'day')} ago",
        ),
    )
    data = {
        "surgery_date": surgery.date.isoformat(),
        "months_since_surgery": months,
        "decidable_from": due.isoformat(),
    }
    if case.assessment_date >= due:
        return criteria_finding(TIMING, title, Status.MET, because=because, data=data)
    return criteria_finding(
        TIMING,
        title,
        Status.NOT_MET,
        because=because,
        detail=_too_early_detail(days, due),
        data={**data, "too_early": True},
    )


def _too_early_detail(days: int, due: dt.date) -> str:
    return (
        f"Too early: the index surgery was {counted(days, 'day')} ago, and ICD-11 counts post-surgical pain as chronic only "
        f"from {CHRONIC_AFTER_MONTHS} months after surgery. Not met today, which does not mean the pain will not "
        f"persist: reassess on or after {due.isoformat()}."
    )


def location_finding(case: Case, verdicts: tuple[PainVerdict, ...]) -> Finding:
    """Some pain lies in the surgical field or the territory of a nerve in it (ICD-11 MG30.21)."""
    title = "Pain in the surgical area or the territory of a nerve in it"
    because = tuple(
        Because(f"pain[{v.position}].region", v.report.region.value, v.area_basis) for v in verdicts
    )
    data = {
        "pains": [
            {"pain": v.position, "in_surgical_area": v.in_area, "basis": v.area_basis} for v in verdicts
        ]
    }
    if not verdicts:
        return criteria_finding(
            LOCATION, title, Status.UNKNOWN, missing=(Missing("pain", "No pain recorded"),)
        )
    if any(v.in_area for v in verdicts):
        return criteria_finding(LOCATION, title, Status.MET, because=because, data=data)
    if case.index_surgery is None and case.operation_count == 0:
        return criteria_finding(
            LOCATION,
            title,
            Status.NOT_APPLICABLE,
            because=(Because("operation_count", 0), *because),
            detail="No spine surgery: there is no surgical area.",
            data=data,
        )
    missing = tuple(m for v in verdicts if v.in_area is None for m in v.area_missing)
    if any(v.in_area is None for v in verdicts):
        missing = missing or (
            Missing("surgeries", "The index surgery and its levels locate the surgical area"),
        )
        return criteria_finding(LOCATION, title, Status.UNKNOWN, because=because, missing=missing, data=data)
    return criteria_finding(
        LOCATION,
        title,
        Status.NOT_MET,
        because=because,
        detail="No pain lies in the surgical area or its nerve territory: look for another cause.",
        data=data,
    )


# --- exclusions ------------------------------------------------------------------------------------------


def exclusions_finding(red_flags: tuple[Finding, ...]) -> Finding:
    """Infection and malignancy excluded: their red flags not met because the inputs rule them out."""
    title = "Infection and malignancy excluded"
    by_code = {finding.code: finding for finding in red_flags}
    because, missing, open_flags, unscreened = [], [], [], []
    for code, name in RED_FLAGS_TO_EXCLUDE.items():
        flag = by_code.get(code)
        if flag is None:
            unscreened.append(name)
            missing.append(Missing("red_flags", f"The red-flag screen for {name} has not been run"))
            continue
        because.append(Because(code, flag.status.value, f"red flag for {name}"))
        if flag.status is Status.MET:
            open_flags.append(name)
            missing.append(
                Missing("tests", f"Work up the open red flag for {name} ({code}) to exclude {name}")
            )
        elif flag.status is not Status.NOT_MET:
            missing.extend(_to_exclude(name, flag))
    data = {"open": open_flags, "unscreened": unscreened}
    if open_flags:
        return criteria_finding(
            EXCLUSIONS,
            title,
            Status.NOT_MET,
            because=because,
            missing=missing,
            detail=f"Suspected {' and '.join(open_flags)} (open red flag): not excluded until worked up.",
            data=data,
        )
    if missing:
        return criteria_finding(
            EXCLUSIONS,
            title,
            Status.UNKNOWN,
            because=because,
            missing=missing,
            detail="Not yet excluded: an unscreened condition is not an excluded one.",
            data=data,
        )
    return criteria_finding(EXCLUSIONS, title, Status.MET, because=because, data=data)


def _to_exclude(name: str, flag: Finding) -> list[Missing]:
    """What the red flag says it lacks, restated as what would exclude the condition."""
    found = [Missing(item.path, f"To exclude {name}: {item.reason}") for item in flag.missing]
    return found or [Missing("red_flags", f"The red flag for {name} is undecided: screen for {name}")]


# --- ICD-11 course ---------------------------------------------------------------------------------------


def icd11_course_finding(case: Case, verdicts: tuple[PainVerdict, ...]) -> Finding:
    """The pain developed or increased after surgery, as ICD-11 chronic postsurgical pain requires."""
    title = "Pain developed or increased after surgery (ICD-11 chronic postsurgical pain)"
    candidates = [v for v in verdicts if v.qualifies] or [v for v in verdicts if v.qualifies is None]
    because = tuple(
        Because(f"pain[{v.position}].course", v.report.course.value if v.report.course else None)
        for v in candidates
    )
    if any(v.report.course in DEVELOPED_OR_INCREASED for v in candidates):
        return criteria_finding(ICD11_COURSE, title, Status.MET, because=because)
    if not candidates:
        return criteria_finding(
            ICD11_COURSE, title, Status.NOT_APPLICABLE, detail="No pain meets the other criteria."
        )
    unknown = [v for v in candidates if v.report.course is None]
    if unknown:
        missing = tuple(
            Missing(
                f"pain[{v.position}].course",
                "Persisted, worsened, new, or returned after a pain-free interval",
            )
            for v in unknown
        )
        return criteria_finding(ICD11_COURSE, title, Status.UNKNOWN, because=because, missing=missing)
    return criteria_finding(
        ICD11_COURSE,
        title,
        Status.NOT_MET,
        because=because,
        detail="The pain continues unchanged from before surgery. PSPS type 2 / FBSS include persisting pain; "
        "ICD-11 chronic postsurgical pain (MG30.21) excludes pain continuing from a pre-existing problem, so "
        "MG30.21 is not attached.",
    )
