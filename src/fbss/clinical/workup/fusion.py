"""Mechanical causes: pseudarthrosis, hardware failure, instability and adjacent segment disease.

Pseudarthrosis is usually judged 12 months after fusion; thin-slice CT is the recommended test and static
radiographs alone are accurate in only about two thirds (Resnick 2005); always consider infection beside it.
Hardware is shown by radiographs and CT (Nouh 2012). Instability is shown by flexion-extension radiographs;
gross instability needs surgery before SCS (Practice Parameters 2006). Each of these is a reason to consider
reoperation when found (Tronnier 2019).
"""

from __future__ import annotations

import datetime as dt

from fbss.clinical.case import PainRegion, SurgeryType, TestFindingType, TestKind
from fbss.clinical.codes import PSEUDARTHROSIS_AFTER_FUSION_ICD10CM
from fbss.clinical.dates import add_months
from fbss.clinical.sources import PRACTICE_PARAMETERS_2006, TRONNIER_2019
from fbss.clinical.workup.cause import Cause
from fbss.clinical.workup.compressive import amenable_if_concordant
from fbss.clinical.workup.levels import discs_of_all, segment_name
from fbss.clinical.workup.record import IMAGING, MRIS, XRAYS, Located, Record
from fbss.clinical.workup.sources import NOUH_2012, RESNICK_2005

PSEUDARTHROSIS_JUDGED_AT_MONTHS = 12  # Resnick 2005 / ISSLS: fusion is usually judged at 12 months
HARDWARE = frozenset(
    {
        TestFindingType.HARDWARE_LOOSENING,
        TestFindingType.HARDWARE_BREAKAGE,
        TestFindingType.HARDWARE_MALPOSITION,
    }
)
ADJACENT_DEGENERATION = frozenset(
    {
        TestFindingType.ADJACENT_SEGMENT_DEGENERATION,
        TestFindingType.DISC_HERNIATION,
        TestFindingType.CENTRAL_STENOSIS,
        TestFindingType.FORAMINAL_STENOSIS,
        TestFindingType.SPONDYLOLISTHESIS,
        TestFindingType.INSTABILITY,
    }
)


def pseudarthrosis(record: Record) -> Cause:
    """Failed bony union after fusion: CT-shown, radiograph-suggested, or undecided before 12 months."""
    cause = Cause(
        "pseudarthrosis",
        structural=True,
        settled_by=(TestKind.CT, TestKind.XRAY_FLEXION_EXTENSION, TestKind.XRAY),
    )
    cause.cite(RESNICK_2005, TRONNIER_2019)
    cause.codes = (PSEUDARTHROSIS_AFTER_FUSION_ICD10CM,)
    if not _had_fusion(record, cause):
        return cause
    found = record.found({TestFindingType.PSEUDARTHROSIS}, {TestKind.CT, *XRAYS})
    # Resnick 2005 (fact sheet §5.2, pseudarthrosis): on flexion-extension films lack of motion suggests fusion, so
    # motion across a fused segment suggests non-union (never more than suggested: CT judges it).
    found += _motion_across_fusion(record)
    for p in found:
        cause.trail.saw(p.path, p.finding.type.value, p.test.kind.value)
    fusion_date = _latest_fusion_date(record, cause)
    judge_from = add_months(fusion_date, PSEUDARTHROSIS_JUDGED_AT_MONTHS) if fusion_date else None
    if judge_from is not None:
        cause.data["judge_from"] = judge_from.isoformat()
    too_early = judge_from is not None and record.case.assessment_date < judge_from
    if found and not too_early:
        on_ct = any(p.test.kind is TestKind.CT for p in found)
        cause.points_to("confirmed" if on_ct else "suggested")
        cause.surgically_amenable = True
        cause.notes.append("Consider a concomitant infection.")
        if not on_ct:
            cause.need(TestKind.CT)
            cause.notes.append(
                "Static radiographs alone are accurate in only about two thirds; thin-slice CT."
            )
        return cause
    if judge_from is None:
        return cause
    if too_early:
        cause.evidence = "too_early"
        cause.notes.append(f"Fusion is usually judged at 12 months: from {judge_from.isoformat()}.")
        if found:
            cause.notes.append(
                "Bridging bone is still incomplete before 12 months: delayed union is possible, so this is "
                "neither pseudarthrosis nor, alone, a reason to refer (Resnick 2005)."
            )
        cause.trail.lacks(
            "tests",
            ("delayed union possible; " if found else "")
            + f"judge the fusion on thin-slice CT from {judge_from.isoformat()}",
        )
    elif _ct_after(record, judge_from):
        cause.trail.saw("tests", "no pseudarthrosis on CT 12 months or more after fusion")
        cause.against()
    elif record.case.pain:
        cause.need(TestKind.CT)
        cause.trail.lacks("tests", "thin-slice CT with reconstructions judges fusion from 12 months")
    return cause


