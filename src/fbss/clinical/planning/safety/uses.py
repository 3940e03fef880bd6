"""Drugs in play for the safety checks: those the patient takes (active or planned) and those the plan
proposes, each with its classes and where it sits in the case."""

from __future__ import annotations

from dataclasses import dataclass

from fbss.clinical.drugs import DrugClass, classes_of
from fbss.clinical.finding import Because
from fbss.clinical.frozen import quick_init
from fbss.clinical.planning.context import MedicationRef, PlanContext

# NICE CG173's first-line drugs are offered one at a time, switching if one fails: a proposed one beside a
# current one is an alternative, not an addition.
CG173_ALTERNATIVES = frozenset({"amitriptyline", "nortriptyline", "duloxetine", "gabapentin", "pregabalin"})

# The plan proposes "an oral NSAID" without naming one: it counts as the NSAID class.
GENERIC_NSAID = "oral NSAID"


@quick_init
@dataclass(frozen=True, slots=True)
class DrugUse:
    name: str
    classes: frozenset[DrugClass]
    ref: MedicationRef | None  # None: proposed by the plan, not yet taken

    @property
    def proposed(self) -> bool:
        return self.ref is None

    @property
    def because(self) -> Because:
        if self.ref is None:
            return Because("plan", self.name, note="proposed by the plan")
        return Because(f"{self.ref.path}.name", self.name)

    def has(self, *wanted: DrugClass) -> bool:
        return not self.classes.isdisjoint(wanted)

    @property
    def described(self) -> str:
        return f"{self.name} (proposed)" if self.proposed else self.name


def drug_uses(ctx: PlanContext, proposed: tuple[str, ...]) -> tuple[DrugUse, ...]:
    """Current drugs first, then proposed ones the patient does not already take."""
    current = [DrugUse(ref.name, ref.classes, ref) for ref in ctx.medications]
    taken = {use.name for use in current}
    if any(use.has(DrugClass.NSAID) for use in current):
        taken.add(GENERIC_NSAID)
    extra = [DrugUse(name, _classes(name), None) for name in dict.fromkeys(proposed) if name not in taken]
    return (*current, *extra)


def _classes(name: str) -> frozenset[DrugClass]:
    return frozenset({DrugClass.NSAID}) if name == GENERIC_NSAID else classes_of(name)


def current_only(uses: tuple[DrugUse, ...]) -> tuple[DrugUse, ...]:
    """The drugs the patient takes, without the proposed ones."""
    return tuple(use for use in uses if not use.proposed)
