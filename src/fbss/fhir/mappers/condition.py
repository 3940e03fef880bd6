"""Condition -> Case.diagnoses, for spine and pain conditions with a verified code."""

from __future__ import annotations

from typing import Any

from fbss.clinical.case import Diagnosis
from fbss.fhir.codes import SPINE_CONDITION_CODES
from fbss.fhir.mapping import (
    Context,
    Outcome,
    Part,
    Skip,
    after_as_of,
    codings,
    describe,
    effective_date,
    is_derived,
    is_ours,
    validated,
)

_ACTIVE = {"active": True, "recurrence": True, "relapse": True, "inactive": False, "remission": False}
_ACTIVE["resolved"] = False
_NOT_TRUE = {"entered-in-error", "refuted"}


def map_condition(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """A recorded spine or pain diagnosis (FBSS, radiculopathy, stenosis, discitis ...)."""
    if is_derived(resource):
        return [Skip("derived by an fbss assessment: the case is assessed again instead")]
    verification = {code for _s, code, _d in codings(resource.get("verificationStatus"))}
    if verification & _NOT_TRUE:
        return [Skip(f"verification status {sorted(verification & _NOT_TRUE)[0]}")]
    coding = _recognised(resource)
    if coding is None:
        return [Skip(f"not a spine or pain condition the case records: {describe(resource.get('code'))}")]
    onset = effective_date(resource, "onset")
    late = after_as_of(onset, context)
    if late:
        return [late]
    status = next((code for _s, code, _d in codings(resource.get("clinicalStatus"))), None)
    model = validated(
        Diagnosis,
        {
            "system": coding[0],
            "code": coding[1],
            "display": coding[2] or None,
            "onset": onset,
            "active": _ACTIVE.get(status) if status else None,
        },
    )
    return [model if isinstance(model, Skip) else Part("diagnoses", model)]


def _recognised(resource: dict[str, Any]) -> tuple[str, str, str] | None:
    ours = is_ours(resource)
    for system, code, display in codings(resource.get("code")):
        if ours:
            return system, code, display
        known = SPINE_CONDITION_CODES.get((system, code))
        if known:
            return system, code, known.display
    return None
