"""The procedures the safety checks look at: those planned in the case and those the plan proposes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fbss.clinical.case import ProcedureKind
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.bleeding_risk import procedure_name


@dataclass(frozen=True, slots=True)
class ProcedureTarget:
    kind: ProcedureKind
    name: str
    date: dt.date | None = None
    level: str | None = None
    position: int | None = None  # index in case.planned_procedures; None when the plan proposes it

    @property
    def code(self) -> str:
        """The procedure part of a finding code: always the ProcedureKind value, planned or proposed."""
        return self.kind.value

    @property
    def path(self) -> str | None:
        return None if self.position is None else f"planned_procedures[{self.position}]"

    @property
    def proposed(self) -> bool:
        return self.position is None


def planned(ctx: PlanContext) -> tuple[ProcedureTarget, ...]:
    """The procedures planned in the case, with their dates and levels."""
    return tuple(
        ProcedureTarget(p.procedure, procedure_name(p.procedure), p.date, p.level, i)
        for i, p in enumerate(ctx.case.planned_procedures)
    )


def proposed(
    kinds: tuple[ProcedureKind, ...], already: tuple[ProcedureTarget, ...]
) -> tuple[ProcedureTarget, ...]:
    """Targets for procedures the plan proposes, unless one of the same family is already planned."""
    planned_kinds = {target.kind for target in already}
    targets: list[ProcedureTarget] = []
    for kind in kinds:
        if kind in planned_kinds or _same_family_planned(kind, planned_kinds):
            continue
        if kind in ESI_KINDS:
            if any(t.kind in ESI_KINDS for t in targets):
                continue
            targets.append(ProcedureTarget(kind, "epidural steroid injection"))
        else:
            targets.append(ProcedureTarget(kind, procedure_name(kind)))
    return tuple(targets)


ESI_KINDS = frozenset(
    {ProcedureKind.ESI_TRANSFORAMINAL, ProcedureKind.ESI_INTERLAMINAR, ProcedureKind.ESI_CAUDAL}
)
SCS_KINDS = frozenset({ProcedureKind.SCS_TRIAL, ProcedureKind.SCS_IMPLANT})


def _same_family_planned(kind: ProcedureKind, planned_kinds: set[ProcedureKind]) -> bool:
    return any(kind in family and bool(planned_kinds & family) for family in (ESI_KINDS, SCS_KINDS))
