"""After an implant: persistent cautions (Practice Parameters) and the follow-up schedule, which no verified
source gives, so it is the clinic's (policy.scs_followup_weeks)."""

from __future__ import annotations

import datetime as dt

from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.sources import NICE_TA159, PRACTICE_PARAMETERS_2006

CONTRAINDICATED_AFTER_IMPLANT = (
    "MRI, except under the device's MR-conditional terms",
    "diathermy anywhere on the body",
    "ultrasound over the device",
)
PRECAUTIONS_AFTER_IMPLANT = (
    "interpreting cardiac monitoring",
    "radiotherapy near the generator",
    "radiofrequency ablation and electrocautery",
    "lithotripsy",
)


def implant_findings(ctx: PlanContext) -> tuple[Finding, ...]:
    """Persistent device cautions and the follow-up schedule, once a stimulator is implanted."""
    if ctx.case.scs.implant is None:
        return ()
    return (_persistent_cautions(ctx), _followup(ctx))


def _persistent_cautions(ctx: PlanContext) -> Finding:
    implant = ctx.case.scs.implant
    assert implant is not None
    mr = {
        True: "recorded as MR-conditional",
        False: "recorded as not MR-conditional",
        None: "MR status not recorded",
    }
    because = [Because("scs.implant.date", implant.date.isoformat() if implant.date else None)]
    if implant.device:
        because.append(Because("scs.implant.device", implant.device))
    because.append(Because("scs.implant.mr_conditional", implant.mr_conditional))
    return Finding(
        code="scs.implant.cautions",
        kind=Kind.SCS,
        title="Implanted spinal cord stimulator: no diathermy; MRI only under the device's conditions",
        status=Status.MET,
        severity=Severity.WARNING,
        because=tuple(because),
        detail=(
            "Contraindicated after implant: "
            + "; ".join(CONTRAINDICATED_AFTER_IMPLANT)
            + ". Precautions: "
            + "; ".join(PRECAUTIONS_AFTER_IMPLANT)
            + f". The device is {mr[implant.mr_conditional]}; check its "
            "labelling before any scan."
        ),
        action="Show this caution on every order for MRI, diathermy, ultrasound over the device, "
        "radiofrequency ablation, lithotripsy or radiotherapy.",
        sources=(PRACTICE_PARAMETERS_2006,),
        data={
            "persistent": True,
            "contraindicated": list(CONTRAINDICATED_AFTER_IMPLANT),
            "precautions": list(PRECAUTIONS_AFTER_IMPLANT),
            "mr_conditional": implant.mr_conditional,
        },
    )


def _followup(ctx: PlanContext) -> Finding:
    implant = ctx.case.scs.implant
    assert implant is not None
    weeks = ctx.policy.scs_followup_weeks
    if not weeks:
        return Finding(
            code="scs.followup",
            kind=Kind.SCS,
            title="Follow-up after implant: no verified schedule; set the clinic's own",
            status=Status.UNKNOWN,
            missing=(Missing("policy.scs_followup_weeks", "the clinic's follow-up schedule"),),
            detail="None of the sources held here gives a post-implant follow-up schedule; NICE TA159 asks for "
            "ongoing monitoring and support by the multidisciplinary team.",
            sources=(NICE_TA159, PRACTICE_PARAMETERS_2006),
            data={"schedule_source": None},
        )
    visits = [(w, implant.date + dt.timedelta(weeks=w) if implant.date else None) for w in sorted(weeks)]
    upcoming = [due for _, due in visits if due is not None and due >= ctx.today]
    title = (
        f"Follow-up after implant (clinic schedule): next visit due {upcoming[0].isoformat()}"
        if upcoming
        else "Follow-up after implant (clinic schedule): all scheduled visits are past"
        if implant.date
        else "Follow-up after implant (clinic schedule): implant date not recorded"
    )
    return Finding(
        code="scs.followup",
        kind=Kind.SCS,
        title=title,
        status=Status.MET if implant.date else Status.UNKNOWN,
        because=(Because("scs.implant.date", implant.date.isoformat() if implant.date else None),),
        missing=() if implant.date else (Missing("scs.implant.date", "needed to date the visits"),),
        detail="The schedule is this clinic's own (policy.scs_followup_weeks); no verified source sets one.",
        sources=(PRACTICE_PARAMETERS_2006,),
        data={
            "schedule_source": "clinic policy",
            "visits": [{"week": w, "due": due.isoformat() if due else None} for w, due in visits],
        },
    )
