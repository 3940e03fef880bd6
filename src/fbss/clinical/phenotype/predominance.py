"""Back- vs leg-predominant pain, from the NRS of the back and leg pain reports.

PROCESS defined predominant leg pain as leg pain > 50% of total (back + leg) pain; PROMISE enrolled back
pain > leg pain. Both reduce to a strict comparison of the two ratings, so no further margin is added:
leg > back is "leg", back > leg is "back", equal is "balanced". The two ratings must be on the same measure
(average, else now, else worst); with several reports of a region the highest rating counts. `data` keeps
the leg share and the difference, so a reader can see how narrow a call was.
"""

from __future__ import annotations

from fbss.clinical.case import Case, PainRegion, PainReport
from fbss.clinical.criteria.pains import is_no_pain
from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.phenotype.trail import Trail
from fbss.clinical.sources import PROCESS_2007, PROMISE_2019

LEG_SHARE_ABOVE_PERCENT = 50  # PROCESS: leg pain > 50% of total pain
NRS_MEASURES = ("nrs_average", "nrs_now", "nrs_worst")
Rated = list[tuple[int, PainReport]]


def predominance(case: Case) -> Finding:
    """Back- or leg-predominant pain, from the back and leg NRS taken on the same measure."""
    trail = Trail()
    # A report rated 0 on every recorded NRS is no pain (as in criteria.fbss): 0 vs 0 is not a balanced pain.
    painless = [(i, p) for i, p in enumerate(case.pain) if is_no_pain(p)]
    for i, report in painless:
        trail.saw(f"pain[{i}]", f"{report.region.value} rated 0", "an NRS of 0 everywhere is no pain")
    back = [(i, p) for i, p in enumerate(case.pain) if p.region is PainRegion.BACK and not is_no_pain(p)]
    legs = [(i, p) for i, p in enumerate(case.pain) if p.region is PainRegion.LEG and not is_no_pain(p)]
    value, back_nrs, leg_nrs = "unknown", None, None
    if back and legs:
        measure = next((m for m in NRS_MEASURES if _all_rated(back, m) and _all_rated(legs, m)), None)
        if measure is None:
            trail.lacks(
                f"pain[{back[0][0]}].nrs_average", "back and leg need a rating on the same NRS measure"
            )
            trail.lacks(
                f"pain[{legs[0][0]}].nrs_average", "back and leg need a rating on the same NRS measure"
            )
        else:
            back_nrs, leg_nrs = _highest(back, measure, trail), _highest(legs, measure, trail)
            value = compare(back_nrs, leg_nrs)
    elif back or legs:
        value = "back" if back else "leg"
        trail.saw("pain", f"only {value} pain reported", "the one painful region predominates")
    elif painless:
        trail.lacks(
            "pain",
            "no back or leg pain recorded: the back and leg reports are rated 0, so neither predominates",
        )
    else:
        trail.lacks("pain", "back and leg pain ratings decide which predominates")
    return Finding(
        code="phenotype.predominance",
        kind=Kind.PHENOTYPE,
        title=_title(value, back_nrs, leg_nrs),
        status=Status.UNKNOWN if value == "unknown" else Status.MET,
        sources=(PROCESS_2007, PROMISE_2019),
        because=tuple(trail.because),
        missing=tuple(trail.missing),
        value=value,
        data={
            "back_nrs": back_nrs,
            "leg_nrs": leg_nrs,
            "leg_share_percent": leg_share_percent(back_nrs, leg_nrs),
            "difference": None if back_nrs is None or leg_nrs is None else leg_nrs - back_nrs,
        },
    )


def compare(back_nrs: int, leg_nrs: int) -> str:
    """'leg' when leg pain is more than half the total (PROCESS), 'back' when back > leg (PROMISE)."""
    share = leg_share_percent(back_nrs, leg_nrs)
    if share is None:
        return "balanced"
    if share > LEG_SHARE_ABOVE_PERCENT:
        return "leg"
    return "back" if back_nrs > leg_nrs else "balanced"


def leg_share_percent(back_nrs: int | None, leg_nrs: int | None) -> float | None:
    if back_nrs is None or leg_nrs is None or back_nrs + leg_nrs == 0:
        return None
    return round(100 * leg_nrs / (back_nrs + leg_nrs), 1)


def _all_rated(reports: Rated, measure: str) -> bool:
    return all(getattr(report, measure) is not None for _, report in reports)


def _highest(reports: Rated, measure: str, trail: Trail) -> int:
    i, report = max(reports, key=lambda item: int(getattr(item[1], measure)))
    value = int(getattr(report, measure))
    trail.saw(f"pain[{i}].{measure}", value)
    return value


def _title(value: str, back: int | None, leg: int | None) -> str:
    scores = f" (leg {leg} vs back {back} of 10)" if back is not None and leg is not None else ""
    return {
        "leg": f"Leg pain predominates{scores}",
        "back": f"Back pain predominates{scores}",
        "balanced": f"Back and leg pain are equal{scores}",
        "unknown": "Which pain predominates cannot be decided from the record",
    }[value]
