"""Compressive causes: recurrent or residual disc herniation, and central or foraminal stenosis.

Recurrent herniation is defined at the operated level after a pain-free interval of more than 6 months
(Mattar 2012). After an operation, gadolinium MRI tells disc from scar: scar enhances, disc material does not
(or only at its rim) (Cosnard 1995). A compression is amenable to surgery when it is concordant with the
symptoms (Tronnier 2019). Findings adjacent to a fusion belong to adjacent segment disease; a herniation at
an unoperated level elsewhere belongs to "other".
"""

from __future__ import annotations

from collections.abc import Sequence

from fbss.clinical.case import Enhancement, PainCourse, PainRegion, TestFindingType, TestKind
from fbss.clinical.sources import COSNARD_1995, TRONNIER_2019
from fbss.clinical.workup.cause import Cause
from fbss.clinical.workup.record import IMAGING, MRIS, Located, Record
from fbss.clinical.workup.sources import MATTAR_2012

RECURRENCE_INTERVAL_ABOVE_MONTHS = 6  # Mattar 2012: pain-free interval of more than 6 months
STENOSIS = frozenset({TestFindingType.CENTRAL_STENOSIS, TestFindingType.FORAMINAL_STENOSIS})


def recurrent_disc(record: Record) -> Cause:
    """Disc material at the operated level, or leg pain back after more than 6 pain-free months."""
    cause = Cause("recurrent_disc", structural=True, settled_by=(TestKind.MRI_GADOLINIUM, TestKind.MRI))
    cause.cite(MATTAR_2012, COSNARD_1995, TRONNIER_2019)
    note_operative_factors(record, cause)
    disc = [h for h in herniations_at_operated_level(record, cause) if not looks_like_scar(h)]
    recurrence = interval_pointing_to_recurrence(record, cause)
    if disc:
        on_gadolinium = [h for h in disc if h.test.kind is TestKind.MRI_GADOLINIUM]
        for h in disc:
            cause.trail.saw(h.path, h.finding.type.value, _enhancement_note(h))
        cause.points_to("confirmed" if on_gadolinium else "suggested")
        cause.surgically_amenable = amenable_if_concordant(disc, cause)
        if not on_gadolinium:
            cause.need(TestKind.MRI_GADOLINIUM)
            cause.notes.append("Without contrast, scar and disc are hard to tell apart (Cosnard 1995).")
    elif record.resulted(IMAGING):
        cause.trail.saw("tests", "no disc material at the operated level on current imaging")
        cause.against()
    elif recurrence:
        cause.points_to("suggested")
        cause.need(TestKind.MRI_GADOLINIUM)
    elif record.has_pain(PainRegion.LEG):
        cause.need(TestKind.MRI_GADOLINIUM)
        cause.trail.lacks("tests", "gadolinium MRI of the operated level tells recurrent disc from scar")
    return cause


def stenosis(record: Record) -> Cause:
    """Central or foraminal stenosis on current MRI or CT, except next to a fusion."""
    cause = Cause("stenosis", structural=True, settled_by=(TestKind.MRI, TestKind.CT))
    cause.cite(TRONNIER_2019)
    note_operative_factors(record, cause)
    found = [s for s in record.found(STENOSIS, IMAGING) if record.place(s) != "adjacent"]
    if found:
        for s in found:
            cause.trail.saw(s.path, s.finding.type.value, s.finding.level)
        cause.points_to("confirmed")
        cause.surgically_amenable = amenable_if_concordant(found, cause)
    elif record.resulted(MRIS | {TestKind.CT}):
        cause.trail.saw("tests", "no stenosis on current MRI or CT")
        cause.against()
    elif record.has_pain(PainRegion.LEG):
        cause.need(TestKind.MRI)
        cause.trail.lacks("tests", "MRI (CT for bony foraminal narrowing) shows residual or new stenosis")
    return cause


def herniations_at_operated_level(record: Record, cause: Cause) -> list[Located]:
    found = []
    for h in record.found({TestFindingType.DISC_HERNIATION}, IMAGING):
        place = record.place(h)
        if place == "unplaced":
            cause.trail.lacks(f"{h.path}.level", "the level decides whether a herniation is a recurrence")
        if place in ("operated", "unplaced"):
            found.append(h)
    return found


def looks_like_scar(located: Located) -> bool:
    """Homogeneous enhancement on gadolinium MRI is scar, not disc (Cosnard 1995)."""
    return located.finding.enhancement is Enhancement.HOMOGENEOUS


def interval_pointing_to_recurrence(record: Record, cause: Cause) -> bool:
    """Pain back after more than 6 pain-free months points to recurrence (the definition, Mattar 2012)."""
    pointing = False
    for path, months in record.pain_free_intervals():
        if months > RECURRENCE_INTERVAL_ABOVE_MONTHS:
            cause.trail.saw(path, months, "pain-free > 6 months: the definition of recurrent herniation")
            pointing = True
        else:
            cause.trail.saw(path, months, "pain-free 6 months or less: short of the recurrence definition")
    for path in record.unmeasured_intervals():
        cause.trail.lacks(path, "a pain-free interval of more than 6 months defines recurrent herniation")
    return pointing


def note_operative_factors(record: Record, cause: Cause) -> None:
    """Pain that never resolved points to operative factors: retained fragment, wrong level, tight canal."""
    for i, pain in enumerate(record.case.pain):
        if pain.course is PainCourse.PERSISTED:
            cause.trail.saw(
                f"pain[{i}].course", pain.course.value, "never resolved: consider operative factors"
            )


def amenable_if_concordant(found: Sequence[Located], cause: Cause) -> bool | None:
    """True if any finding is concordant with the symptoms, False if all are not, else undecided."""
    verdicts = [h.finding.concordant for h in found]
    if True in verdicts:
        return True
    if verdicts and all(v is False for v in verdicts):
        cause.notes.append("Not concordant with the symptoms: not a reason to reoperate (Tronnier 2019).")
        return False
    for h in found:
        cause.trail.lacks(
            f"{h.path}.concordant", "surgery is considered when the finding matches the symptoms"
        )
    return None


def _enhancement_note(located: Located) -> str | None:
    enhancement = located.finding.enhancement
    if located.test.kind is not TestKind.MRI_GADOLINIUM or enhancement is None:
        return None
    return (
        "non-enhancing: disc material" if enhancement is Enhancement.NONE else "rim-enhancing: disc material"
    )
