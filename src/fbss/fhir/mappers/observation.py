"""Observation -> laboratory results, weight and height; our own exports also carry pain reports and the exam."""

from __future__ import annotations

from typing import Any

from fbss.clinical import units
from fbss.clinical.case import Exam, LabResult, LabTest, PainReport
from fbss.fhir import extensions
from fbss.fhir.codes import (
    BODY_HEIGHT,
    BODY_WEIGHT,
    LAB_CODES,
    LOINC,
    PAIN_SEVERITY_NO_REGION,
    TOTAL_SCORE_CODES,
    UCUM,
    our_system,
)
from fbss.fhir.mapping import (
    Context,
    Outcome,
    Part,
    Skip,
    after_as_of,
    coding_list,
    describe,
    effective_date,
    is_derived,
    is_ours,
    validated,
)

LAB_TEST_SYSTEM = our_system("lab-test")
PAIN_REPORT = "case-pain-report"
EXAM = "case-exam"
_FINAL = {"final", "amended", "corrected"}
_KG = {
    "kg": 1.0,
    "g": 0.001,
    "[lb_av]": 0.45359237,
}  # avoirdupois pound = 0.45359237 kg (exact, by definition)
_CM = {"cm": 1.0, "m": 100.0, "mm": 0.1, "[in_i]": 2.54}  # international inch = 2.54 cm (exact)


def map_observation(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """A lab result, weight or height in an accepted unit; scores and region-less pain are reported, not used."""
    if is_derived(resource):
        return [Skip("derived by an fbss assessment: the case is assessed again instead")]
    if is_ours(resource):
        return _ours(resource)
    if resource.get("status") not in _FINAL:
        return [Skip(f"status {resource.get('status')}: not a final result")]
    coded = coding_list(resource.get("code"))
    when = effective_date(resource, "effective", "issued")
    late = after_as_of(when, context)
    if late:
        return [late]
    tests = LabTest._value2member_map_
    for system, code, _display in coded:
        if system == LAB_TEST_SYSTEM and code in tests:
            return [_lab(resource, tests[code], None, when)]  # type: ignore[arg-type]
    for code in [code for system, code, _d in coded if system == LOINC]:
        if code in LAB_CODES:
            test, known = LAB_CODES[code]
            return [_lab(resource, test, known.display, when)]
        if code in (BODY_WEIGHT.code, BODY_HEIGHT.code):
            return [_body_size(resource, code, when)]
        if code in TOTAL_SCORE_CODES:
            return [Skip(f"{TOTAL_SCORE_CODES[code]} without its item answers: the case scores from answers")]
        if code in PAIN_SEVERITY_NO_REGION:
            return [Skip("pain intensity without its region: the case records back and leg pain separately")]
    return [Skip(f"not an observation the case records: {describe(resource.get('code'))}")]


def _quantity(resource: dict[str, Any]) -> tuple[float, str | None] | Skip:
    quantity = resource.get("valueQuantity")
    if not isinstance(quantity, dict) or not isinstance(quantity.get("value"), (int, float)):
        return Skip("no numeric valueQuantity")
    unit = quantity.get("code") if quantity.get("system") == UCUM else quantity.get("unit")
    comparator = quantity.get("comparator")
    if comparator:
        # FHIR R4 Quantity.comparator is a modifier: "<", "<=", ">=", ">" make the value a bound, not the
        # measured value (https://hl7.org/fhir/R4/datatypes-definitions.html#Quantity.comparator). The case's
        # labs, weight and height hold exact values, so such a result is reported, never taken as exact.
        shown = f"{comparator}{quantity['value']:g} {unit or ''}".rstrip()
        return Skip(
            f"value {shown}: valueQuantity.comparator {comparator!r} makes it a bound, not an exact value "
            "(the case records exact values only)"
        )
    return float(quantity["value"]), unit or quantity.get("unit")


def _lab(resource: dict[str, Any], test: LabTest, note: str | None, when: Any) -> Outcome:
    quantity = _quantity(resource)
    if isinstance(quantity, Skip):
        return quantity
    value, unit = quantity
    if test not in units.CANONICAL_UNIT:  # LabResult would not convert it: check the unit first
        wrong = _wrong_unit(test, unit)
        if wrong is not None:
            return wrong
    built = validated(LabResult, {"test": test, "value": value, "unit": unit, "date": when})
    if isinstance(built, Skip):
        # A unit LabResult refused is named as a wrong unit (converting it is the first thing LabResult does).
        return _wrong_unit(test, unit) or built
    return Part("labs", built, None, note)  # positional: a named tuple is made quicker so


def _wrong_unit(test: LabTest, unit: str | None) -> Skip | None:
    try:
        units.conversion_factor(test.value, unit)
    except ValueError as error:
        return Skip(f"wrong unit: {error}")
    return None


def _body_size(resource: dict[str, Any], code: str, when: Any) -> Outcome:
    quantity = _quantity(resource)
    if isinstance(quantity, Skip):
        return quantity
    value, unit = quantity
    factors, target = (_KG, "weight_kg") if code == BODY_WEIGHT.code else (_CM, "height_cm")
    if unit not in factors:
        return Skip(f"wrong unit: {unit!r} is not accepted for {target} (use {', '.join(factors)})")
    factor = factors[unit]
    return Part(target, value if factor == 1 else round(value * factor, 2), when=when)


def _ours(resource: dict[str, Any]) -> list[Outcome]:
    for name, model, target in ((PAIN_REPORT, PainReport, "pain"), (EXAM, Exam, "exam")):
        for ext in extensions.find(resource, name):
            built = validated(model, extensions.decode(ext.get("extension", []), model))
            if isinstance(built, Skip):
                return [built]
            if target == "exam":
                return [Part("exam", built.model_dump(exclude_defaults=True))]
            return [Part(target, built)]
    return [Skip("an fbss observation without its case extension")]
