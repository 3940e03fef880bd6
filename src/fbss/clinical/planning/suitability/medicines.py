"""Judgements for the non-opioid adjuvant medicines."""

from __future__ import annotations

from fbss.clinical.drugs import DrugClass, classes_of
from fbss.clinical.finding import Because, Missing
from fbss.clinical.planning.catalogue import Option
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.older_adults import BEERS_AGE, NSAID_AVOID_CRCL_BELOW
from fbss.clinical.planning.safety.renal_doses import DULOXETINE_AVOID_BELOW_CRCL
from fbss.clinical.planning.suitability.model import (
    NO_BENEFIT,
    UNDETERMINED_PHENOTYPE,
    Inputs,
    Judgement,
    Verdict,
    choice_missing,
)


def _tried_without_benefit(ctx: PlanContext, option: Option) -> tuple[Because, ...]:
    return tuple(
        Because(f"medications[{i}].response", med.response.value)
        for i, med in enumerate(ctx.case.medications)
        if med.name in option.ingredients and med.response in NO_BENEFIT and med.response is not None
    )


def _mao_inhibitor(ctx: PlanContext) -> tuple[Because, ...]:
    return tuple(Because(f"{r.path}.name", r.name) for r in ctx.taking(DrugClass.MAOI))


def gabapentinoid_suits(inputs: Inputs, option: Option) -> Judgement:
    """Neuropathic pain (CG173); disputed for sciatica-type pain (NG59, PRECISE)."""
    ctx = inputs.ctx
    because = ctx.phenotype_because
    if tried := _tried_without_benefit(ctx, option):
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "tried without benefit",
            ("NICE CG173: if not effective, offer one of the remaining first-line drugs.",),
            tried,
        )
    neuropathic = ctx.has_neuropathic_component
    if neuropathic is None:
        return Judgement(
            option,
            Verdict.UNDETERMINED,
            "pain mechanism not yet classified",
            (),
            because,
            (UNDETERMINED_PHENOTYPE,),
        )
    if not neuropathic:
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "no neuropathic component",
            ("NICE NG59: do not offer anticonvulsants for low back pain.",),
            because,
        )
    if ctx.is_radicular:
        return Judgement(
            option,
            Verdict.DISPUTED,
            "NICE CG173 offers it for neuropathic pain; NICE NG59 advises against it for sciatica",
            (
                "NICE CG173: a first-line choice for neuropathic pain.",
                "NICE NG59: do not offer gabapentinoids for sciatica.",
                "PRECISE (NEJM 2017): pregabalin no better than placebo for sciatica (not a post-surgical trial).",
            ),
            because,
            (choice_missing("treatment.conflict.gabapentinoids_sciatica"),),
            conflict="treatment.conflict.gabapentinoids_sciatica",
        )
    return Judgement(option, Verdict.SUITABLE, "first-line for neuropathic pain in NICE CG173", (), because)


def duloxetine_suits(inputs: Inputs, option: Option) -> Judgement:
    """Neuropathic pain (CG173); disputed for back pain (ACP vs NG59); avoided below CrCl 30."""
    ctx = inputs.ctx
    because = ctx.phenotype_because
    conditions = ctx.case.conditions
    if inputs.crcl is not None and inputs.crcl < DULOXETINE_AVOID_BELOW_CRCL:
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            f"creatinine clearance {inputs.crcl:g} mL/min is below 30",
            (),
            (Because("finding:safety.renal_function", inputs.crcl),),
        )
    if conditions.advanced_liver_disease or conditions.substantial_alcohol_use:
        return Judgement(option, Verdict.NOT_SUITABLE, "liver disease or substantial alcohol use", ())
    if mao := _mao_inhibitor(ctx):
        return Judgement(option, Verdict.NOT_SUITABLE, "taken with an MAO inhibitor", (), mao)
    if tried := _tried_without_benefit(ctx, option):
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "tried without benefit",
            ("NICE CG173: if not effective, offer one of the remaining first-line drugs.",),
            tried,
        )
    neuropathic = ctx.has_neuropathic_component
    if neuropathic is None:
        return Judgement(
            option,
            Verdict.UNDETERMINED,
            "pain mechanism not yet classified",
            (),
            because,
            (UNDETERMINED_PHENOTYPE,),
        )
    if inputs.crcl is None:
        return Judgement(
            option,
            Verdict.UNDETERMINED,
            "creatinine clearance not known: the label avoids duloxetine below 30 mL/min",
            ("Record a recent creatinine and the weight (or a measured CrCl) before deciding.",),
            because,
            inputs.crcl_missing
            or (Missing("labs", "a serum creatinine and the weight give the creatinine clearance"),),
        )
    if neuropathic:
        reasons = (
            ("NICE NG59 makes no recommendation on antidepressants for sciatica.",)
            if ctx.is_radicular
            else ()
        )
        return Judgement(
            option,
            Verdict.SUITABLE,
            "first-line for neuropathic pain in NICE CG173",
            reasons,
            because,
            conflict="treatment.conflict.antidepressants_sciatica" if ctx.is_radicular else None,
        )
    return Judgement(
        option,
        Verdict.DISPUTED,
        "ACP 2017 lists it for chronic low back pain; NICE NG59 advises against SNRIs for low back pain",
        (),
        because,
        (choice_missing("treatment.conflict.duloxetine_low_back_pain"),),
        conflict="treatment.conflict.duloxetine_low_back_pain",
    )


