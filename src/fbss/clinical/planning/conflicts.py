"""Where guidelines disagree, say so and cite both, never pick silently (fact sheet 4): no default; the
clinician chooses which guideline governs this patient and records why (case.guideline_choices)."""

from __future__ import annotations

from dataclasses import dataclass

from fbss.clinical.drugs import DrugClass
from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.catalogue import OptionId
from fbss.clinical.planning.choices import CONFLICTS, recorded_choice, unmatched_choices
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.suitability import Judgement
from fbss.clinical.sources import NICE_CG173, Source

GABAPENTINOIDS_SCIATICA = "treatment.conflict.gabapentinoids_sciatica"
ANTIDEPRESSANTS_SCIATICA = "treatment.conflict.antidepressants_sciatica"
DULOXETINE_LBP = "treatment.conflict.duloxetine_low_back_pain"
LBP_MEDICINES = "treatment.guidance.low_back_pain_medicines"
UNMATCHED_CHOICE = "data_quality.guideline_choice"
ANTIDEPRESSANTS = (DrugClass.SNRI, DrugClass.SSRI, DrugClass.TCA_TERTIARY, DrugClass.TCA_SECONDARY)
INDIRECT = (
    "Neither NICE NG59 nor NICE CG173 addresses pain after spinal surgery specifically, and PRECISE was not a "
    "post-surgical trial (it excluded people planning surgery within 8 weeks): for radicular pain after surgery "
    "the evidence is indirect either way."
)


@dataclass(frozen=True, slots=True)
class Position:
    source: Source
    says: str

    def to_dict(self) -> dict[str, str]:
        return {
            "guideline": self.source.id,
            "says": self.says,
            "verification": self.source.verification.value,
        }


NG59_GABAPENTINOIDS = Position(
    ref.NG59_SCIATICA_DRUGS,
    "Do not offer gabapentinoids, other antiepileptics, oral corticosteroids or benzodiazepines for sciatica; "
    "for people already taking them, explain the risks of continuing and, if stopping is agreed, of withdrawal",
)
CG173_FIRST_LINE = Position(
    NICE_CG173,
    "Offer a choice of amitriptyline, duloxetine, gabapentin or pregabalin as initial treatment for neuropathic "
    "pain; if not effective or not tolerated, offer one of the remaining three",
)
PRECISE = Position(
    ref.PRECISE_2017,
    "Pregabalin was no better than placebo for sciatica: leg pain 3.7 vs 3.1 at 8 weeks and 3.4 vs 3.0 at 52 "
    "weeks, with more adverse events (227 vs 124)",
)
NG59_ANTIDEPRESSANTS_SCIATICA = Position(
    ref.NG59_RATIONALE, "No recommendation for or against antidepressants for sciatica (no evidence)"
)
NG59_ANTIDEPRESSANTS_LBP = Position(
    ref.NG59_LBP_DRUGS, "Do not offer SSRIs, SNRIs or tricyclic antidepressants for low back pain"
)
ACP_DULOXETINE = Position(ref.ACP_2017, "Duloxetine is a second-line drug for chronic low back pain")


def conflict_findings(ctx: PlanContext, judgements: tuple[Judgement, ...]) -> tuple[Finding, ...]:
    """The guideline conflicts that apply to this patient's pain and medicines."""
    by_option = {j.option.id: j for j in judgements}
    found: list[Finding] = []
    if ctx.is_radicular:
        gabapentinoids = _in_play(
            ctx,
            by_option,
            (OptionId.GABAPENTIN, OptionId.PREGABALIN),
            (DrugClass.GABAPENTINOID, DrugClass.ANTIEPILEPTIC),
        )
        if gabapentinoids:
            found.append(_gabapentinoids_for_sciatica(ctx, gabapentinoids))
        antidepressants = _in_play(ctx, by_option, (OptionId.DULOXETINE, OptionId.TRICYCLIC), ANTIDEPRESSANTS)
        if antidepressants:
            found.append(_antidepressants_for_sciatica(ctx, antidepressants))
    elif ctx.has_neuropathic_component is False:
        duloxetine = _in_play(ctx, by_option, (OptionId.DULOXETINE,), (DrugClass.SNRI,))
        if duloxetine:
            found.append(_duloxetine_for_low_back_pain(ctx, duloxetine))
        if ctx.predominance in ("back", "balanced", "unknown"):
            found.append(_low_back_pain_medicines(ctx))
    found.extend(_unmatched_choice(i, choice.conflict) for i, choice in unmatched_choices(ctx.case))
    return tuple(found)


def _unmatched_choice(position: int, named: str) -> Finding:
    """A recorded guideline choice that names no known conflict: shown, so it is not silently ignored."""
    return Finding(
        code=UNMATCHED_CHOICE,
        kind=Kind.DATA_QUALITY,
        title=f"Guideline choice for an unknown conflict '{named}': not applied",
        status=Status.MET,
        severity=Severity.WARNING,
        because=(Because(f"guideline_choices[{position}].conflict", named),),
        missing=(
            Missing(
                f"guideline_choices[{position}].conflict",
                "name one of the known conflicts: " + ", ".join(sorted(CONFLICTS)),
            ),
        ),
        detail="A choice names a conflict finding's code, or the treatment finding code of an option it governs.",
        sources=(NICE_CG173, ref.NG59_SCIATICA_DRUGS, ref.ACP_2017),
        data={"position": position, "conflict": named, "known": sorted(CONFLICTS)},
    )


