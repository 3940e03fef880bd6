"""Each catalogue option judged for this patient: suitable, to consider, later, disputed between guidelines,
not suitable (with the reason) or not yet decidable (with what is missing). One small rule per option."""

from __future__ import annotations

from dataclasses import replace

from fbss.clinical.finding import Because, Missing
from fbss.clinical.planning.catalogue import CATALOGUE, OptionId
from fbss.clinical.planning.choices import CONFLICTS, recorded_choice, side_of
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


def judge_all(
    ctx: PlanContext, candidacy: Candidacy, crcl: float | None, crcl_missing: tuple[Missing, ...] = ()
) -> tuple[Judgement, ...]:
    """Every catalogue option, judged, in catalogue order."""
    inputs = Inputs(ctx, candidacy, crcl, crcl_missing)
    return tuple(
        with_recorded_choice(ctx, JUDGES[option.id](inputs, option)) for option in CATALOGUE.values()
    )


def with_recorded_choice(ctx: PlanContext, judgement: Judgement) -> Judgement:
    """A disputed (or conflict-bearing) option with the clinician's recorded guideline choice applied: suitable
    when the chosen guideline offers it, not suitable when it advises against it. A choice never overrides a
    safety reason (an option already not suitable stays so)."""
    code = judgement.conflict
    if code is None or not ctx.case.guideline_choices:
        return judgement
    recorded = recorded_choice(ctx.case, code)
    if recorded is None or judgement.verdict not in (Verdict.DISPUTED, Verdict.SUITABLE):
        return judgement
    i, choice = recorded
    conflict = CONFLICTS[code]
    because = (*judgement.because, Because(f"guideline_choices[{i}].guideline", choice.guideline))
    missing = tuple(m for m in judgement.missing if m.path != "guideline_choices")
    side = side_of(conflict, choice.guideline)
    if side is None:
        return replace(
            judgement,
            because=because,
            missing=(
                *missing,
                Missing(
                    f"guideline_choices[{i}].guideline",
                    f"'{choice.guideline}' is not a side of {code}: choose one of {', '.join(conflict.guidelines)}",
                ),
            ),
        )
    who = " by " + choice.chosen_by if choice.chosen_by else ""
    when = " on " + choice.date.isoformat() if choice.date else ""
    note = f"Guideline choice recorded{who}{when}: {choice.guideline} ({choice.reason})."
    chosen = f"clinician chose {choice.guideline}: {choice.reason}"
    if side == "against":
        return replace(
            judgement,
            verdict=Verdict.NOT_SUITABLE,
            headline=f"not offered: {chosen}",
            reasons=(*judgement.reasons, note),
            because=because,
            missing=missing,
        )
    headline = chosen if judgement.verdict is Verdict.DISPUTED else f"{judgement.headline}; {chosen}"
    return replace(
        judgement,
        verdict=Verdict.SUITABLE,
        headline=headline,
        reasons=(*judgement.reasons, note),
        because=because,
        missing=missing,
    )


__all__ = ["JUDGES", "Judgement", "Verdict", "judge_all"]
