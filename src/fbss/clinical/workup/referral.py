"""Surgical referral: a structural cause amenable to surgery is found or strongly suspected.

Reoperation may be considered for recurrent disc, stenosis or instability (Tronnier 2019); pseudarthrosis,
hardware failure and adjacent segment disease are listed with them here. A compression needs to be concordant
with the symptoms. A surgically amenable compression with a serious neurological deficit, or gross
instability, is an absolute contraindication to SCS until surgery is considered (Practice Parameters 2006).
While suspected cauda equina syndrome or a progressive or major deficit is open, a surgical opinion is needed
with the red flag's urgency (GIRFT CES pathway: emergency decompression if confirmed; red-flag table 2006:
urgent specialist referral), whatever the imaging so far showed; the red-flag finding carries the pathway.
"""

from __future__ import annotations

from collections.abc import Sequence

from fbss.clinical.finding import SEVERITY_ORDER, Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.sources import PRACTICE_PARAMETERS_2006, TRONNIER_2019, WADDELL_1979
from fbss.clinical.workup.cause import Cause

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
FLAG_ACTIONS = {
    "redflag.cauda_equina": "emergency MRI and, if compression is confirmed, emergency decompression",
    "redflag.neurological_deficit": "urgent MRI and specialist review of the deficit",
}


def surgical_referral(causes: Sequence[Cause], open_flags: Sequence[Finding]) -> Finding:
    """Met when a surgically amenable structural cause is met, or while suspected cauda equina syndrome or a
    progressive or major deficit is open (the red flag's urgency); unknown while a cause is undecided."""
    candidates = [c for c in causes if c.cause in SURGICAL_CAUSES]
    found = [c.cause for c in candidates if c.status is Status.MET and c.surgically_amenable is True]
    # A cause that cannot be judged yet (fusion before 12 months) is no ground for referral on its own.
    waiting = [c for c in candidates if c.status is Status.UNKNOWN and c.evidence == "too_early"]
    undecided = [
        c.cause
        for c in candidates
        if (c.status is Status.UNKNOWN and c not in waiting)
        or (c.status is Status.MET and c.surgically_amenable is None)
    ]
    flags = [f for f in open_flags if f.code in URGENT_FLAGS]
    flag_codes = [f.code for f in flags]
    before_scs = bool(found) and ("instability" in found or (bool(flags) and bool(COMPRESSIONS & set(found))))
    status = Status.MET if found or flags else Status.UNKNOWN if undecided else Status.NOT_MET
    return Finding(
        code="referral.surgical",
        kind=Kind.REFERRAL,
        title=_title(
            status,
            flags,
            only_suggested=bool(found)
            and all(c.evidence == "suggested" for c in candidates if c.cause in found),
        ),
        status=status,
        severity=_severity(flags) if flags else Severity.WARNING if found else None,
        sources=tuple(
            dict.fromkeys(
                (
                    TRONNIER_2019,
                    PRACTICE_PARAMETERS_2006,
                    WADDELL_1979,
                    *(s for f in flags for s in f.sources),
                )
            )
        ),
        because=(
            *(Because(f"finding:differential.{c.cause}", c.status.value, c.evidence) for c in candidates),
            *(Because(f"finding:{code}", "met") for code in flag_codes),
        ),
        missing=() if found or flags else tuple(_what_settles(c) for c in candidates if c.cause in undecided),
        action=_action(found, flags),
        timeframe=flags[0].timeframe if flags else None,
        detail="In Waddell 1979, 40% of second operations succeeded, fewer with each further operation."
        if found
        else None,
        data={
            "causes": found,
            "undecided": undecided,
            "red_flags": flag_codes,
            "surgery_before_scs": before_scs,
            "too_early_to_judge": {c.cause: c.data.get("judge_from") for c in waiting},
        },
    )


def _severity(flags: Sequence[Finding]) -> Severity | None:
    return min((f.severity for f in flags if f.severity), key=SEVERITY_ORDER.__getitem__, default=None)


def _action(found: Sequence[str], flags: Sequence[Finding]) -> str | None:
    if flags:
        return (
            "Spinal surgical opinion now, as the red flag directs: "
            + "; ".join(FLAG_ACTIONS[f.code] for f in flags)
            + " (see the red-flag finding)."
        )
    if found:
        return "Refer to a spine surgeon to consider reoperation before interventional pain treatment or SCS"
    return None


def _what_settles(cause: Cause) -> Missing:
    reason = (
        "whether the finding is concordant with the symptoms"
        if cause.status is Status.MET
        else "its settling test: " + ", ".join(str(item) for item in cause.settled_by)
    )
    return Missing(f"finding:differential.{cause.cause}", reason)


def _title(status: Status, flags: Sequence[Finding], only_suggested: bool = False) -> str:
    if flags:
        named = " and ".join(f.title[0].lower() + f.title[1:] for f in flags)
        return f"Refer for a surgical opinion now: {named}"
    if status is Status.MET and only_suggested:
        return "Refer for a surgical opinion: a structural cause amenable to surgery is suggested, not yet confirmed"
    return {
        Status.MET: "Refer for a surgical opinion: a structural cause amenable to surgery",
        Status.UNKNOWN: "Surgical referral undecided: a structural cause is not yet settled",
        Status.NOT_MET: "No structural cause amenable to surgery found",
    }[status]