def hardware_failure(record: Record) -> Cause:
    """Loosening, breakage or malposition of screws, rods or cages on radiographs or CT."""
    cause = Cause(
        "hardware_failure",
        structural=True,
        settled_by=(TestKind.XRAY, TestKind.XRAY_WHOLE_SPINE, TestKind.CT),
    )
    cause.cite(NOUH_2012, TRONNIER_2019)
    hardware = _instrumented(record, cause)
    if hardware is False:
        cause.against("not_applicable")
        return cause
    found = record.found(HARDWARE, {TestKind.CT, *XRAYS})
    if found:
        for h in found:
            cause.trail.saw(h.path, h.finding.type.value, h.test.kind.value)
        on_ct = any(h.test.kind is TestKind.CT for h in found)
        cause.points_to("confirmed" if on_ct else "suggested")
        cause.surgically_amenable = True
        if not on_ct:
            cause.need(TestKind.CT)
    elif hardware and record.resulted({TestKind.CT, *XRAYS}):
        cause.trail.saw("tests", "no hardware complication on current radiographs or CT")
        cause.against()
    elif hardware and record.case.pain:
        cause.need(TestKind.XRAY)
        cause.trail.lacks("tests", "radiographs (CT if in doubt) show loosening, breakage or malposition")
    return cause


def _motion_across_fusion(record: Record) -> list[Located]:
    """Abnormal motion on flexion-extension radiographs at a level that was fused."""
    moving = record.found({TestFindingType.INSTABILITY}, {TestKind.XRAY_FLEXION_EXTENSION})
    return [m for m in moving if m.finding.level and discs_of_all([m.finding.level]) & record.fused_discs]


def instability(record: Record) -> Cause:
    """Abnormal motion on flexion-extension radiographs; a slip on static imaging only raises the question."""
    cause = Cause("instability", structural=True, settled_by=(TestKind.XRAY_FLEXION_EXTENSION,))
    cause.cite(TRONNIER_2019, PRACTICE_PARAMETERS_2006)
    found = record.found({TestFindingType.INSTABILITY}, {TestKind.XRAY_FLEXION_EXTENSION})
    found = [f for f in found if record.place(f) != "adjacent"]
    if found:
        for f in found:
            cause.trail.saw(f.path, f.finding.type.value, f.finding.level)
        cause.points_to("confirmed")
        cause.surgically_amenable = True
        return cause
    if record.resulted({TestKind.XRAY_FLEXION_EXTENSION}):
        cause.trail.saw("tests", "no abnormal motion on current flexion-extension radiographs")
        cause.against()
        return cause
    for slip in record.found({TestFindingType.SPONDYLOLISTHESIS}, IMAGING | XRAYS):
        cause.trail.saw(
            slip.path, slip.finding.type.value, "a slip: flexion-extension shows whether it moves"
        )
    if record.case.surgeries and record.has_pain(PainRegion.BACK):
        cause.need(TestKind.XRAY_FLEXION_EXTENSION)
        cause.trail.lacks("tests", "flexion-extension radiographs show segmental instability")
    return cause


