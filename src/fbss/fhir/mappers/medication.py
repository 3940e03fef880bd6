"""MedicationRequest and MedicationStatement -> Case.medications, by RxNorm ingredient or ingredient name.

An ingredient is recognised by a verified RxNorm ingredient RXCUI (fbss.clinical.drugs), by a verified clinical
drug code (VSAC 2.16.840.1.113762.1.4.1021.73), or by an ingredient name that fbss.clinical.drugs knows
appearing as a whole word in the drug's name (RxNorm names start with the ingredient). An RXCUI is never
guessed: a drug matched by name keeps no code. A daily dose is computed only from a dose in mg, or from an
"N MG" strength times a count of units, times the frequency per day; otherwise it stays unknown.
"""

from __future__ import annotations

import re
from typing import Any

from fbss.clinical import drugs
from fbss.clinical.case import Medication, MedicationStatus, Route
from fbss.fhir import extensions
from fbss.fhir.codes import CLINICAL_DRUGS, GTS_ABBREVIATION, RXNORM, TIMES_A_DAY
from fbss.fhir.mapping import (
    Context,
    Outcome,
    Part,
    Skip,
    codings,
    concept_text,
    effective_date,
    is_ours,
    to_date,
    validated,
)

MEDICATION = "case-medication"
_REQUEST_STATUS = {
    "active": MedicationStatus.ACTIVE,
    "on-hold": MedicationStatus.ACTIVE,  # held, not stopped: the antithrombotic checks must still see it
    "draft": MedicationStatus.PLANNED,
    "completed": MedicationStatus.STOPPED,
    "stopped": MedicationStatus.STOPPED,
}
_STATEMENT_STATUS = {
    "active": MedicationStatus.ACTIVE,
    "on-hold": MedicationStatus.ACTIVE,
    "intended": MedicationStatus.PLANNED,
    "completed": MedicationStatus.STOPPED,
    "stopped": MedicationStatus.STOPPED,
}
_PLANNING_INTENTS = {"proposal", "plan"}
_PER_DAY = {"h": 24.0, "d": 1.0, "wk": 1 / 7}
_BOUNDS = {"boundsDuration", "boundsRange", "boundsPeriod"}
_UNIT_COUNTS = {None, "", "1", "{tbl}", "{tablet}", "tablet", "{capsule}", "capsule", "{cap}", "TAB", "CAP"}
_STRENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*MG\b(?!\s*/)", re.IGNORECASE)
_ROUTE_WORDS = {"oral": Route.ORAL, "topical": Route.TOPICAL, "transdermal": Route.TRANSDERMAL}
_WORD_SPLIT = re.compile(r"[^a-z]+")


