"""TA159's "despite appropriate conventional medical management" as a candidacy rule: medicines, physiotherapy
and psychological support tried. For neuropathic pain the medicines are NICE CG173's first line (amitriptyline,
duloxetine, gabapentin or pregabalin), tried without enough relief or not tolerated; paracetamol and opioids
alone do not count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fbss.clinical.case import MedicationStatus, Response, TreatmentKind
from fbss.clinical.drugs import classes_of, ingredient
from fbss.clinical.finding import Because
from fbss.clinical.planning.context import PAIN_MEDICINE_CLASSES, PlanContext
from fbss.clinical.planning.scs.reason import Reason
from fbss.clinical.sources import NICE_CG173, NICE_TA159

if TYPE_CHECKING:
    from fbss.clinical.planning.scs.candidacy import Candidacy

PHARMACOLOGICAL = (TreatmentKind.MEDICATION,)
PHYSICAL = (TreatmentKind.PHYSICAL_THERAPY, TreatmentKind.MULTIDISCIPLINARY_REHABILITATION)
PSYCHOLOGICAL = (TreatmentKind.PAIN_PSYCHOLOGY, TreatmentKind.MULTIDISCIPLINARY_REHABILITATION)
# NICE CG173: amitriptyline, duloxetine, gabapentin or pregabalin first line for neuropathic pain.
CG173_FIRST_LINE = frozenset({"amitriptyline", "duloxetine", "gabapentin", "pregabalin"})
NOT_ENOUGH_RELIEF = frozenset({Response.PARTIAL, Response.NO_HELP, Response.WORSE})


def conventional_management_tried(ctx: PlanContext, result: Candidacy) -> None:
    """TA159: pain despite appropriate conventional medical management (drugs, physiotherapy, psychology). For
    neuropathic pain the drugs are NICE CG173's first line: at least one tried without enough relief (or not
    tolerated); paracetamol and opioids alone do not count."""
    tried = {t.kind for t in ctx.case.prior_treatments}
    neuropathic = ctx.has_neuropathic_component is True
    first_line, unrecorded = _first_line_tried(ctx) if neuropathic else ((), ())
    drugs = bool(first_line) if neuropathic else _pain_medicine_tried(ctx, tried)
    physical = bool(tried & set(PHYSICAL))
    psychological = bool(tried & set(PSYCHOLOGICAL))
    because = (Because("prior_treatments", tuple(sorted(k.value for k in tried))), *first_line)
    medicines = "a NICE CG173 first-line drug" if neuropathic else "medicines"
    untried = [name for name, done in ((medicines, drugs), ("physiotherapy", physical)) if not done]
    if untried:
        result.issues.append(
            Reason(
                f"Conventional management not recorded: {' and '.join(untried)}"
                + (
                    " (amitriptyline, duloxetine, gabapentin or pregabalin; paracetamol and opioids do not count)"
                    if not drugs and neuropathic
                    else ""
                ),
                NICE_CG173 if not drugs and neuropathic else NICE_TA159,
                because,
                f"{' and '.join(untried)} tried without enough relief",
            )
        )
        result.prompts.extend(
            f"Record the response to {name} ({path}.response): a first-line drug counts once it has not "
            "given enough relief or was not tolerated"
            for path, name in unrecorded
        )
    else:
        result.supports.append(
            Reason(
                "A NICE CG173 first-line drug and physiotherapy tried"
                if neuropathic
                else "Medicines and physiotherapy tried",
                NICE_TA159,
                because,
            )
        )
    if not psychological:
        result.prompts.append(
            "Psychological support is part of conventional management (NICE); none is recorded"
        )


def _pain_medicine_tried(ctx: PlanContext, tried: set[TreatmentKind]) -> bool:
    return bool(tried & set(PHARMACOLOGICAL)) or any(
        classes_of(med.name, med.rxnorm) & PAIN_MEDICINE_CLASSES for med in ctx.case.medications
    )


def _first_line_tried(ctx: PlanContext) -> tuple[tuple[Because, ...], tuple[tuple[str, str], ...]]:
    """CG173 first-line drugs tried without enough relief (stopped, or a response short of 'helped'), and
    current ones whose response is not recorded."""
    tried: list[Because] = []
    unrecorded: list[tuple[str, str]] = []
    for i, med in enumerate(ctx.case.medications):
        known = ingredient(med.name, med.rxnorm)
        if (known.name if known else med.name) not in CG173_FIRST_LINE:
            continue
        path = f"medications[{i}]"
        if med.response in NOT_ENOUGH_RELIEF or med.status is MedicationStatus.STOPPED:
            value = med.response.value if med.response else med.status.value
            tried.append(Because(f"{path}.response", value, f"{med.name}: a NICE CG173 first-line drug"))
        elif med.response is None and med.status is MedicationStatus.ACTIVE:
            unrecorded.append((path, med.name))
    return tuple(tried), tuple(unrecorded)