def tricyclic_suits(inputs: Inputs, option: Option) -> Judgement:
    """Neuropathic pain (CG173); not for back pain without a neuropathic component (NG59)."""
    ctx = inputs.ctx
    because = ctx.phenotype_because
    if mao := _mao_inhibitor(ctx):
        return Judgement(option, Verdict.NOT_SUITABLE, "taken with an MAO inhibitor", (), mao)
    if tried := _tried_without_benefit(ctx, option):
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "tried without benefit",
            ("NICE CG173: if not effective, offer one of the remaining first-line drugs.",),
            tried,
        )
    neuropathic = ctx.has_neuropathic_component
    if neuropathic is None:
        return Judgement(
            option,
            Verdict.UNDETERMINED,
            "pain mechanism not yet classified",
            (),
            because,
            (UNDETERMINED_PHENOTYPE,),
        )
    if not neuropathic:
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "no neuropathic component",
            ("NICE NG59: do not offer tricyclic antidepressants for low back pain.",),
            because,
        )
    reasons = []
    if ctx.is_radicular:
        reasons.append("NICE NG59 makes no recommendation on antidepressants for sciatica.")
    conflict = "treatment.conflict.antidepressants_sciatica" if ctx.is_radicular else None
    age = ctx.case.age_years
    if age is not None and age >= BEERS_AGE:
        reasons.append(
            f"At age {age}, Beers 2023 advises avoiding tertiary tricyclics such as amitriptyline "
            "(anticholinergic, sedating, orthostatic hypotension): amitriptyline is not offered. Nortriptyline, "
            "a secondary tricyclic, may be used with caution: start low and watch for anticholinergic effects, "
            "sedation and falls."
        )
        return Judgement(
            option,
            Verdict.SUITABLE,
            f"nortriptyline only, with caution at age {age}: Beers 2023 advises avoiding amitriptyline",
            tuple(reasons),
            (*because, Because("age_years", age)),
            conflict=conflict,
            offered_as=f"nortriptyline (with caution at age {age})",
            offered_drugs=("nortriptyline",),
        )
    return Judgement(
        option,
        Verdict.SUITABLE,
        "amitriptyline is first-line for neuropathic pain in NICE CG173",
        tuple(reasons),
        because,
        conflict=conflict,
        offered_as="amitriptyline (or nortriptyline)",
    )


def nsaid_suits(inputs: Inputs, option: Option) -> Judgement:
    """Nociceptive or mixed back pain (NG59, ACP); not for purely radicular pain."""
    ctx = inputs.ctx
    because = ctx.phenotype_because
    age = ctx.case.age_years
    if (
        inputs.crcl is not None
        and inputs.crcl < NSAID_AVOID_CRCL_BELOW
        and age is not None
        and age >= BEERS_AGE
    ):
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            f"age {age} with creatinine clearance {inputs.crcl:g} mL/min",
            ("Beers 2023: avoid NSAIDs below CrCl 30 in people aged 65 or over.",),
            (Because("age_years", age), Because("finding:safety.renal_function", inputs.crcl)),
        )
    if tried := _tried_class_without_benefit(ctx, DrugClass.NSAID):
        return Judgement(option, Verdict.NOT_SUITABLE, "tried without benefit", (), tried)
    mechanism = ctx.mechanism
    if mechanism in ("muscle", "mixed"):
        return Judgement(
            option,
            Verdict.SUITABLE,
            "for the nociceptive back-pain component",
            ("NICE NG59: consider, at the lowest dose for the shortest time; ACP 2017: first-line drug.",),
            because,
        )
    if mechanism == "nerve":
        return Judgement(
            option,
            Verdict.NOT_SUITABLE,
            "not a first choice for radicular pain",
            ("NICE NG59: limited evidence of benefit and a risk of harm for sciatica.",),
            because,
        )
    return Judgement(
        option,
        Verdict.UNDETERMINED,
        "pain mechanism not yet classified",
        (),
        because,
        (UNDETERMINED_PHENOTYPE,),
    )


def _tried_class_without_benefit(ctx: PlanContext, drug_class: DrugClass) -> tuple[Because, ...]:
    return tuple(
        Because(f"medications[{i}].response", med.response.value)
        for i, med in enumerate(ctx.case.medications)
        if drug_class in classes_of(med.name, med.rxnorm)
        and med.response in NO_BENEFIT
        and med.response is not None
    )


def topical_suits(inputs: Inputs, option: Option) -> Judgement:
    """Capsaicin cream for localised neuropathic pain (CG173)."""
    ctx = inputs.ctx
    because = ctx.phenotype_because
    neuropathic = ctx.has_neuropathic_component
    if neuropathic is None:
        return Judgement(
            option,
            Verdict.UNDETERMINED,
            "pain mechanism not yet classified",
            (),
            because,
            (UNDETERMINED_PHENOTYPE,),
        )
    if not neuropathic:
        return Judgement(option, Verdict.NOT_SUITABLE, "no neuropathic component", (), because)
    return Judgement(
        option,
        Verdict.SUITABLE,
        "capsaicin cream where the neuropathic pain is localised",
        ("NICE CG173: capsaicin cream for localised neuropathic pain.", option.cautions[0]),
        because,
    )
