"""The SCS Practice Parameters' contraindications and the European consensus' psychosocial factors, read from
the case (conditions, psychosocial) and the upstream findings."""

from __future__ import annotations

from fbss.clinical.drugs import ANTICOAGULANT_CLASSES, ANTIPLATELET_CLASSES
from fbss.clinical.finding import Because, Status
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.coagulation_labs import results_outside_reference
from fbss.clinical.planning.scs.reason import Reason
from fbss.clinical.sources import NICE_TA159, PRACTICE_PARAMETERS_2006

PSYCHOSOCIAL_FACTORS: dict[str, str] = {
    "lack_of_engagement": "lack of engagement",
    "dysfunctional_coping": "dysfunctional coping",
    "unrealistic_expectations": "unrealistic expectations",
    "inadequate_daily_activity": "inadequate daily activity level",
    "problematic_social_support": "problematic social support",
    "secondary_gain": "secondary gain",
    "psychological_distress": "psychological distress",
    "unwilling_to_reduce_high_dose_opioids": "unwillingness to reduce high-dose opioids",
}

# Practice Parameters, relative contraindications recorded in case.conditions: field -> (text, what changes it)
RELATIVE_CONDITIONS: dict[str, tuple[str, str]] = {
    "unresolved_major_psychiatric_comorbidity": (
        "Unresolved major psychiatric comorbidity",
        "treated and stable",
    ),
    "active_substance_misuse": ("Active untreated substance misuse", "treated"),
    "pregnancy": ("Pregnancy", "after the pregnancy"),
    "occupational_risk": (
        "Occupational risk (ladders, machinery, professional driving)",
        "a plan agreed for work",
    ),
    "active_infection": ("Local or systemic infection", "the infection treated"),
    "cardiac_pacemaker": ("Demand pacemaker", "cardiology agrees compatibility"),
    "implanted_defibrillator": ("Implanted cardioverter-defibrillator", "cardiology agrees compatibility"),
    "foreseeable_mri_need": (
        "Foreseeable need for MRI",
        "a system whose MRI conditions fit the expected scans",
    ),
    "major_comorbid_pain_syndrome": (
        "Major comorbid chronic pain syndrome",
        "the other pain syndrome addressed",
    ),
}
ABSOLUTE_CONDITIONS: dict[str, str] = {
    "cannot_operate_device": "Unable to control the device",
    "coagulopathy": "Coagulopathy, an unacceptable surgical risk",
    "needs_diathermy": "Needs therapeutic diathermy",
}


def absolute_contraindications(ctx: PlanContext) -> list[Reason]:
    """Practice Parameters absolute contraindications, and ischaemic pain (NICE TA159 1.2)."""
    conditions = ctx.case.conditions
    found = [
        Reason(text, PRACTICE_PARAMETERS_2006, (Because(f"conditions.{name}", True),), None)
        for name, text in ABSOLUTE_CONDITIONS.items()
        if getattr(conditions, name) is True
    ]
    if ctx.case.red_flags.immunosuppression is True:
        found.append(
            Reason(
                "Immunosuppression, an unacceptable surgical risk",
                PRACTICE_PARAMETERS_2006,
                (Because("red_flags.immunosuppression", True),),
                "immune function restored",
            )
        )
    deficit = ctx.finding("redflag.neurological_deficit")
    if ctx.needs_surgical_evaluation and deficit is not None and deficit.status is Status.MET:
        found.append(
            Reason(
                "Nerve compression amenable to surgery with a serious neurological deficit: surgery first",
                PRACTICE_PARAMETERS_2006,
                ctx.cite("referral.surgical", "redflag.neurological_deficit"),
                "surgical treatment of the compression",
            )
        )
    instability = ctx.finding("differential.instability")
    if (
        instability is not None
        and instability.status is Status.MET
        and instability.data.get("surgically_amenable") is True
    ):
        found.append(
            Reason(
                "Instability amenable to surgery: gross instability at risk of progression is an absolute "
                "contraindication",
                PRACTICE_PARAMETERS_2006,
                ctx.cite("differential.instability"),
                "the spine surgeon judges the instability stable or treats it",
            )
        )
    referral = ctx.surgical_referral
    if (
        not any("surgery first" in r.text or "Instability" in r.text for r in found)
        and referral is not None
        and referral.status is Status.MET
        and referral.data.get("surgery_before_scs") is True
    ):
        found.append(
            Reason(
                "A cause amenable to surgery with a serious deficit or instability: surgery first",
                PRACTICE_PARAMETERS_2006,
                ctx.cite("referral.surgical"),
                "surgical treatment, or the surgeon advises against it",
            )
        )
    if conditions.ischaemic_pain is True:
        found.append(
            Reason(
                "Ischaemic pain: SCS is not recommended except in research",
                NICE_TA159,
                (Because("conditions.ischaemic_pain", True),),
                None,
            )
        )
    return found


def relative_contraindications(ctx: PlanContext) -> list[Reason]:
    """Practice Parameters relative contraindications that the case records as present."""
    conditions = ctx.case.conditions
    found = [
        Reason(text, PRACTICE_PARAMETERS_2006, (Because(f"conditions.{name}", True),), change)
        for name, (text, change) in RELATIVE_CONDITIONS.items()
        if getattr(conditions, name) is True
    ]
    antithrombotics = ctx.taking(*ANTICOAGULANT_CLASSES, *ANTIPLATELET_CLASSES)
    if antithrombotics:
        found.append(
            Reason(
                "Anticoagulant or antiplatelet therapy (" + ", ".join(r.name for r in antithrombotics) + ")",
                PRACTICE_PARAMETERS_2006,
                tuple(Because(f"{r.path}.name", r.name) for r in antithrombotics),
                "holds agreed with the prescriber (see the safety findings)",
            )
        )
    if conditions.coagulopathy is not True:
        found.extend(
            Reason(
                f"Coagulopathy, an absolute contraindication, not excluded: {result.text}",
                PRACTICE_PARAMETERS_2006,
                (result.because,),
                "the result repeated or explained",
            )
            for result in results_outside_reference(ctx)
        )
    return found


def unrecorded_conditions(ctx: PlanContext) -> list[str]:
    """Contraindication fields not recorded at all (None), to prompt for."""
    conditions = ctx.case.conditions
    names = (*ABSOLUTE_CONDITIONS, *RELATIVE_CONDITIONS)
    return [name for name in names if getattr(conditions, name) is None]
