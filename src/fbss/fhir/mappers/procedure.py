"""Procedure -> spine surgeries (with date and level), SCS implants and other prior treatments."""

from __future__ import annotations

import re
from typing import Any

from fbss.clinical.case import LEVEL_PATTERN, PriorTreatment, Surgery
from fbss.fhir import extensions
from fbss.fhir.codes import CPT, SCS_PADDLE_IMPLANT, SURGERY_CODES, THERAPY_CODES
from fbss.fhir.mapping import (
    Context,
    Outcome,
    Part,
    Skip,
    after_as_of,
    codings,
    describe,
    effective_date,
    first_known,
    has_code,
    is_ours,
    validated,
)

SURGERY = "case-surgery"
PRIOR_TREATMENT = "case-prior-treatment"
_LEVEL = re.compile(LEVEL_PATTERN)
# CPT 63650 (percutaneous epidural neurostimulator electrodes) covers both trial and permanent leads.
_AMBIGUOUS = {(CPT, "63650"): "CPT 63650 covers both SCS trial and implant leads: not mapped"}


def map_procedure(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """A completed spine operation, SCS implant or recognised therapy."""
    if is_ours(resource):
        return _ours(resource)
    if resource.get("status") != "completed":
        return [Skip(f"status {resource.get('status')}: only completed procedures are history")]
    when = effective_date(resource, "performed")
    late = after_as_of(when, context)
    if late:
        return [late]
    code = resource.get("code")
    surgery = first_known(code, SURGERY_CODES)
    if surgery:
        kind, known = surgery
        model = validated(Surgery, {"type": kind, "date": when, "levels": levels_of(resource)})
        return [model if isinstance(model, Skip) else Part("surgeries", model, note=known.display)]
    if has_code(code, SCS_PADDLE_IMPLANT.system, SCS_PADDLE_IMPLANT.code):
        return [Part("scs", {"implant": {"date": when}}, when=when, note=SCS_PADDLE_IMPLANT.display)]
    therapy = first_known(code, THERAPY_CODES)
    if therapy:
        kind, known = therapy
        model = validated(PriorTreatment, {"kind": kind, "start": when})
        return [model if isinstance(model, Skip) else Part("prior_treatments", model, note=known.display)]
    for system, value, _display in codings(code):
        if (system, value) in _AMBIGUOUS:
            return [Skip(_AMBIGUOUS[(system, value)])]
    return [Skip(f"not a spine procedure or treatment the case records: {describe(code)}")]


def levels_of(resource: dict[str, Any]) -> list[str]:
    """Spinal levels written in standard notation (L4-L5, L5-S1) in bodySite text or display; nothing inferred."""
    found: list[str] = []
    for site in resource.get("bodySite", ()):
        texts = [site.get("text", "")] + [c.get("display", "") for c in site.get("coding", ())]
        for text in texts:
            candidate = str(text).strip().upper()
            if candidate and _LEVEL.match(candidate) and candidate not in found:
                found.append(candidate)
                break
    return found


def _ours(resource: dict[str, Any]) -> list[Outcome]:
    for name, model, target in (
        (SURGERY, Surgery, "surgeries"),
        (PRIOR_TREATMENT, PriorTreatment, "prior_treatments"),
    ):
        for ext in extensions.find(resource, name):
            built = validated(model, extensions.decode(ext.get("extension", []), model))
            return [built if isinstance(built, Skip) else Part(target, built)]
    return [Skip("an fbss procedure without its case extension")]
