"""Guideline conflicts as data, and the clinician's recorded choice applied to the options each governs.

Fact sheet 4, rule 3: no default; the clinician chooses which guideline governs and records why, and the choice
is shown in the plan. A choice names a conflict by its finding code (e.g. treatment.conflict.acupuncture) or by
the treatment finding code of an option the conflict governs (e.g. treatment.acupuncture). A guideline on the
offering side makes the option suitable; one advising against makes it not suitable; the choice, reason, who
and when are carried into the judgement.
"""

from __future__ import annotations

from dataclasses import dataclass

from fbss.clinical.case import Case, GuidelineChoice
from fbss.clinical.planning.catalogue import OptionId


@dataclass(frozen=True, slots=True)
class Conflict:
    code: str
    options: tuple[OptionId, ...]  # the options the choice governs
    offer: frozenset[str]  # source ids of the guidelines (and evidence) that offer the options
    against: frozenset[str]  # source ids of those that advise against them

    @property
    def guidelines(self) -> tuple[str, ...]:
        return tuple(sorted(self.offer | self.against))


NG59 = "nice-ng59"  # a choice may name NICE NG59 as a whole
CONFLICTS: dict[str, Conflict] = {
    conflict.code: conflict
    for conflict in (
        Conflict(
            "treatment.conflict.gabapentinoids_sciatica",
            (OptionId.GABAPENTIN, OptionId.PREGABALIN),
            offer=frozenset({"nice-cg173"}),
            against=frozenset({NG59, "nice-ng59-sciatica-2020", "precise-2017"}),
        ),
        Conflict(
            "treatment.conflict.antidepressants_sciatica",
            (OptionId.DULOXETINE, OptionId.TRICYCLIC),
            offer=frozenset({"nice-cg173", "acp-2017"}),
            against=frozenset({"nice-ng59-lbp-drugs"}),
        ),
        Conflict(
            "treatment.conflict.duloxetine_low_back_pain",
            (OptionId.DULOXETINE,),
            offer=frozenset({"acp-2017"}),
            against=frozenset({NG59, "nice-ng59-lbp-drugs"}),
        ),
        Conflict(
            "treatment.conflict.acupuncture",
            (OptionId.ACUPUNCTURE,),
            offer=frozenset({"acp-2017"}),
            against=frozenset({NG59, "nice-ng59-non-drug"}),
        ),
    )
}


def names_conflict(choice: GuidelineChoice, conflict: Conflict) -> bool:
    """Whether a recorded choice names this conflict, by its code or by a governed option's finding code."""
    return choice.conflict == conflict.code or choice.conflict in {
        f"treatment.{option.value}" for option in conflict.options
    }


def recorded_choice(case: Case, code: str) -> tuple[int, GuidelineChoice] | None:
    """The latest choice recorded for the conflict `code`, with its position in case.guideline_choices."""
    conflict = CONFLICTS.get(code)
    if conflict is None:
        return None
    found = [(i, c) for i, c in enumerate(case.guideline_choices) if names_conflict(c, conflict)]
    return found[-1] if found else None


def unmatched_choices(case: Case) -> tuple[tuple[int, GuidelineChoice], ...]:
    """Recorded choices that name no known conflict: they are reported, never silently ignored."""
    return tuple(
        (i, choice)
        for i, choice in enumerate(case.guideline_choices)
        if not any(names_conflict(choice, conflict) for conflict in CONFLICTS.values())
    )


def side_of(conflict: Conflict, guideline: str) -> str | None:
    """'offer', 'against', or None when the guideline is not one of the conflict's sides."""
    if guideline in conflict.offer:
        return "offer"
    if guideline in conflict.against:
        return "against"
    return None
