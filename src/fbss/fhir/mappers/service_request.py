"""ServiceRequest -> planned procedures (injections, SCS trial or implant) for the pre-procedure checks."""

from __future__ import annotations

from typing import Any

from fbss.clinical.case import PlannedProcedure, ProcedureKind
from fbss.fhir import extensions
from fbss.fhir.codes import our_system
from fbss.fhir.mapping import (
    Context,
    Outcome,
    Part,
    Skip,
    codings,
    describe,
    effective_date,
    is_ours,
    validated,
)

PLANNED = "case-planned-procedure"
PROCEDURE_KIND_SYSTEM = our_system("procedure-kind")
_PLANNED_STATUS = {"draft", "active", "on-hold"}


def map_service_request(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """A requested procedure the safety checks know, by our code or by the site's own order codes."""
    if is_ours(resource):
        for ext in extensions.find(resource, PLANNED):
            built = validated(PlannedProcedure, extensions.decode(ext.get("extension", []), PlannedProcedure))
            return [built if isinstance(built, Skip) else Part("planned_procedures", built)]
    if resource.get("status") not in _PLANNED_STATUS:
        return [Skip(f"status {resource.get('status')}: not a pending request")]
    kind = procedure_kind(resource.get("code"), context)
    if kind is None:
        return [Skip(f"not a procedure the safety checks know: {describe(resource.get('code'))}")]
    when = effective_date(resource, "occurrence")
    built = validated(PlannedProcedure, {"procedure": kind, "date": when})
    return [built if isinstance(built, Skip) else Part("planned_procedures", built)]


def procedure_kind(concept: Any, context: Context) -> ProcedureKind | None:
    for system, code, _display in codings(concept):
        if system == PROCEDURE_KIND_SYSTEM and code in ProcedureKind._value2member_map_:
            return ProcedureKind(code)
        mapped = context.order_codes.get(f"{system}|{code}")
        if mapped is not None and mapped in ProcedureKind._value2member_map_:
            return ProcedureKind(mapped)
    return None
