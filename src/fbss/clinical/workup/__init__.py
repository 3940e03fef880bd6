"""Differential diagnosis and work-up of persisting pain after spine surgery.

`differential(case, earlier)` reads the case and the upstream findings (red flags, scores, phenotype,
criteria) and returns one `differential.<cause>` finding per cause of the fact sheet (§5), one `workup.<item>`
finding per test or review, and `referral.surgical`. The rules and their sources are in docs/workup.md.
"""

from __future__ import annotations

from collections.abc import Callable

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.workup.cause import CAUSES, Cause
from fbss.clinical.workup.compressive import recurrent_disc, stenosis
from fbss.clinical.workup.fusion import (
    adjacent_segment_disease,
    hardware_failure,
    instability,
    pseudarthrosis,
)
from fbss.clinical.workup.generators import facet_joint, myofascial, sacroiliac_joint
from fbss.clinical.workup.infection import infection, other
from fbss.clinical.workup.orders import work_up
from fbss.clinical.workup.record import Record
from fbss.clinical.workup.referral import surgical_referral
from fbss.clinical.workup.scar import arachnoiditis, epidural_fibrosis

__all__ = ["CAUSES", "RULES", "differential"]

RULES: dict[str, Callable[[Record], Cause]] = {
    "recurrent_disc": recurrent_disc,
    "stenosis": stenosis,
    "pseudarthrosis": pseudarthrosis,
    "hardware_failure": hardware_failure,
    "instability": instability,
    "adjacent_segment_disease": adjacent_segment_disease,
    "epidural_fibrosis": epidural_fibrosis,
    "arachnoiditis": arachnoiditis,
    "facet_joint": facet_joint,
    "sacroiliac_joint": sacroiliac_joint,
    "myofascial": myofascial,
    "infection": infection,
    "other": other,
}


def differential(case: Case, earlier: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Every cause judged, every work-up item with its state, and whether to refer for a surgical opinion."""
    record = Record(case, earlier)
    causes = [RULES[name](record) for name in CAUSES]
    open_flags = [f for f in earlier if f.kind is Kind.RED_FLAG and f.status is Status.MET]
    return (
        *(cause.finding() for cause in causes),
        *work_up(record, causes),
        surgical_referral(causes, open_flags),
    )
