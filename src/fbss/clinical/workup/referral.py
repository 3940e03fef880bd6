"""Surgical referral: a structural cause amenable to surgery is found or strongly suspected.

Reoperation may be considered for recurrent disc, stenosis or instability (Tronnier 2019); pseudarthrosis,
hardware failure and adjacent segment disease are listed with them here. A compression needs to be concordant
with the symptoms. A surgically amenable compression with a serious neurological deficit, or gross
instability, is an absolute contraindication to SCS until surgery is considered (Practice Parameters 2006).
Red flags keep their own urgency; this finding only names them.
"""

from __future__ import annotations

from collections.abc import Sequence

from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.sources import PRACTICE_PARAMETERS_2006, TRONNIER_2019
from fbss.clinical.workup.cause import Cause
from fbss.clinical.workup.sources import WADDELL_1979

SURGICAL_CAUSES = (
    "recurrent_disc",
    "stenosis",
    "instability",
    "pseudarthrosis",
    "hardware_failure",
    "adjacent_segment_disease",
)
COMPRESSIONS = frozenset({"recurrent_disc", "stenosis", "adjacent_segment_disease"})
URGENT_FLAGS = ("redflag.cauda_equina", "redflag.neurological_deficit")


def surgical_referral(causes: Sequence[Cause], open_flags: Sequence[str]) -> Finding:
    """Met when a surgically amenable structural cause is met; unknown while one is undecided."""
    candidates = [c for c in causes if c.cause in SURGICAL_CAUSES]
    found = [c.cause for c in candidates if c.status is Status.MET and c.surgically_amenable is True]
    undecided = [
        c.cause
        for c in candidates
        if c.status is Status.UNKNOWN or (c.status is Status.MET and c.surgically_amenable is None)
    ]
    flags = [code for code in URGENT_FLAGS if code in open_flags]
    before_scs = bool(found) and ("instability" in found or (bool(flags) and bool(COMPRESSIONS & set(found))))
    status = Status.MET if found else Status.UNKNOWN if undecided else Status.NOT_MET
    return Finding(
        code="referral.surgical",
        kind=Kind.REFERRAL,
        title=_title(status),
        status=status,
        severity=Severity.WARNING if status is Status.MET else None,
        sources=(TRONNIER_2019, PRACTICE_PARAMETERS_2006, WADDELL_1979),
        because=(
            *(Because(f"finding:differential.{c.cause}", c.status.value, c.evidence) for c in candidates),
            *(Because(f"finding:{code}", "met") for code in flags),
        ),
        missing=() if found else tuple(_what_settles(c) for c in candidates if c.cause in undecided),
        action="Refer to a spine surgeon to consider reoperation before interventional pain treatment or SCS"
        if found
        else None,
        detail="In Waddell 1979, 40% of second operations succeeded, fewer with each further operation."
        if found
        else None,
        data={
            "causes": found,
            "undecided": undecided,
            "red_flags": flags,
            "surgery_before_scs": before_scs,
        },
    )


def _what_settles(cause: Cause) -> Missing:
    reason = (
        "whether the finding is concordant with the symptoms"
        if cause.status is Status.MET
        else "its settling test: " + ", ".join(str(item) for item in cause.settled_by)
    )
    return Missing(f"finding:differential.{cause.cause}", reason)


def _title(status: Status) -> str:
    return {
        Status.MET: "Refer for a surgical opinion: a structural cause amenable to surgery",
        Status.UNKNOWN: "Surgical referral undecided: a structural cause is not yet settled",
        Status.NOT_MET: "No structural cause amenable to surgery found",
    }[status]
