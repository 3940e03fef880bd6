"""The checklist before an SCS trial or implant: multidisciplinary assessment, psychological evaluation,
infection and coagulation status, MRI needs and device conditionality, and patient education.
Status: met = done / clear; not_met = outstanding; unknown = not recorded."""

from __future__ import annotations

from fbss.clinical.case import LabTest, PsychEvaluationOutcome
from fbss.clinical.drugs import ANTICOAGULANT_CLASSES, ANTIPLATELET_CLASSES
from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.coagulation_labs import results_outside_reference
from fbss.clinical.planning.safety.labs import latest_lab
from fbss.clinical.sources import NICE_TA159, PRACTICE_PARAMETERS_2006, Source


def prerequisite_findings(ctx: PlanContext) -> tuple[Finding, ...]:
    """The checklist before an SCS trial or implant, one finding per item."""
    return (
        _mdt_assessment(ctx),
        _psychological_evaluation(ctx),
        _infection(ctx),
        _coagulation(ctx),
        _mri(ctx),
        _education(ctx),
    )


def _item(
    name: str,
    title: str,
    status: Status,
    sources: tuple[Source, ...],
    because: tuple[Because, ...] = (),
    action: str | None = None,
    missing: tuple[Missing, ...] = (),
    detail: str | None = None,
) -> Finding:
    severity = {Status.NOT_MET: Severity.WARNING, Status.UNKNOWN: Severity.INFO}.get(status)
    return Finding(
        code=f"scs.prerequisite.{name}",
        kind=Kind.SCS,
        title=title,
        status=status,
        severity=severity,
        because=because,
        missing=missing,
        detail=detail,
        action=action if status is not Status.MET else None,
        timeframe="before the SCS trial" if status is not Status.MET else None,
        sources=sources,
        data={"prerequisite": name},
    )


def _flag(value: bool | None, path: str) -> tuple[Because, ...]:
    return (Because(path, value),) if value is not None else ()


def _mdt_assessment(ctx: PlanContext) -> Finding:
    done = ctx.case.scs.mdt_assessed
    status = {True: Status.MET, False: Status.NOT_MET, None: Status.UNKNOWN}[done]
    title = {
        Status.MET: "Assessed by the SCS multidisciplinary team",
        Status.NOT_MET: "Not yet assessed by a multidisciplinary team experienced in SCS",
        Status.UNKNOWN: "Multidisciplinary SCS assessment not recorded",
    }[status]
    return _item(
        "mdt_assessment",
        title,
        status,
        (NICE_TA159,),
        _flag(done, "scs.mdt_assessed"),
        "Refer to a multidisciplinary team experienced in chronic pain and SCS (NICE TA159 1.3).",
        (Missing("scs.mdt_assessed", "NICE TA159 requires this assessment"),) if done is None else (),
    )


def _psychological_evaluation(ctx: PlanContext) -> Finding:
    evaluation = ctx.case.scs.psych_evaluation
    sources = (PRACTICE_PARAMETERS_2006, ref.CMS_LCD_SCS)
    action = "Arrange a psychological evaluation before the trial lead or implant (Practice Parameters)."
    if evaluation is None:
        return _item(
            "psychological_evaluation",
            "Psychological evaluation not recorded",
            Status.UNKNOWN,
            sources,
            action=action,
            missing=(Missing("scs.psych_evaluation", "required before implantation"),),
        )
    because = (Because("scs.psych_evaluation.outcome", evaluation.outcome.value),)
    if evaluation.outcome is PsychEvaluationOutcome.CLEARED:
        return _item(
            "psychological_evaluation", "Psychological evaluation: cleared", Status.MET, sources, because
        )
    title = (
        "Psychological evaluation: psychological treatment first"
        if evaluation.outcome is PsychEvaluationOutcome.TREAT_FIRST
        else "Psychological evaluation: not suitable for SCS"
    )
    return _item(
        "psychological_evaluation",
        title,
        Status.NOT_MET,
        sources,
        because,
        "Complete the recommended psychological treatment, then re-evaluate.",
    )


def _infection(ctx: PlanContext) -> Finding:
    infection = ctx.case.conditions.active_infection
    red_flag = ctx.finding("redflag.infection")
    because = (*_flag(infection, "conditions.active_infection"), *ctx.cite("redflag.infection"))
    if infection is True or (red_flag is not None and red_flag.status is Status.MET):
        return _item(
            "infection",
            "Infection present: treat it before any SCS procedure",
            Status.NOT_MET,
            (PRACTICE_PARAMETERS_2006,),
            because,
            "Treat the infection; defer the trial.",
        )
    if red_flag is not None and red_flag.status is Status.UNKNOWN:
        # An unscreened spinal infection is not an excluded one, whatever the conditions list says.
        return _item(
            "infection",
            "Spinal infection not yet excluded: the red-flag screen for infection is undecided",
            Status.UNKNOWN,
            (PRACTICE_PARAMETERS_2006, *red_flag.sources[:1]),
            because,
            "Complete the infection red-flag screen before the trial.",
            tuple(red_flag.missing)
            or (Missing("finding:redflag.infection", "the red flag for infection is undecided"),),
        )
    if infection is False:
        return _item(
            "infection", "No active infection recorded", Status.MET, (PRACTICE_PARAMETERS_2006,), because
        )
    return _item(
        "infection",
        "Infection status not recorded",
        Status.UNKNOWN,
        (PRACTICE_PARAMETERS_2006,),
        because,
        "Check for local or systemic infection before the trial.",
        (Missing("conditions.active_infection", "infection is a contraindication until treated"),),
    )