def adjacent_segment_disease(record: Record) -> Cause:
    """Degeneration, herniation, stenosis, slip or instability at the mobile segment next to a fusion."""
    cause = Cause(
        "adjacent_segment_disease",
        structural=True,
        settled_by=(TestKind.XRAY_FLEXION_EXTENSION, TestKind.MRI),
    )
    cause.cite(TRONNIER_2019)
    fusions = record.surgeries_of(SurgeryType.FUSION)
    if record.case.surgeries and not fusions:
        cause.trail.saw("surgeries", "no fusion", "adjacent segment disease follows a fusion")
        cause.against("not_applicable")
        return cause
    if not record.fused_discs:
        cause.trail.lacks("surgeries[].levels", "the fused levels decide which segments are adjacent")
        return cause
    cause.data["adjacent_segments"] = [segment_name(d) for d in sorted(record.discs_adjacent_to_fusion)]
    kinds = IMAGING | XRAYS
    found = [f for f in record.found(ADJACENT_DEGENERATION, kinds) if record.place(f) == "adjacent"]
    for f in record.found({TestFindingType.ADJACENT_SEGMENT_DEGENERATION}, kinds):
        if record.place(f) == "unplaced":
            found.append(f)
            cause.trail.lacks(f"{f.path}.level", "the level confirms the segment is next to the fusion")
    if found:
        for f in found:
            cause.trail.saw(f.path, f.finding.type.value, f.finding.level)
        cause.points_to("confirmed")
        cause.surgically_amenable = amenable_if_concordant(found, cause)
    elif record.resulted(MRIS):
        cause.trail.saw("tests", "nothing at the adjacent segments on current MRI")
        cause.against()
    elif record.case.pain:
        cause.need(TestKind.XRAY_FLEXION_EXTENSION, TestKind.MRI)
        cause.trail.lacks(
            "tests", "standing flexion-extension radiographs and MRI show adjacent segment disease"
        )
    return cause


def _had_fusion(record: Record, cause: Cause) -> bool:
    if not record.case.surgeries:
        cause.trail.lacks("surgeries", "pseudarthrosis can only follow a fusion")
        return False
    if not record.surgeries_of(SurgeryType.FUSION):
        cause.trail.saw("surgeries", "no fusion", "pseudarthrosis can only follow a fusion")
        cause.against("not_applicable")
        return False
    return True


def _latest_fusion_date(record: Record, cause: Cause) -> dt.date | None:
    fusions = record.surgeries_of(SurgeryType.FUSION)
    dated = [(i, s.date) for i, s in fusions if s.date is not None]
    if not dated:
        cause.trail.lacks(
            f"surgeries[{fusions[0][0]}].date", "fusion is judged 12 months after the operation"
        )
        return None
    i, day = max(dated, key=lambda item: item[1])
    cause.trail.saw(f"surgeries[{i}].date", day.isoformat(), "latest fusion")
    return day


def _ct_after(record: Record, day: dt.date) -> bool:
    return any(t.date is not None and t.date >= day for _, t in record.resulted({TestKind.CT}))


def _instrumented(record: Record, cause: Cause) -> bool | None:
    """True if any operation placed hardware, False if none did, None if the record does not say."""
    if not record.case.surgeries:
        cause.trail.lacks("surgeries", "hardware failure needs an instrumented operation")
        return None
    unknown = False
    for i, surgery in enumerate(record.case.surgeries):
        if surgery.instrumented:
            cause.trail.saw(f"surgeries[{i}].instrumented", True)
            return True
        if surgery.instrumented is None:
            unknown = True
            cause.trail.lacks(f"surgeries[{i}].instrumented", "whether hardware was placed")
    if unknown:
        return None
    cause.trail.saw("surgeries[].instrumented", False, "no hardware placed")
    return False
