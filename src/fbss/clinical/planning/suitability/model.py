"""The judgement of one catalogue option for one patient, and the thresholds the judgements share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from fbss.clinical.case import Response
from fbss.clinical.finding import Because, Missing
from fbss.clinical.frozen import quick_init
from fbss.clinical.planning.catalogue import Option
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.scs import Candidacy

EXERCISE_AFTER_SURGERY_WEEKS = 4  # Oosterhuis 2014: exercise programmes started 4-6 weeks after disc surgery
NO_BENEFIT = (Response.NO_HELP, Response.WORSE)


class Verdict(StrEnum):
    SUITABLE = "suitable"
    CONSIDER = "consider"  # suitable once named issues are addressed, or with weaker evidence
    DEFERRED = "deferred"  # later in the sequence, after the steps named in `after`
    DISPUTED = "disputed"  # guidelines disagree: the clinician chooses and records why
    NOT_SUITABLE = "not_suitable"
    UNDETERMINED = "undetermined"


@quick_init
@dataclass(frozen=True, slots=True)
class Judgement:
    option: Option
    verdict: Verdict
    headline: str
    reasons: tuple[str, ...] = ()
    because: tuple[Because, ...] = ()
    missing: tuple[Missing, ...] = ()
    after: tuple[str, ...] = ()
    conflict: str | None = None
    offered_as: str | None = None  # what the plan names when only part of the option is offered
    offered_drugs: tuple[str, ...] | None = None  # the ingredients offered, when not all of the option's

    @property
    def name(self) -> str:
        """The option as the plan names it, e.g. 'nortriptyline' when amitriptyline is not offered."""
        return self.offered_as or self.option.name

    @property
    def proposed(self) -> bool:
        """Whether the plan puts this option forward (suitable, to consider, later, or for the clinician to choose)."""
        return self.verdict in (Verdict.SUITABLE, Verdict.CONSIDER, Verdict.DEFERRED, Verdict.DISPUTED)


@dataclass(frozen=True, slots=True)
class Inputs:
    ctx: PlanContext
    candidacy: Candidacy
    crcl: float | None
    crcl_missing: tuple[Missing, ...] = ()  # what would let the creatinine clearance be worked out


Judge = Callable[[Inputs, Option], Judgement]
UNDETERMINED_PHENOTYPE = Missing("finding:phenotype.mechanism", "the pain mechanism (muscle, nerve or mixed)")


def choice_missing(conflict: str) -> Missing:
    """What a disputed option lacks: the clinician's guideline choice for its conflict, with the reason."""
    return Missing(
        "guideline_choices",
        f"the clinician's choice of guideline for {conflict}, with the reason (no default)",
    )
