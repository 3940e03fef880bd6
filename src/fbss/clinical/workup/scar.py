"""Complications around the roots: epidural fibrosis and arachnoiditis (Cosnard 1995).

On gadolinium MRI vascular scar enhances and disc material does not. Scar can enhance for years, and
pathological fibrosis cannot be told from ordinary post-operative scar, so "shown" means scar is there, not
that it causes the pain. Arachnoiditis shows as clumped or peripherally adherent roots. Neither is a reason to
reoperate: scarring and neurolysis precluded a good result of repeat surgery (Waddell 1979).
A 1-6 month pain-free interval is a heuristic from a low-quality source: shown labelled, never deciding.
"""

from __future__ import annotations

from fbss.clinical.case import Enhancement, PainRegion, TestFindingType, TestKind
from fbss.clinical.codes import ARACHNOIDITIS_ICD11, ARACHNOIDITIS_SCT
from fbss.clinical.sources import COSNARD_1995, WADDELL_1979
from fbss.clinical.workup.cause import Cause
from fbss.clinical.workup.record import IMAGING, MRIS, Record
from fbss.clinical.workup.sources import PAIN_FREE_INTERVAL_HEURISTIC

HEURISTIC_INTERVAL_MONTHS = (1, 6)  # [S] low-quality source: a 1-6 month pain-free period


def epidural_fibrosis(record: Record) -> Cause:
    """Enhancing scar around the roots on gadolinium MRI."""
    cause = Cause(
        "epidural_fibrosis", structural=True, settled_by=(TestKind.MRI_GADOLINIUM,), surgically_amenable=False
    )
    cause.cite(COSNARD_1995, WADDELL_1979)
    note_interval_heuristic(record, cause, "fibrosis")
    enhancing_mass = [
        h
        for h in record.found({TestFindingType.DISC_HERNIATION}, {TestKind.MRI_GADOLINIUM})
        if h.finding.enhancement is Enhancement.HOMOGENEOUS
    ]
    on_gadolinium = (
        record.found({TestFindingType.EPIDURAL_FIBROSIS}, {TestKind.MRI_GADOLINIUM}) + enhancing_mass
    )
    elsewhere = record.found({TestFindingType.EPIDURAL_FIBROSIS}, {TestKind.MRI, TestKind.CT})
    if on_gadolinium:
        for f in on_gadolinium:
            cause.trail.saw(f.path, f.finding.type.value, "enhancing scar on gadolinium MRI")
        cause.points_to("confirmed")
        cause.notes.append(
            "Scar enhances for years after any operation; pathological fibrosis cannot be told from ordinary "
            "scar (Cosnard 1995)."
        )
    elif record.resulted({TestKind.MRI_GADOLINIUM}):
        cause.trail.saw("tests", "no enhancing scar on current gadolinium MRI")
        cause.against()
    elif elsewhere:
        for f in elsewhere:
            cause.trail.saw(f.path, f.finding.type.value, "reported without contrast")
        cause.points_to("suggested")
        cause.need(TestKind.MRI_GADOLINIUM)
    elif record.has_pain(PainRegion.LEG):
        cause.need(TestKind.MRI_GADOLINIUM)
        cause.trail.lacks("tests", "gadolinium MRI shows enhancing scar around the roots")
    return cause


def arachnoiditis(record: Record) -> Cause:
    """Clumped or peripherally adherent nerve roots on MRI."""
    cause = Cause("arachnoiditis", structural=True, settled_by=(TestKind.MRI,), surgically_amenable=False)
    cause.cite(COSNARD_1995, WADDELL_1979)
    cause.codes = (ARACHNOIDITIS_SCT, ARACHNOIDITIS_ICD11)
    note_interval_heuristic(record, cause, "arachnoiditis")
    found = record.found({TestFindingType.ARACHNOIDITIS}, IMAGING)
    if found:
        for f in found:
            cause.trail.saw(f.path, f.finding.type.value, f.test.kind.value)
        cause.points_to("confirmed" if any(f.test.kind in MRIS for f in found) else "suggested")
        if cause.evidence == "suggested":
            cause.need(TestKind.MRI)
    elif record.resulted(MRIS):
        cause.trail.saw("tests", "no arachnoiditis on current MRI")
        cause.against()
    elif record.has_pain(PainRegion.LEG):
        cause.need(TestKind.MRI)
        cause.trail.lacks("tests", "MRI shows clumped or adherent roots")
    cause.notes.append("Seen on 5-10% of post-operative MRI studies (Cosnard 1995).")
    return cause


def note_interval_heuristic(record: Record, cause: Cause, what: str) -> None:
    """Label a 1-6 month pain-free interval as the heuristic it is; it never changes the status."""
    low, high = HEURISTIC_INTERVAL_MONTHS
    for path, months in record.pain_free_intervals():
        if low <= months <= high:
            cause.trail.saw(path, months, f"heuristic only (low-quality source): 1-6 months suggests {what}")
            cause.cite(PAIN_FREE_INTERVAL_HEURISTIC)
