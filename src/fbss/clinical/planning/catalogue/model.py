"""The shape of a treatment catalogue entry: what it is for, what speaks against it, what the trials found
(in numbers) and where the main guidelines stand, including where a guideline advises against it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fbss.clinical.case import ProcedureKind, TreatmentKind
from fbss.clinical.memo import cached_property
from fbss.clinical.planning.roles import Role
from fbss.clinical.sources import Source


class OptionId(StrEnum):
    PHYSICAL_THERAPY = "physical_therapy"
    PAIN_PSYCHOLOGY = "pain_psychology"
    MULTIDISCIPLINARY_REHABILITATION = "multidisciplinary_rehabilitation"
    MASSAGE = "massage"
    SPINAL_MANIPULATION = "spinal_manipulation"
    ACUPUNCTURE = "acupuncture"
    GABAPENTIN = "gabapentin"
    PREGABALIN = "pregabalin"
    DULOXETINE = "duloxetine"
    TRICYCLIC = "tricyclic"
    NSAID = "nsaid"
    TOPICAL = "topical"
    TRIGGER_POINT_INJECTION = "trigger_point_injection"
    EPIDURAL_STEROID_INJECTION = "epidural_steroid_injection"
    SPINAL_CORD_STIMULATION = "spinal_cord_stimulation"
    SURGICAL_REFERRAL = "surgical_referral"


class Category(StrEnum):
    EXERCISE = "exercise"
    PSYCHOLOGICAL = "psychological"
    REHABILITATION = "rehabilitation"
    MANUAL = "manual"
    COMPLEMENTARY = "complementary"
    MEDICATION = "medication"
    INJECTION = "injection"
    NEUROMODULATION = "neuromodulation"
    SURGICAL = "surgical"


class Position(StrEnum):
    """Where a guideline stands on an option, for the population named in the stance's scope."""

    RECOMMENDS = "recommends"  # offer / first line
    OPTION = "option"  # listed as an option (e.g. second line)
    CONSIDER = "consider"
    PACKAGE_ONLY = "package_only"  # only as part of a package with exercise
    CAUTION = "caution"  # limited evidence of benefit and risk of harm
    NO_RECOMMENDATION = "no_recommendation"
    ADVISES_AGAINST = "advises_against"


@dataclass(frozen=True, slots=True)
class Stance:
    guideline: Source
    position: Position
    scope: str
    statement: str

    def to_dict(self) -> dict[str, str]:
        return {
            "guideline": self.guideline.id,
            "position": self.position.value,
            "scope": self.scope,
            "statement": self.statement,
            "verification": self.guideline.verification.value,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """A result in numbers, in our words; `numbers` holds the published figures for tests and charts."""

    statement: str
    source: Source
    numbers: tuple[tuple[str, float], ...] = ()

    def number(self, name: str) -> float:
        return dict(self.numbers)[name]

    def to_dict(self) -> dict[str, object]:
        return {"statement": self.statement, "source": self.source.id, "numbers": dict(self.numbers)}


@dataclass(frozen=True)
class Option:
    """One treatment option of the catalogue (static data: `sources` and `summary` are computed once)."""

    id: OptionId
    name: str
    category: Category
    role: Role
    indications: tuple[str, ...]
    contraindications: tuple[str, ...]
    cautions: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    stances: tuple[Stance, ...]
    # phenotype.mechanism values the option is for; None = any mechanism
    mechanisms: frozenset[str] | None = None
    ingredients: tuple[str, ...] = ()
    procedures: tuple[ProcedureKind, ...] = ()
    prior_kinds: tuple[TreatmentKind, ...] = ()
    elective: bool = True

    @cached_property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for source in (*(s.guideline for s in self.stances), *(e.source for e in self.evidence)):
            seen.setdefault(source.id, source)
        return tuple(seen.values())

    def stance(self, guideline_id: str, scope_word: str = "") -> Stance | None:
        """The first stance of a guideline (optionally one whose scope mentions `scope_word`)."""
        for stance in self.stances:
            if stance.guideline.id == guideline_id and scope_word in stance.scope:
                return stance
        return None

    @cached_property
    def summary(self) -> dict[str, object]:
        """The catalogue entry as JSON-able data, for a finding's `data` (shared: never mutate it)."""
        return {
            "option": self.id.value,
            "name": self.name,
            "category": self.category.value,
            "role": self.role.value,
            "indications": list(self.indications),
            "contraindications": list(self.contraindications),
            "cautions": list(self.cautions),
            "evidence": [e.to_dict() for e in self.evidence],
            "stances": [s.to_dict() for s in self.stances],
        }
