"""FBSS / persistent spinal pain syndrome type 2 (PSPS-T2) criteria.

One `criteria.fbss` finding, and sub-findings that show each part: the time since the index surgery, the
location of the pain, the exclusion of infection and malignancy, and whether the pain developed or increased
after surgery (needed by ICD-11 chronic postsurgical pain, not by PSPS-T2). Each part names the definition
it follows. The red-flag findings are read by code, never re-run.
"""

from __future__ import annotations

from typing import Any

from fbss.clinical import codes
from fbss.clinical.case import Case, SpineRegion
from fbss.clinical.criteria.common import (
    CHRONIC_AFTER_MONTHS,
    DEFINITIONS,
    EXCLUSIONS,
    FBSS,
    ICD11_COURSE,
    LOCATION,
    TIMING,
    TREEDE_2019,
    criteria_finding,
)
from fbss.clinical.criteria.pains import PainVerdict, judge_pains
from fbss.clinical.criteria.parts import (
    exclusions_finding,
    icd11_course_finding,
    location_finding,
    timing_finding,
)
from fbss.clinical.finding import Because, Coding, Finding, Missing, Status
from fbss.clinical.wording import counted

__all__ = [
    "CHRONIC_AFTER_MONTHS",
    "EXCLUSIONS",
    "FBSS",
    "ICD11_COURSE",
    "LOCATION",
    "TIMING",
    "TREEDE_2019",
    "fbss_criteria",
    "judge_pains",
]

YES_NO = {True: "yes", False: "no", None: "not known"}


def fbss_criteria(case: Case, red_flags: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The FBSS / PSPS-T2 criteria (`criteria.fbss`) followed by one sub-finding per part."""
    timing = timing_finding(case)
    verdicts = judge_pains(case)
    location = location_finding(case, verdicts)
    exclusions = exclusions_finding(red_flags)
    course = icd11_course_finding(case, verdicts)
    overall = _overall(case, timing, location, verdicts, exclusions, course)
    return overall, timing, location, exclusions, course


# --- the overall finding ---------------------------------------------------------------------------------

# The title says the conclusion, so that a status shown beside it ("no") never reads "no ... criteria met".
OVERALL_TITLES = {
    Status.MET: "FBSS / persistent spinal pain syndrome type 2 criteria met",
    Status.NOT_MET: "FBSS / persistent spinal pain syndrome type 2 criteria not met",
    Status.UNKNOWN: "FBSS / persistent spinal pain syndrome type 2 criteria not yet decidable",
}


def _overall(
    case: Case,
    timing: Finding,
    location: Finding,
    verdicts: tuple[PainVerdict, ...],
    exclusions: Finding,
    course: Finding,
) -> Finding:
    status, detail, missing = _decide(timing, verdicts, exclusions, course)
    data: dict[str, Any] = {
        "definitions": DEFINITIONS,
        "chronic_after_months": CHRONIC_AFTER_MONTHS,
        "parts": {part.code: part.status.value for part in (timing, location, exclusions, course)},
        "pains": [verdict.to_data() for verdict in verdicts],
        "icd11_course": course.status.value,
        **{key: timing.data[key] for key in ("too_early", "decidable_from") if key in timing.data},
    }
    return criteria_finding(
        FBSS,
        OVERALL_TITLES[status],
        status,
        because=(*timing.because, *(_pain_because(v) for v in verdicts), *exclusions.because),
        missing=missing,
        detail=detail,
        codes=_codes(case, course),
        data=data,
    )


def _decide(
    timing: Finding, verdicts: tuple[PainVerdict, ...], exclusions: Finding, course: Finding
) -> tuple[Status, str | None, tuple[Missing, ...]]:
    """Too early is not met; pain that cannot qualify is not met; a qualifying pain with infection and
    malignancy excluded is met; anything else is not yet decidable, and `missing` says why."""
    if timing.status is Status.NOT_MET:
        return Status.NOT_MET, timing.detail, ()
    if timing.status is Status.UNKNOWN:
        return (
            Status.UNKNOWN,
            "Not yet decidable: the index surgery or its date is not recorded.",
            timing.missing,
        )
    if not verdicts:
        return Status.UNKNOWN, "Not yet decidable: no pain recorded.", (Missing("pain", "No pain recorded"),)
    qualifying = [v for v in verdicts if v.qualifies]
    undecided = [v for v in verdicts if v.qualifies is None]
    if not qualifying and not undecided:
        return Status.NOT_MET, _no_qualifying_pain(verdicts), ()
    if qualifying and exclusions.status is Status.MET:
        return Status.MET, _met_detail(course), ()
    missing = (
        *(() if qualifying else (m for v in undecided for m in v.missing)),
        *(() if exclusions.status is Status.MET else exclusions.missing),
    )
    reasons = (
        [] if qualifying else ["Whether a pain lies in the surgical area and has lasted long enough is open."]
    )
    if exclusions.status is not Status.MET:
        reasons.append(exclusions.detail or "Infection and malignancy are not yet excluded.")
    return Status.UNKNOWN, "Not yet decidable. " + " ".join(reasons), tuple(missing)


def _pain_because(verdict: PainVerdict) -> Because:
    months = verdict.months_after_surgery
    lasted = (
        "unknown"
        if months is None
        else f"{counted(months, 'month')} after surgery ({verdict.duration_basis})"
    )
    return Because(
        f"pain[{verdict.position}]",
        verdict.report.region.value,
        f"in surgical area: {YES_NO[verdict.in_area]} ({verdict.area_basis}); lasted: {lasted}",
    )


def _no_qualifying_pain(verdicts: tuple[PainVerdict, ...]) -> str:
    short = [v for v in verdicts if v.in_area and v.long_enough is False]
    if short:
        return (
            f"The pain in the surgical area has not yet lasted {CHRONIC_AFTER_MONTHS} months since it began or "
            "returned: too early. Reassess once it has."
        )
    return "No pain lies in the surgical area or its nerve territory: look for another cause."


def _met_detail(course: Finding) -> str:
    detail = (
        f"Pain in the surgical area or its nerve territory, lasting at least {CHRONIC_AFTER_MONTHS} months after "
        "the index surgery, with infection and malignancy excluded (PSPS type 2 / FBSS)."
    )
    if course.status is Status.MET:
        return detail + " It developed or increased after surgery, so ICD-11 MG30.21 applies as well."
    if course.status is Status.NOT_MET:
        return detail + " It persists unchanged from before surgery: ICD-11 MG30.21 does not apply."
    return detail + " Whether it developed or increased after surgery (ICD-11 MG30.21) is not recorded."


def _codes(case: Case, course: Finding) -> tuple[Coding, ...]:
    """M96.1 and SNOMED post-laminectomy syndrome always; the regional SNOMED concept when the index surgery's
    region is known; ICD-11 MG30.21 unless the pain is known to continue unchanged from before surgery."""
    found: list[Coding] = [codes.POSTLAMINECTOMY_SYNDROME_ICD10CM]
    if course.status is not Status.NOT_MET:
        found.append(codes.CHRONIC_POSTSURGICAL_PAIN_ICD11)
    found.append(codes.POST_LAMINECTOMY_SYNDROME_SCT)
    surgery = case.index_surgery
    regions = surgery.regions if surgery else frozenset()
    found.extend(
        codes.POST_LAMINECTOMY_SYNDROME_BY_REGION[region] for region in SpineRegion if region in regions
    )
    return tuple(found)