def map_medication_request(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """A prescription or a draft order (status draft, or intent proposal/plan = planned)."""
    if is_ours(resource):
        return _ours(resource)
    status = _REQUEST_STATUS.get(resource.get("status", ""))
    if status is None:
        return [Skip(f"status {resource.get('status')}: not a current, planned or past prescription")]
    if resource.get("intent") in _PLANNING_INTENTS and status is MedicationStatus.ACTIVE:
        status = MedicationStatus.PLANNED
    start = to_date(resource.get("authoredOn"))
    return _medications(resource, context, status, start, resource.get("dosageInstruction", []))


def map_medication_statement(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """What the patient takes or took."""
    if is_ours(resource):
        return _ours(resource)
    status = _STATEMENT_STATUS.get(resource.get("status", ""))
    if status is None:
        return [Skip(f"status {resource.get('status')}: not taken")]
    start = effective_date(resource, "effective")
    return _medications(resource, context, status, start, resource.get("dosage", []))


def _medications(
    resource: dict[str, Any], context: Context, status: MedicationStatus, start: Any, dosage: list[Any]
) -> list[Outcome]:
    concept = _concept(resource, context)
    if concept is None:
        return [Skip("the Medication it references is not in the input")]
    found = ingredients_of(concept)
    if not found:
        return [Skip(f"no ingredient the safety checks know in {concept_text(concept)!r}")]
    outcomes: list[Outcome] = []
    for ingredient, rxcui, strength_mg, how in found:
        data = {
            "name": ingredient.name,
            "rxnorm": rxcui,
            "status": status,
            "start": start if status is not MedicationStatus.PLANNED else None,
            "dose_mg_per_day": daily_dose_mg(dosage, strength_mg),
            "doses_per_day": _doses_per_day(dosage),
            "route": _route(concept),
        }
        built = validated(Medication, data)
        outcomes.append(built if isinstance(built, Skip) else Part("medications", built, note=how))
    return outcomes


def ingredients_of(concept: dict[str, Any]) -> list[tuple[drugs.Ingredient, str | None, float | None, str]]:
    """(ingredient, verified RXCUI or None, strength in mg per unit or None, how it was recognised)."""
    for system, code, _display in codings(concept):
        if system != RXNORM:
            continue
        known = drugs.ingredient(rxcui=code)
        if known and known.rxcui == code:
            return [(known, code, None, f"RxNorm ingredient {code}")]
        if code in CLINICAL_DRUGS:
            name, strength = CLINICAL_DRUGS[code]
            found = drugs.ingredient(name=name)
            if found:
                return [(found, found.rxcui, strength, f"RxNorm clinical drug {code} (VSAC 1021.73)")]
    names = [concept_text(concept)] + [display for _s, _c, display in codings(concept) if display]
    for text in names:
        matched = _by_name(text)
        if matched:
            return matched
    return []


def _by_name(text: str) -> list[tuple[drugs.Ingredient, str | None, float | None, str]]:
    found: list[tuple[drugs.Ingredient, str | None, float | None, str]] = []
    for segment in text.split(" / "):
        words = [word for word in _WORD_SPLIT.split(segment.lower()) if word]
        for word in words:
            ingredient = drugs.ingredient(name=word)
            if ingredient and all(ingredient.name != f[0].name for f in found):
                strength = _STRENGTH.search(segment)
                mg = float(strength.group(1)) if strength else None
                found.append((ingredient, None, mg, f"ingredient name in {text!r} (no RxNorm code verified)"))
                break
    return found


def daily_dose_mg(dosage: list[Any], strength_mg: float | None) -> float | None:
    """mg per day from the first regular dosage line, or None when it cannot be computed exactly."""
    if len(dosage) != 1 or not isinstance(dosage[0], dict) or dosage[0].get("asNeededBoolean"):
        return None
    line = dosage[0]
    per_day = times_per_day(line.get("timing"))
    if per_day is None:
        return None
    quantities = [rate.get("doseQuantity") for rate in line.get("doseAndRate", ()) if "doseQuantity" in rate]
    if len(quantities) != 1 or not isinstance(quantities[0].get("value"), int | float):
        return None
    quantity = quantities[0]
    if quantity.get("comparator"):  # a bound ("<", ">" ...), not a dose (SimpleQuantity forbids it: sqty-1)
        return None
    unit_code = quantity.get("code") or quantity.get("unit")
    if str(unit_code).lower() == "mg":
        return round(float(quantity["value"]) * per_day, 3)
    if strength_mg is not None and unit_code in _UNIT_COUNTS:
        return round(strength_mg * float(quantity["value"]) * per_day, 3)
    return None


def _doses_per_day(dosage: list[Any]) -> int | None:
    if len(dosage) != 1 or not isinstance(dosage[0], dict):
        return None
    timing = dosage[0].get("timing")
    repeat = timing.get("repeat", {}) if isinstance(timing, dict) else {}
    frequency, period, unit = repeat.get("frequency"), repeat.get("period"), repeat.get("periodUnit")
    if frequency and period == 1 and unit == "d" and isinstance(frequency, int):
        return frequency if times_per_day(timing) is not None else None  # None: its code says otherwise
    if frequency:
        return None
    per_day = times_per_day(timing)  # a code alone (BID ...): a whole number of doses a day
    return int(per_day) if per_day is not None else None


def times_per_day(timing: Any) -> float | None:
    """How many times a day a Timing repeats: from its repeat (frequency per period), else from its code
    (BID, TID, QID, QD of v3-GTSAbbreviation, fbss.fhir.codes.TIMES_A_DAY). When both are given and disagree,
    or neither tells, None: the dose is then reported as not computable rather than guessed."""
    if not isinstance(timing, dict):
        return None
    repeat = timing.get("repeat")
    repeat = repeat if isinstance(repeat, dict) else {}
    frequency, period, unit = repeat.get("frequency"), repeat.get("period"), repeat.get("periodUnit")
    from_repeat = (
        float(frequency) / float(period) * _PER_DAY[unit]
        if frequency and period and unit in _PER_DAY
        else None
    )
    coded = {
        TIMES_A_DAY[code]
        for system, code, _d in codings(timing.get("code"))
        if system == GTS_ABBREVIATION and code in TIMES_A_DAY
    }
    from_code = float(coded.pop()) if len(coded) == 1 else None
    if from_repeat is not None and from_code is not None and from_repeat != from_code:
        return None
    if from_repeat is not None:
        return from_repeat
    # The code stands for the whole pattern; only the bounds of a repeat still apply over it (Timing.code).
    if from_code is not None and set(repeat) <= _BOUNDS:
        return from_code
    return None


def _route(concept: dict[str, Any]) -> Route | None:
    words = set(_WORD_SPLIT.split(concept_text(concept).lower()))
    matched = {route for word, route in _ROUTE_WORDS.items() if word in words}
    return matched.pop() if len(matched) == 1 else None


def _concept(resource: dict[str, Any], context: Context) -> dict[str, Any] | None:
    if "medicationCodeableConcept" in resource:
        concept: dict[str, Any] = resource["medicationCodeableConcept"]
        return concept
    reference = resource.get("medicationReference", {}).get("reference", "")
    if reference.startswith("#"):
        for contained in resource.get("contained", ()):
            if contained.get("resourceType") == "Medication" and f"#{contained.get('id')}" == reference:
                return dict(contained.get("code", {}))
    medication = context.medications.get(reference)
    return dict(medication.get("code", {})) if medication else None


def _ours(resource: dict[str, Any]) -> list[Outcome]:
    for ext in extensions.find(resource, MEDICATION):
        built = validated(Medication, extensions.decode(ext.get("extension", []), Medication))
        return [built if isinstance(built, Skip) else Part("medications", built)]
    return [Skip("an fbss medication without its case extension")]