def _in_play(
    ctx: PlanContext,
    by_option: dict[OptionId, Judgement],
    options: tuple[OptionId, ...],
    classes: tuple[DrugClass, ...],
) -> tuple[Because, ...]:
    """Drugs of these classes that are taken, or options of these kinds the plan puts forward."""
    taken = tuple(Because(f"{r.path}.name", r.name) for r in ctx.taking(*classes))
    proposed = tuple(
        Because("plan", o.value, note="put forward by the plan")
        for o in options
        if o in by_option and by_option[o].proposed
    )
    return (*taken, *proposed)


def _choice(ctx: PlanContext, code: str) -> tuple[dict[str, object] | None, tuple[Because, ...]]:
    recorded = recorded_choice(ctx.case, code)
    if recorded is None:
        return None, ()
    i, choice = recorded
    data: dict[str, object] = {
        "guideline": choice.guideline,
        "reason": choice.reason,
        "chosen_by": choice.chosen_by,
        "date": choice.date.isoformat() if choice.date else None,
    }
    return data, (Because(f"guideline_choices[{i}].guideline", choice.guideline),)


def _conflict(
    ctx: PlanContext,
    code: str,
    title: str,
    positions: tuple[Position, ...],
    because: tuple[Because, ...],
    extra: tuple[str, ...] = (),
) -> Finding:
    choice, choice_because = _choice(ctx, code)
    side_by_side = " | ".join(f"{p.source.id}: {p.says}" for p in positions)
    preferred = [p.source.id for p in positions if p.source.id in ctx.policy.preferred_guidelines]
    if choice is not None:
        title += f"; clinician chose {choice['guideline']} ({choice['reason']})"
    return Finding(
        code=code,
        kind=Kind.TREATMENT,
        title=title,
        status=Status.MET,
        severity=Severity.INFO if choice is not None else Severity.WARNING,
        because=(*because, *ctx.phenotype_because, *choice_because),
        missing=()
        if choice is not None
        else (Missing("guideline_choices", "which guideline governs for this patient, and why"),),
        detail=" ".join((side_by_side + ".", *extra)),
        action=None
        if choice is not None
        else "Choose which guideline governs for this patient and record the reason; there is no default.",
        sources=tuple(dict.fromkeys(p.source for p in positions)),
        data={
            "positions": [p.to_dict() for p in positions],
            "choice": choice,
            "site_preference": preferred,
            "default": None,
        },
    )


def _gabapentinoids_for_sciatica(ctx: PlanContext, because: tuple[Because, ...]) -> Finding:
    taking = bool(ctx.taking(DrugClass.GABAPENTINOID, DrugClass.ANTIEPILEPTIC))
    extra = [INDIRECT]
    if taking:
        extra.append(
            "Already taking one: NICE NG59 asks that the risks of continuing, and of withdrawal if stopping is "
            "agreed, be explained; see the renal, older-adult and opioid safety findings."
        )
    return _conflict(
        ctx,
        GABAPENTINOIDS_SCIATICA,
        "Guidelines disagree on gabapentinoids for sciatica-type leg pain",
        (NG59_GABAPENTINOIDS, CG173_FIRST_LINE, PRECISE),
        because,
        tuple(extra),
    )


def _antidepressants_for_sciatica(ctx: PlanContext, because: tuple[Because, ...]) -> Finding:
    return _conflict(
        ctx,
        ANTIDEPRESSANTS_SCIATICA,
        "Antidepressants for sciatica-type leg pain: NICE NG59 makes no recommendation; NICE CG173 offers them",
        (NG59_ANTIDEPRESSANTS_SCIATICA, NG59_ANTIDEPRESSANTS_LBP, CG173_FIRST_LINE, ACP_DULOXETINE),
        because,
        (INDIRECT,),
    )


def _duloxetine_for_low_back_pain(ctx: PlanContext, because: tuple[Because, ...]) -> Finding:
    return _conflict(
        ctx,
        DULOXETINE_LBP,
        "Guidelines disagree on duloxetine for low back pain: ACP 2017 lists it; NICE NG59 advises against SNRIs",
        (ACP_DULOXETINE, NG59_ANTIDEPRESSANTS_LBP),
        because,
    )


def _low_back_pain_medicines(ctx: PlanContext) -> Finding:
    return Finding(
        code=LBP_MEDICINES,
        kind=Kind.TREATMENT,
        title="Back pain without a neuropathic component: NICE NG59's low back pain advice applies, not CG173",
        status=Status.MET,
        because=ctx.phenotype_because,
        detail="NICE NG59 for low back pain: consider oral NSAIDs at the lowest effective dose for the shortest "
        "time; do not offer paracetamol alone; do not offer opioids for chronic low back pain; do not offer "
        "SSRIs, SNRIs or tricyclic antidepressants; do not offer anticonvulsants. ACP 2017: NSAIDs first line, "
        "tramadol or duloxetine second line.",
        sources=(ref.NG59_LBP_DRUGS, ref.ACP_2017),
    )
