"""Bleeding-risk category of each pain procedure (ASRA pain guideline, Narouze 2018), and the patient factors
that move a procedure up one category."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from fbss.clinical.case import ProcedureKind, SpineRegion, region_of_level
from fbss.clinical.drugs import ANTICOAGULANT_CLASSES, ANTIPLATELET_CLASSES
from fbss.clinical.finding import Because
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.older_adults import BEERS_AGE
from fbss.clinical.workup.levels import discs_of, discs_of_all


class Risk(IntEnum):
    LOW = 1
    INTERMEDIATE = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


PROCEDURE_NAMES: dict[ProcedureKind, str] = {
    ProcedureKind.ESI_TRANSFORAMINAL: "transforaminal epidural steroid injection",
    ProcedureKind.ESI_INTERLAMINAR: "interlaminar epidural steroid injection",
    ProcedureKind.ESI_CAUDAL: "caudal epidural steroid injection",
    ProcedureKind.TRIGGER_POINT_INJECTION: "trigger point injection",
    ProcedureKind.MEDIAL_BRANCH_BLOCK: "medial branch block",
    ProcedureKind.RADIOFREQUENCY_DENERVATION: "radiofrequency denervation",
    ProcedureKind.SACROILIAC_JOINT_INJECTION: "sacroiliac joint injection",
    ProcedureKind.SCS_TRIAL: "SCS trial",
    ProcedureKind.SCS_IMPLANT: "SCS implant",
}

# ASRA 2018 pain guideline, as reproduced (fact sheet 5.1 [S]): SCS trial and implant high; interlaminar and
# transforaminal ESI intermediate; trigger point and sacroiliac joint injections low; thoracic and lumbar facet
# medial branch block and RFA low since 2018, cervical ones intermediate.
_CATEGORY: dict[ProcedureKind, Risk] = {
    ProcedureKind.SCS_TRIAL: Risk.HIGH,
    ProcedureKind.SCS_IMPLANT: Risk.HIGH,
    ProcedureKind.ESI_TRANSFORAMINAL: Risk.INTERMEDIATE,
    ProcedureKind.ESI_INTERLAMINAR: Risk.INTERMEDIATE,
    # The reproduced list names interlaminar and transforaminal ESI at sacral levels but not the caudal
    # route by name: classed with them, and marked unconfirmed.
    ProcedureKind.ESI_CAUDAL: Risk.INTERMEDIATE,
    ProcedureKind.TRIGGER_POINT_INJECTION: Risk.LOW,
    ProcedureKind.SACROILIAC_JOINT_INJECTION: Risk.LOW,
}
UNCONFIRMED_CATEGORY = frozenset({ProcedureKind.ESI_CAUDAL})
_FACET = frozenset({ProcedureKind.MEDIAL_BRANCH_BLOCK, ProcedureKind.RADIOFREQUENCY_DENERVATION})


@dataclass(frozen=True, slots=True)
class Category:
    """A procedure's ASRA category, and the category after patient factors move it up."""

    procedure: ProcedureKind
    base: Risk
    effective: Risk
    raised_by: tuple[str, ...]
    to_consider: tuple[str, ...]
    confirmed: bool
    because: tuple[Because, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "procedure": self.procedure.value,
            "category": self.base.label,
            "effective_category": self.effective.label,
            "raised_by": list(self.raised_by),
            "to_consider": list(self.to_consider),
            "category_confirmed": self.confirmed,
        }


def procedure_name(procedure: ProcedureKind) -> str:
    """The plain name of a procedure."""
    return PROCEDURE_NAMES[procedure]


def base_category(procedure: ProcedureKind, level: str | None = None) -> Risk:
    """The ASRA 2018 category of a procedure; facet procedures depend on the spinal region."""
    if procedure in _FACET:
        cervical = level is not None and region_of_level(level) is SpineRegion.CERVICAL
        return Risk.INTERMEDIATE if cervical else Risk.LOW
    return _CATEGORY[procedure]


def category(ctx: PlanContext, procedure: ProcedureKind, level: str | None = None) -> Category:
    """The procedure's category for this patient: recorded patient factors raise it one level (ASRA 2018)."""
    base = base_category(procedure, level)
    raised, because = _raising_factors(ctx)
    effective = Risk(min(Risk.HIGH, base + 1)) if raised else base
    return Category(
        procedure=procedure,
        base=base,
        effective=effective,
        raised_by=raised,
        to_consider=_factors_to_consider(ctx, level),
        confirmed=procedure not in UNCONFIRMED_CATEGORY,
        because=because,
    )


def _raising_factors(ctx: PlanContext) -> tuple[tuple[str, ...], tuple[Because, ...]]:
    conditions = ctx.case.conditions
    named = (
        ("bleeding_history", conditions.bleeding_history, "a history of bleeding"),
        ("advanced_liver_disease", conditions.advanced_liver_disease, "advanced liver disease"),
        ("advanced_renal_disease", conditions.advanced_renal_disease, "advanced renal disease"),
    )
    raised = [text for _, value, text in named if value is True]
    because = [Because(f"conditions.{field}", True) for field, value, _ in named if value is True]
    antithrombotics = ctx.taking(*ANTICOAGULANT_CLASSES, *ANTIPLATELET_CLASSES)
    if len(antithrombotics) >= 2:
        raised.append("more than one anticoagulant or antiplatelet drug")
        because.extend(Because(f"{ref.path}.name", ref.name) for ref in antithrombotics)
    return tuple(raised), tuple(because)


def _factors_to_consider(ctx: PlanContext, level: str | None) -> tuple[str, ...]:
    """Factors the guideline names without a threshold: shown for the clinician, never applied silently.
    Age is shown from 65 (the Beers criteria's older adult); the guideline itself gives no age."""
    found = []
    age = ctx.case.age_years
    if age is not None and age >= BEERS_AGE:
        found.append(f"age {age}: older age raises the risk (the guideline gives no age threshold)")
    at_site = _at_operated_level(ctx, level)
    if at_site is True:
        found.append("previous spine surgery at this level (adhesions)")
    elif at_site is None and ctx.case.surgeries:
        found.append("previous spine surgery, if the procedure is at the operated level (adhesions)")
    return tuple(found)


def _at_operated_level(ctx: PlanContext, level: str | None) -> bool | None:
    """Whether the procedure's segment was operated on, compared by disc space (L4-L5 is not L5-S1, though
    they share L5); None when the level or the operated levels are not recorded, or a single vertebra is
    named whose disc spaces were only partly operated on."""
    operated = discs_of_all(lv for surgery in ctx.case.surgeries for lv in surgery.levels)
    if level is None or not operated:
        return None
    target = discs_of(level)
    if target <= operated:
        return True
    if not target & operated:
        return False
    return None
