"""Discitis and other post-operative infection, and the catch-all "other" cause.

When the red-flag screen has found infection (`redflag.infection` met), this finding only points to it: the
red-flag finding carries the urgency, the action and the tests, and nothing here repeats them. Otherwise
imaging of discitis or an epidural abscess points to infection, noting that early post-operative change
(2 months to 2 years) can mimic discitis (Cosnard 1995); CRP/ESR/WBC are read against the normal
post-operative curve by the red-flag screen (Thelander 1992).
"""

from __future__ import annotations

from fbss.clinical.case import SurgeryType, TestFindingType, TestKind
from fbss.clinical.codes import POSTOPERATIVE_INFECTION_SCT
from fbss.clinical.finding import Status
from fbss.clinical.sources import COSNARD_1995, SEBAALY_2018, THELANDER_1992, YUSUF_2019
from fbss.clinical.workup.cause import Cause
from fbss.clinical.workup.record import IMAGING, INFLAMMATORY_LABS, XRAYS, Record
from fbss.clinical.workup.sources import BARR_EDX, SLIPMAN_2002

INFECTION_ON_IMAGING = frozenset({TestFindingType.DISCITIS, TestFindingType.EPIDURAL_ABSCESS})
OEDEMA_MIMICS_DISCITIS_MONTHS = (2, 24)  # Cosnard 1995: early post-operative change, 2 months to 2 years
OTHER_STRUCTURAL = frozenset(
    {
        TestFindingType.SAGITTAL_IMBALANCE,
        TestFindingType.PSEUDOMENINGOCELE,
        TestFindingType.FLUID_COLLECTION,
        TestFindingType.FRACTURE,
        TestFindingType.SUSPICIOUS_LESION,
    }
)
NERVE_MIMICS = frozenset({TestFindingType.PERIPHERAL_NEUROPATHY, TestFindingType.ENTRAPMENT_NEUROPATHY})
RED_FLAG_FOR = {
    TestFindingType.FRACTURE: "redflag.fracture",
    TestFindingType.SUSPICIOUS_LESION: "redflag.malignancy",
}


def infection(record: Record) -> Cause:
    """Defers to `redflag.infection` when met; else discitis or abscess on imaging; else the flag's state."""
    cause = Cause("infection", structural=True, settled_by=("labs", TestKind.MRI_GADOLINIUM))
    cause.cite(YUSUF_2019, THELANDER_1992, COSNARD_1995)
    cause.codes = (POSTOPERATIVE_INFECTION_SCT,)
    flag = record.upstream("redflag.infection")
    if flag is not None:
        cause.trail.saw("finding:redflag.infection", flag.status.value)
    found = record.found(INFECTION_ON_IMAGING, IMAGING)
    if flag is not None and flag.status is Status.MET:
        cause.points_to("deferred")
        cause.data["deferred_to"] = "redflag.infection"
        if found:  # the flag is never softened, but the reader of the imaging should know the mimic
            _note_oedema_window(record, cause)
        return cause
    if found:
        for f in found:
            cause.trail.saw(f.path, f.finding.type.value, f.test.kind.value)
        cause.points_to("suggested")
        if not record.current_labs(INFLAMMATORY_LABS):
            cause.need("labs")
        _note_oedema_window(record, cause)
    elif flag is None:
        cause.trail.lacks(
            "finding:redflag.infection", "the red-flag screen decides whether infection is suspected"
        )
    elif flag.status is Status.NOT_MET:
        cause.against()
    elif not record.current_labs(INFLAMMATORY_LABS):
        cause.need("labs")
        cause.trail.lacks("labs", "CRP, ESR and WBC against the post-operative curve help exclude infection")
    else:
        cause.trail.lacks(
            "finding:redflag.infection", "infection is not yet excluded: the red-flag finding says what would"
        )
    return cause


def other(record: Record) -> Cause:
    """Sagittal imbalance, pseudomeningocele, collections, a new-level herniation, nerve mimics on EMG/NCS."""
    cause = Cause(
        "other", structural=False, settled_by=(TestKind.XRAY_WHOLE_SPINE, TestKind.MRI, TestKind.EMG_NCS)
    )
    cause.cite(SEBAALY_2018, BARR_EDX, SLIPMAN_2002)
    found = record.found(OTHER_STRUCTURAL, IMAGING | XRAYS)
    new_level = [
        h for h in record.found({TestFindingType.DISC_HERNIATION}, IMAGING) if record.place(h) == "elsewhere"
    ]
    mimics = record.found(NERVE_MIMICS, {TestKind.EMG_NCS})
    for f in found + new_level:
        cause.trail.saw(f.path, f.finding.type.value, RED_FLAG_FOR.get(f.finding.type))
    for m in mimics:
        cause.trail.saw(m.path, m.finding.type.value, "a nerve lesion outside the spine")
    if found or new_level or mimics:
        cause.points_to("confirmed")
        cause.structural = bool(found or new_level)
        cause.data["red_flags"] = sorted(
            {RED_FLAG_FOR[f.finding.type] for f in found if f.finding.type in RED_FLAG_FOR}
        )
    if record.surgeries_of(SurgeryType.FUSION) and not record.resulted({TestKind.XRAY_WHOLE_SPINE}):
        cause.need(TestKind.XRAY_WHOLE_SPINE)
        cause.trail.lacks("tests", "a standing whole-spine radiograph shows sagittal imbalance after fusion")
    if _emg_would_add(record):
        cause.need(TestKind.EMG_NCS)
    cause.notes.append("Unknown aetiology in 5.6% of fully worked-up charts (Slipman 2002).")
    return cause


def _note_oedema_window(record: Record, cause: Cause) -> None:
    last = record.last_surgery_date
    if last is None:
        return
    months = record.days_since(last) / 30.44
    low, high = OEDEMA_MIMICS_DISCITIS_MONTHS
    if low <= months <= high:
        cause.notes.append(
            "Early post-operative change (2 months to 2 years) can mimic discitis (Cosnard 1995)."
        )


def _emg_would_add(record: Record) -> bool:
    """A nerve lesion is graded possible or probable, and current imaging has not confirmed it."""
    grade = record.upstream("phenotype.neuropathic_grade")
    if grade is None or grade.value not in ("possible", "probable"):
        return False
    already = record.resulted({TestKind.EMG_NCS})
    return not already and grade.data.get("confirmatory_test") is False
