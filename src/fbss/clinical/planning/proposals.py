"""What the plan proposes, for the safety checks: procedures and drug ingredients."""

from __future__ import annotations

from dataclasses import dataclass

from fbss.clinical.case import ProcedureKind


@dataclass(frozen=True, slots=True)
class Proposals:
    procedures: tuple[ProcedureKind, ...] = ()
    drugs: tuple[str, ...] = ()
