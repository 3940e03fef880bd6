"""Each catalogue option judged for this patient: suitable, to consider, later, disputed between guidelines,
not suitable (with the reason) or not yet decidable (with what is missing). One small rule per option."""

from __future__ import annotations

from fbss.clinical.planning.catalogue import CATALOGUE, OptionId
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.scs import Candidacy
from fbss.clinical.planning.suitability.care import (
    acupuncture_is_disputed,
    manual_therapy_suits,
    multidisciplinary_rehabilitation_suits,
    pain_psychology_suits,
    physical_therapy_suits,
    surgical_referral_suits,
)
from fbss.clinical.planning.suitability.medicines import (
    duloxetine_suits,
    gabapentinoid_suits,
    nsaid_suits,
    topical_suits,
    tricyclic_suits,
)
from fbss.clinical.planning.suitability.model import Inputs, Judge, Judgement, Verdict
from fbss.clinical.planning.suitability.procedures import (
    epidural_steroid_injection_suits,
    spinal_cord_stimulation_suits,
    trigger_point_injection_suits,
)

JUDGES: dict[OptionId, Judge] = {
    OptionId.PHYSICAL_THERAPY: physical_therapy_suits,
    OptionId.PAIN_PSYCHOLOGY: pain_psychology_suits,
    OptionId.MULTIDISCIPLINARY_REHABILITATION: multidisciplinary_rehabilitation_suits,
    OptionId.MASSAGE: manual_therapy_suits,
    OptionId.SPINAL_MANIPULATION: manual_therapy_suits,
    OptionId.ACUPUNCTURE: acupuncture_is_disputed,
    OptionId.SURGICAL_REFERRAL: surgical_referral_suits,
    OptionId.GABAPENTIN: gabapentinoid_suits,
    OptionId.PREGABALIN: gabapentinoid_suits,
    OptionId.DULOXETINE: duloxetine_suits,
    OptionId.TRICYCLIC: tricyclic_suits,
    OptionId.NSAID: nsaid_suits,
    OptionId.TOPICAL: topical_suits,
    OptionId.TRIGGER_POINT_INJECTION: trigger_point_injection_suits,
    OptionId.EPIDURAL_STEROID_INJECTION: epidural_steroid_injection_suits,
    OptionId.SPINAL_CORD_STIMULATION: spinal_cord_stimulation_suits,
}


def judge_all(ctx: PlanContext, candidacy: Candidacy, crcl: float | None) -> tuple[Judgement, ...]:
    """Every catalogue option, judged, in catalogue order."""
    inputs = Inputs(ctx, candidacy, crcl)
    return tuple(JUDGES[option.id](inputs, option) for option in CATALOGUE.values())


__all__ = ["JUDGES", "Judgement", "Verdict", "judge_all"]