def _coagulation(ctx: PlanContext) -> Finding:
    coagulopathy = ctx.case.conditions.coagulopathy
    drugs = ctx.taking(*ANTICOAGULANT_CLASSES, *ANTIPLATELET_CLASSES)
    because = [
        *_flag(coagulopathy, "conditions.coagulopathy"),
        *(Because(f"{r.path}.name", r.name) for r in drugs),
    ]
    for test in (LabTest.INR, LabTest.PLATELETS):
        if (lab := latest_lab(ctx.case, test)) is not None:
            because.append(Because(f"labs[{lab[0]}].value", lab[1].value, note=test.value))
    detail = (
        "No INR or platelet threshold for SCS is verified in the sources held here: follow the local "
        "protocol. SCS trial and implant are high bleeding-risk procedures (ASRA 2018)."
    )
    sources = (PRACTICE_PARAMETERS_2006, ref.ASRA_TABLE_REPRODUCTION)
    if coagulopathy is True:
        return _item(
            "coagulation",
            "Coagulopathy: an absolute contraindication to SCS",
            Status.NOT_MET,
            sources,
            tuple(because),
            "Haematology review; SCS is not offered while it persists.",
            detail=detail,
        )
    if drugs:
        names = ", ".join(r.name for r in drugs)
        return _item(
            "coagulation",
            f"Antithrombotic holds to agree before the trial ({names})",
            Status.NOT_MET,
            sources,
            tuple(because),
            "Agree each hold and restart with the prescriber (see the safety findings).",
            detail=detail,
        )
    if outside := results_outside_reference(ctx):
        return _item(
            "coagulation",
            "Coagulopathy not excluded: " + "; ".join(o.text for o in outside),
            Status.UNKNOWN,
            (*sources, *dict.fromkeys(o.source for o in outside)),
            tuple(because),
            "Repeat or explain the result before the trial (haematology review if it persists): coagulopathy "
            "is an absolute contraindication to SCS.",
            (
                Missing(
                    "conditions.coagulopathy", "whether the result outside the usual limits is a coagulopathy"
                ),
            ),
            detail,
        )
    if coagulopathy is False:
        return _item(
            "coagulation",
            "No coagulopathy and no antithrombotic recorded",
            Status.MET,
            sources,
            tuple(because),
            detail=detail,
        )
    return _item(
        "coagulation",
        "Coagulation status not recorded",
        Status.UNKNOWN,
        sources,
        tuple(because),
        "Record bleeding history and coagulation status.",
        (Missing("conditions.coagulopathy", "an absolute contraindication if present"),),
        detail,
    )


def _mri(ctx: PlanContext) -> Finding:
    need = ctx.case.conditions.foreseeable_mri_need
    implant = ctx.case.scs.implant
    because = [*_flag(need, "conditions.foreseeable_mri_need")]
    if implant is not None and implant.mr_conditional is not None:
        because.append(Because("scs.implant.mr_conditional", implant.mr_conditional))
    detail = (
        "After implant, MRI is possible only under the device manufacturer's MR-conditional terms; the "
        "conditions of each device are not encoded here."
    )
    if need is True:
        return _item(
            "mri",
            "MRI likely to be needed: choose a system whose MRI conditions fit",
            Status.NOT_MET,
            (PRACTICE_PARAMETERS_2006,),
            tuple(because),
            "Plan the expected scans and choose the device with them in mind.",
            detail=detail,
        )
    if need is False:
        return _item(
            "mri",
            "No foreseeable need for MRI recorded",
            Status.MET,
            (PRACTICE_PARAMETERS_2006,),
            tuple(because),
            detail=detail,
        )
    return _item(
        "mri",
        "Foreseeable need for MRI not recorded",
        Status.UNKNOWN,
        (PRACTICE_PARAMETERS_2006,),
        tuple(because),
        "Ask about scans likely to be needed (a relative contraindication).",
        (Missing("conditions.foreseeable_mri_need", "decides device choice"),),
        detail,
    )


def _education(ctx: PlanContext) -> Finding:
    done = ctx.case.scs.education_done
    status = {True: Status.MET, False: Status.NOT_MET, None: Status.UNKNOWN}[done]
    title = {
        Status.MET: "Patient education about SCS done",
        Status.NOT_MET: "Patient education about SCS still to do",
        Status.UNKNOWN: "Patient education about SCS not recorded",
    }[status]
    return _item(
        "education",
        title,
        status,
        (ref.CMS_LCD_SCS,),
        _flag(done, "scs.education_done"),
        "Explain the trial, the implant, realistic expectations, risks and device limits.",
        (Missing("scs.education_done", "education and disclosure come before the trial (CMS LCD)"),)
        if done is None
        else (),
    )
