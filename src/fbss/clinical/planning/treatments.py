"""TREATMENT findings: every catalogue option with its judgement for this patient, unsuitable ones included
with the reason, each carrying its catalogue entry (indications, cautions, evidence, guideline stances)."""

from __future__ import annotations

from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.gates import holds_on, why_held
from fbss.clinical.planning.suitability import Judgement, Verdict

STATUS = {
    Verdict.SUITABLE: Status.MET,
    Verdict.CONSIDER: Status.MET,
    Verdict.DEFERRED: Status.MET,
    Verdict.DISPUTED: Status.UNKNOWN,
    Verdict.NOT_SUITABLE: Status.NOT_MET,
    Verdict.UNDETERMINED: Status.UNKNOWN,
}
PHRASE = {
    Verdict.SUITABLE: "suitable",
    Verdict.CONSIDER: "consider",
    Verdict.DEFERRED: "later",
    Verdict.DISPUTED: "guidelines disagree",
    Verdict.NOT_SUITABLE: "not suitable now",
    Verdict.UNDETERMINED: "cannot be judged yet",
}


def held_by(ctx: PlanContext, judgement: Judgement) -> tuple[str, ...]:
    """Open red flags hold elective options; an incomplete red-flag screen holds interventional ones."""
    return tuple(holds_on(ctx, judgement.option.id, judgement.option.elective))


def treatment_findings(ctx: PlanContext, judgements: tuple[Judgement, ...]) -> tuple[Finding, ...]:
    """One TREATMENT finding per catalogue option, in catalogue order."""
    return tuple(_finding(ctx, j) for j in judgements)


def _finding(ctx: PlanContext, judgement: Judgement) -> Finding:
    option, verdict = judgement.option, judgement.verdict
    held = held_by(ctx, judgement)
    title = f"{option.name}: {PHRASE[verdict]} ({judgement.headline})"
    if held and judgement.proposed:
        title += f"; on hold: {why_held(held)}"
    option_id, verdict_value = option.id.value, verdict.value
    return Finding(
        code=f"treatment.{option_id}",
        kind=Kind.TREATMENT,
        title=title,
        status=STATUS[verdict],
        because=judgement.because,
        missing=judgement.missing,
        detail=" ".join(judgement.reasons) or None,
        value=verdict_value,
        sources=option.sources,
        data={
            "option": option_id,
            "verdict": verdict_value,
            "role": option.role.value,
            "after": list(judgement.after),
            "held": bool(held) and judgement.proposed,
            "held_by": list(held),
            "conflict": judgement.conflict,
            "catalogue": option.summary,
        },
    )
