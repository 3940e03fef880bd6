"""Findings -> an ordered, explained multimodal plan (PLAN findings, data {"order", "role", "option", "held"}).

Order: open red flags first (what must happen now; elective steps are held); the work-up; surgical evaluation
when a cause amenable to surgery is found (before neuromodulation); conservative and psychological care;
interventions matched to the phenotype; SCS for refractory neuropathic leg-predominant pain. Options judged
unsuitable or undecidable close the plan, with their reasons. The sequence follows Tronnier 2019 (conservative
care without a clear anatomic abnormality; reoperation for recurrent disc, stenosis or instability;
neurostimulation for neuropathic leg pain when nothing needs surgery) within a care-team model (Gatzinsky 2019).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fbss.clinical.drugs import DrugClass
from fbss.clinical.finding import Because, Finding, Kind, Severity, Status
from fbss.clinical.planning.catalogue import OptionId
from fbss.clinical.planning.context import PAIN_MEDICINE_CLASSES, MedicationRef, PlanContext
from fbss.clinical.planning.gates import SURGICAL_EVALUATION, holds_on, why_held
from fbss.clinical.planning.references import BEERS_2023, GATZINSKY_2019
from fbss.clinical.planning.roles import Role, role_name
from fbss.clinical.planning.safety.older_adults import BEERS_AGE, BEERS_AVOID_NSAIDS, NSAID_AVOID_CRCL_BELOW
from fbss.clinical.planning.suitability import Judgement, Verdict
from fbss.clinical.sources import TRONNIER_2019, Source
from fbss.clinical.wording import in_sentence, listed, short_name

RED_FLAG_ROLES: dict[str, Role] = {
    "redflag.cauda_equina": Role.EMERGENCY_CARE,
    "redflag.infection": Role.SPINE_SURGERY,
    "redflag.fracture": Role.SPINE_SURGERY,
    "redflag.malignancy": Role.PRIMARY_CARE,
    "redflag.neurological_deficit": Role.SPINE_SURGERY,
    "redflag.suicide_risk": Role.PRIMARY_CARE,
}
RED_FLAG_STEP_DETAIL = {
    "redflag.suicide_risk": "The same-day safety assessment comes first. Pain psychology can go ahead alongside "
    "it (project choice); other elective treatment waits while the flag is open.",
}
MEDICINE_OPTIONS = (
    OptionId.GABAPENTIN,
    OptionId.PREGABALIN,
    OptionId.DULOXETINE,
    OptionId.TRICYCLIC,
    OptionId.NSAID,
    OptionId.TOPICAL,
)
PROPOSED = (Verdict.SUITABLE, Verdict.CONSIDER, Verdict.DEFERRED)


@dataclass
class Step:
    code: str
    title: str
    role: Role | None
    option: OptionId | None
    sources: tuple[Source, ...]
    action: str | None = None
    detail: str | None = None
    because: tuple[Because, ...] = ()
    timeframe: str | None = None
    severity: Severity | None = None
    elective: bool = True
    held_by: list[str] = field(default_factory=list)
    after: tuple[str, ...] = ()


def build_plan(
    ctx: PlanContext, judgements: tuple[Judgement, ...], crcl: float | None = None
) -> tuple[Finding, ...]:
    """The ordered plan steps, then what was not offered and what cannot be decided yet.

    `crcl` is the creatinine clearance of `safety.renal_function` (mL/min), or None when it is not known."""
    by_option = {j.option.id: j for j in judgements}
    steps = [
        *_red_flag_steps(ctx),
        *_workup_step(ctx),
        *_surgical_step(ctx, by_option),
        *_option_step(by_option, OptionId.PHYSICAL_THERAPY, "plan.physical_therapy"),
        *_option_step(by_option, OptionId.PAIN_PSYCHOLOGY, "plan.pain_psychology"),
        *_medicines_step(ctx, by_option, crcl),
        *_manual_therapy_step(by_option),
        *_option_step(
            by_option, OptionId.MULTIDISCIPLINARY_REHABILITATION, "plan.multidisciplinary_rehabilitation"
        ),
        *_option_step(by_option, OptionId.TRIGGER_POINT_INJECTION, "plan.trigger_point_injection"),
        *_option_step(by_option, OptionId.EPIDURAL_STEROID_INJECTION, "plan.epidural_steroid_injection"),
        *_option_step(by_option, OptionId.SPINAL_CORD_STIMULATION, "plan.spinal_cord_stimulation"),
    ]
    _hold(ctx, steps)
    findings = [_finding(step, order) for order, step in enumerate(steps, start=1)]
    findings += _closing(judgements, len(steps))
    return tuple(findings)


def _red_flag_steps(ctx: PlanContext) -> list[Step]:
    steps = []
    for flag in ctx.open_red_flags:
        steps.append(
            Step(
                code=f"plan.{flag.code.replace('redflag.', 'red_flag.')}",
                title=f"Act now on the red flag: {flag.title[0].lower()}{flag.title[1:]}",
                role=RED_FLAG_ROLES.get(flag.code, Role.PRIMARY_CARE),
                option=None,
                sources=flag.sources,
                action=flag.action or "Follow the red-flag pathway now.",
                detail=RED_FLAG_STEP_DETAIL.get(
                    flag.code, "While a red flag is open, elective treatment waits."
                ),
                because=ctx.cite(flag.code),
                timeframe=flag.timeframe,
                severity=flag.severity,
                elective=False,
            )
        )
    return steps


def _workup_step(ctx: PlanContext) -> list[Step]:
    pending = [
        f
        for f in ctx.of_kind(Kind.WORKUP)
        if f.status is Status.MET and f.data.get("state") in ("needed", "ordered")
    ]
    if not pending:
        return []
    tests = [_test_name(f) for f in pending]
    sources = tuple(dict.fromkeys(s for f in pending for s in f.sources))
    return [
        Step(
            code="plan.workup",
            title=f"Complete the work-up: {', '.join(tests)}",
            role=Role.PAIN_MANAGEMENT,
            option=None,
            sources=sources,
            action="Order or chase the tests; review the results before interventional steps.",
            detail="Each test and the causes it would settle are in the work-up findings.",
            because=tuple(Because(f"finding:{f.code}", str(f.data.get("state"))) for f in pending),
        )
    ]


def _surgical_step(ctx: PlanContext, by_option: dict[OptionId, Judgement]) -> list[Step]:
    """Surgical evaluation for a cause amenable to surgery; a referral for an open red flag alone is the
    red-flag step itself, so it is not repeated as an elective step."""
    if not ctx.surgically_amenable_causes and ctx.red_flags_needing_a_surgeon:
        return []
    return _option_step(by_option, OptionId.SURGICAL_REFERRAL, SURGICAL_EVALUATION)


def _test_name(finding: Finding) -> str:
    """'Gadolinium-enhanced MRI recommended' -> 'gadolinium-enhanced MRI'."""
    name = finding.title.split(" recommended")[0].split(":")[0].strip()
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _option_step(by_option: dict[OptionId, Judgement], option_id: OptionId, code: str) -> list[Step]:
    judgement = by_option.get(option_id)
    if judgement is None or judgement.verdict not in PROPOSED:
        return []
    option = judgement.option
    return [
        Step(
            code=code,
            title=_option_title(judgement),
            role=option.role,
            option=option.id,
            sources=option.sources,
            action=ACTIONS.get(option_id),
            detail=" ".join(judgement.reasons) or None,
            because=judgement.because,
            elective=option.elective,
            after=judgement.after,
        )
    ]


def _option_title(judgement: Judgement) -> str:
    base = STEP_TITLES.get(judgement.option.id, judgement.option.name)
    if judgement.verdict is Verdict.DEFERRED:
        return f"Later, {judgement.headline}: {base[0].lower()}{base[1:]}"
    if judgement.verdict is Verdict.CONSIDER:
        return f"Consider: {base[0].lower()}{base[1:]}, {judgement.headline}"
    return f"{base}: {judgement.headline}"


STEP_TITLES: dict[OptionId, str] = {
    OptionId.SURGICAL_REFERRAL: "Refer to a spine surgeon before any neuromodulation",
    OptionId.PHYSICAL_THERAPY: "Start a supervised exercise programme with physical therapy",
    OptionId.PAIN_PSYCHOLOGY: "Refer to pain psychology for a cognitive behavioural approach",
    OptionId.MULTIDISCIPLINARY_REHABILITATION: "Refer to multidisciplinary rehabilitation (pain management)",
    OptionId.TRIGGER_POINT_INJECTION: "Offer trigger point injections (pain management)",
    OptionId.EPIDURAL_STEROID_INJECTION: "Consider an epidural steroid injection (pain management)",
    OptionId.SPINAL_CORD_STIMULATION: "Spinal cord stimulation with the SCS multidisciplinary team (pain management)",
}


ACTIONS: dict[OptionId, str] = {
    OptionId.SURGICAL_REFERRAL: "Refer to a spine surgeon to decide on reoperation before any neuromodulation.",
    OptionId.PHYSICAL_THERAPY: "Refer for a supervised, graded exercise programme fitted to the patient's goals.",
    OptionId.PAIN_PSYCHOLOGY: "Refer to pain psychology for a cognitive behavioural approach, alongside exercise.",
    OptionId.MULTIDISCIPLINARY_REHABILITATION: "Refer to a combined physical and psychological programme.",
    OptionId.TRIGGER_POINT_INJECTION: "Offer trigger point injection of the active trigger points; review the "
    "response.",
    OptionId.EPIDURAL_STEROID_INJECTION: "Discuss an image-guided epidural steroid injection, its FDA warning and "
    "the antithrombotic holds; choose the route (transforaminal, interlaminar or caudal).",
    OptionId.SPINAL_CORD_STIMULATION: "Refer to the SCS multidisciplinary team (see the SCS pathway findings).",
}


NEUROPATHIC_ORALS = (OptionId.GABAPENTIN, OptionId.PREGABALIN, OptionId.DULOXETINE, OptionId.TRICYCLIC)


def _medicines_step(ctx: PlanContext, by_option: dict[OptionId, Judgement], crcl: float | None) -> list[Step]:
    """Medicines to offer, and what to do with those already taken. A current medicine Beers 2023 says to
    avoid makes the step even when nothing new is offered: the plan must address it, not only list the option
    as not offered."""
    judged = [by_option[o] for o in MEDICINE_OPTIONS if o in by_option]
    offered = [j for j in judged if j.verdict is Verdict.SUITABLE]
    disputed = [j for j in judged if j.verdict is Verdict.DISPUTED]
    current, to_avoid = _current_medicines(ctx, crcl)
    if not offered and not disputed and not to_avoid:
        return []
    parts = []
    # A drug already taken is listed under "already taking", not offered again.
    orals = [
        j
        for j in offered
        if j.option.id in NEUROPATHIC_ORALS and not any(ctx.is_taking(d) for d in j.option.ingredients)
    ]
    if len(orals) == 1:
        parts.append(f"offer {_names(orals)} for the neuropathic pain (NICE CG173)")
    elif orals:
        parts.append(f"offer one of {_names(orals, 'or')} for the neuropathic pain (NICE CG173)")
    if any(j.option.id is OptionId.NSAID for j in offered):
        parts.append("an oral NSAID for the back pain, at the lowest dose for the shortest time")
    if any(j.option.id is OptionId.TOPICAL for j in offered):
        parts.append("capsaicin cream if the neuropathic pain is localised")
    if disputed:
        parts.append(f"guidelines disagree on {_names(disputed)}: choose and record why")
    parts.extend(current)
    detail = " ".join(f"{j.option.name}: {j.headline}." for j in (*offered, *disputed)) or None
    sources = tuple(dict.fromkeys(s for j in (*offered, *disputed) for s in j.option.sources))
    if to_avoid:
        sources = (*sources, BEERS_2023)
    return [
        Step(
            code="plan.medicines",
            title=f"Review medicines with {role_name(Role.PRIMARY_CARE)} and pain management: {'; '.join(parts)}",
            role=Role.PRIMARY_CARE,
            option=None,
            sources=sources,
            action="Agree one medicine at a time with the patient; start low, review benefit and harms, and stop "
            "what does not help. Read the safety findings before prescribing.",
            detail=detail,
            because=tuple(
                dict.fromkeys(
                    (
                        *(b for j in (*offered, *disputed) for b in j.because),
                        *to_avoid,
                    )
                )
            ),
        )
    ]


def _current_medicines(ctx: PlanContext, crcl: float | None) -> tuple[list[str], list[Because]]:
    """What to do with the pain medicines already taken, and those Beers 2023 says to avoid at 65 or over
    (treatment-safety.md §3.4): tertiary tricyclics are reviewed and switched; an NSAID is reviewed and stopped
    when CrCl is below 30 (avoid all NSAIDs), and indomethacin and ketorolac always."""
    current = [r for r in ctx.medications if r.has(*PAIN_MEDICINE_CLASSES)]
    age = ctx.case.age_years
    if age is None or age < BEERS_AGE:
        keep = current
        tricyclics: list[MedicationRef] = []
        nsaids: list[MedicationRef] = []
    else:
        tricyclics = [r for r in current if r.has(DrugClass.TCA_TERTIARY)]
        renal = crcl is not None and crcl < NSAID_AVOID_CRCL_BELOW
        nsaids = [r for r in current if r.has(DrugClass.NSAID) and (renal or r.name in BEERS_AVOID_NSAIDS)]
        keep = [r for r in current if r not in tricyclics and r not in nsaids]
    parts = []
    if keep:
        parts.append(f"already taking {listed([r.name for r in keep])}: continue, adjust or switch")
    if tricyclics:
        parts.append(
            f"already taking {listed([r.name for r in tricyclics])}: Beers 2023 advises avoiding it at age "
            f"{age}; review and switch if agreed"
        )
    for ref in nsaids:
        why = (
            f"all NSAIDs when creatinine clearance is below 30 (here {crcl:g} mL/min)"
            if crcl is not None and crcl < NSAID_AVOID_CRCL_BELOW
            else "indomethacin and ketorolac"
        )
        parts.append(
            f"already taking {ref.name}: Beers 2023 advises avoiding {why} at age {age}; review and stop it if "
            "agreed"
        )
    avoided = [Because(r.path, r.name) for r in (*tricyclics, *nsaids)]
    if avoided:
        avoided.append(Because("age_years", age))
    if nsaids and crcl is not None:
        avoided.append(Because("finding:safety.renal_function", crcl))
    return parts, avoided


def _names(judgements: list[Judgement], last: str = "and") -> str:
    """The options as the plan names them, joined for a sentence ('a, b or c')."""
    return listed([in_sentence(j.name) for j in judgements], last)


def _manual_therapy_step(by_option: dict[OptionId, Judgement]) -> list[Step]:
    manual = [
        by_option[o]
        for o in (OptionId.MASSAGE, OptionId.SPINAL_MANIPULATION, OptionId.ACUPUNCTURE)
        if o in by_option and by_option[o].verdict in PROPOSED
    ]
    acupuncture = by_option.get(OptionId.ACUPUNCTURE)
    if not manual:
        return []
    detail = "NICE NG59: manual therapy only as part of a package that includes exercise."
    if acupuncture is not None and acupuncture.verdict is Verdict.DISPUTED:
        detail += (
            " Acupuncture: NICE NG59 advises against it, ACP 2017 lists it; if wanted, record which guideline is "
            "followed."
        )
    elif acupuncture is not None and acupuncture.verdict is Verdict.SUITABLE:
        detail += f" Acupuncture: {acupuncture.headline}."
    return [
        Step(
            code="plan.manual_therapy",
            title=f"Optional, within the exercise package: {_names(manual)} ({role_name(Role.COMPLEMENTARY_THERAPY)})",
            role=Role.COMPLEMENTARY_THERAPY,
            option=manual[0].option.id,
            sources=tuple(dict.fromkeys(s for j in manual for s in j.option.sources)),
            detail=detail,
            after=("plan.physical_therapy",),
        )
    ]


def _hold(ctx: PlanContext, steps: list[Step]) -> None:
    surgical = any(s.code == SURGICAL_EVALUATION for s in steps)
    for step in steps:
        step.held_by.extend(holds_on(ctx, step.option, step.elective))
        if step.option is OptionId.SPINAL_CORD_STIMULATION and surgical:
            step.held_by.append(SURGICAL_EVALUATION)


def _finding(step: Step, order: int) -> Finding:
    title = step.title
    if step.held_by:
        title += f" (on hold: {why_held(step.held_by)})"
    return Finding(
        code=step.code,
        kind=Kind.PLAN,
        title=title,
        status=Status.MET,
        severity=step.severity,
        because=step.because,
        detail=step.detail,
        action=step.action,
        timeframe=step.timeframe,
        sources=step.sources or (TRONNIER_2019, GATZINSKY_2019),
        data={
            "order": order,
            "role": step.role.value if step.role else None,
            "role_name": role_name(step.role) if step.role else None,
            "option": step.option.value if step.option else None,
            "held": bool(step.held_by),
            "held_by": list(step.held_by),
            "after": list(step.after),
        },
    )


def _closing(judgements: tuple[Judgement, ...], steps: int) -> list[Finding]:
    """Options not offered (with the reason) and those that cannot be judged yet (with what is missing)."""
    found: list[Finding] = []
    for code, verdict, title in (
        ("plan.not_offered", Verdict.NOT_SUITABLE, "Not offered now"),
        ("plan.undecided", Verdict.UNDETERMINED, "Cannot be judged yet"),
    ):
        chosen = [j for j in judgements if j.verdict is verdict]
        if not chosen:
            continue
        found.append(
            Finding(
                code=code,
                kind=Kind.PLAN,
                title=f"{title}: "
                + "; ".join(f"{in_sentence(short_name(j.name))} ({j.headline})" for j in chosen),
                status=Status.MET,
                missing=tuple(dict.fromkeys(m for j in chosen for m in j.missing)),
                detail="Each option's reasons and sources are in its treatment finding.",
                sources=tuple(dict.fromkeys(s for j in chosen for s in j.option.sources)),
                data={
                    "order": steps + len(found) + 1,
                    "role": None,
                    "option": None,
                    "held": False,
                    "options": [
                        {
                            "option": j.option.id.value,
                            "reason": j.headline,
                            "category": j.option.category.value,
                        }
                        for j in chosen
                    ],
                },
            )
        )
    return found
