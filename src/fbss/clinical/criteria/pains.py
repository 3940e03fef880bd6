"""Each pain report judged against the criteria: in the surgical area, and long enough after surgery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fbss.clinical.case import Case, PainCourse, PainRegion, PainReport, SpineRegion, Surgery, roots_of_level
from fbss.clinical.criteria.common import CHRONIC_AFTER_MONTHS
from fbss.clinical.dates import months_between
from fbss.clinical.finding import Missing


@dataclass(frozen=True, slots=True)
class PainVerdict:
    """One pain report judged against the criteria: in the surgical area, and long enough after surgery."""

    position: int
    report: PainReport
    in_area: bool | None
    area_basis: str
    months_after_surgery: float | None
    duration_basis: str
    area_missing: tuple[Missing, ...]
    duration_missing: tuple[Missing, ...]

    @property
    def missing(self) -> tuple[Missing, ...]:
        return (*self.area_missing, *self.duration_missing)

    @property
    def long_enough(self) -> bool | None:
        months = self.months_after_surgery
        return None if months is None else months >= CHRONIC_AFTER_MONTHS

    @property
    def qualifies(self) -> bool | None:
        """True if in the area and long enough; False if either is known to fail; else None."""
        if self.in_area is False or self.long_enough is False:
            return False
        if self.in_area and self.long_enough:
            return True
        return None

    def to_data(self) -> dict[str, Any]:
        return {
            "pain": self.position,
            "region": self.report.region.value,
            "in_surgical_area": self.in_area,
            "area_basis": self.area_basis,
            "months_after_surgery": self.months_after_surgery,
            "duration_basis": self.duration_basis,
            "qualifies": self.qualifies,
        }


def judge_pains(case: Case) -> tuple[PainVerdict, ...]:
    """Each pain report that is pain (an NRS of 0 everywhere is no pain) judged for location and duration."""
    surgery, position = case.index_surgery, case.index_surgery_position
    verdicts = []
    for i, report in enumerate(case.pain):
        if is_no_pain(report):
            continue
        in_area, area_basis, area_missing = _in_surgical_area(i, report, surgery, position)
        months, duration_basis, duration_missing = _months_after_surgery(case, i, report, surgery)
        verdicts.append(
            PainVerdict(
                i, report, in_area, area_basis, months, duration_basis, area_missing, duration_missing
            )
        )
    return tuple(verdicts)


def is_no_pain(report: PainReport) -> bool:
    """A report whose recorded NRS values are all 0 is no pain (0 = no pain on the NRS); the phenotype uses it too."""
    ratings = [value for value in (report.nrs_now, report.nrs_average, report.nrs_worst) if value is not None]
    return bool(ratings) and all(value == 0 for value in ratings)


def _in_surgical_area(
    i: int, report: PainReport, surgery: Surgery | None, position: int | None
) -> tuple[bool | None, str, tuple[Missing, ...]]:
    """Back pain after lumbar surgery is in the surgical field; leg pain is in a nerve territory when one of
    its dermatomes is a root of an operated level. The clinician's `in_surgical_area` overrides both."""
    if report.in_surgical_area is not None:
        return report.in_surgical_area, "clinician's judgement", ()
    ask = Missing(f"pain[{i}].in_surgical_area", "Is this pain in the surgical field or its nerve territory?")
    if surgery is None or position is None:
        return None, "no index surgery", ()
    if not surgery.levels:
        return (
            None,
            "operated levels not recorded",
            (Missing(f"surgeries[{position}].levels", "The operated levels locate the surgical area"),),
        )
    if report.region is PainRegion.BACK:
        if SpineRegion.LUMBAR in surgery.regions:
            return True, "back pain after lumbar surgery: surgical field", ()
        return None, "back pain after non-lumbar surgery", (ask,)
    if report.region is PainRegion.LEG:
        if not report.dermatomes:
            return (
                None,
                "dermatomes not recorded",
                (
                    Missing(
                        f"pain[{i}].dermatomes", "Leg pain counts when it lies in a root of an operated level"
                    ),
                    ask,
                ),
            )
        roots = frozenset().union(*(roots_of_level(level) for level in surgery.levels))
        shared = sorted(roots & set(report.dermatomes))
        if shared:
            return True, f"dermatome {', '.join(shared)} of an operated level", ()
        return False, f"dermatomes outside the operated roots ({', '.join(sorted(roots))})", ()
    return None, "pain outside the back and legs", (ask,)


def _months_after_surgery(
    case: Case, i: int, report: PainReport, surgery: Surgery | None
) -> tuple[float | None, str, tuple[Missing, ...]]:
    """How long this pain has lasted since the index surgery; pain that returned after a pain-free interval
    counts only from its return."""
    if surgery is None or surgery.date is None:
        return None, "index surgery date unknown", ()
    since = float(months_between(surgery.date, case.assessment_date))
    duration = report.duration_months
    if report.course is PainCourse.NEW_AFTER_INTERVAL:
        if duration is not None:
            return min(duration, since), "duration since it returned", ()
        if report.pain_free_interval_months is not None:
            return (
                max(since - report.pain_free_interval_months, 0.0),
                "since surgery less the pain-free interval",
                (),
            )
        return (
            None,
            "returned after an interval of unknown length",
            (
                Missing(
                    f"pain[{i}].duration_months",
                    "Pain that returned after a pain-free interval counts from its return",
                ),
            ),
        )
    if report.course in (PainCourse.PERSISTED, PainCourse.WORSENED):
        return since, "continuous since before surgery", ()
    if duration is not None:
        return min(duration, since), "recorded duration", ()
    if report.course is PainCourse.NEW:
        return since, "began after surgery without a pain-free interval", ()
    return (
        None,
        "course and duration not recorded",
        (Missing(f"pain[{i}].course", "How this pain relates to the surgery (or pain[i].duration_months)"),),
    )
