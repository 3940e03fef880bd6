"""Patient -> case id, sex, age; our own exports also carry the case facts FHIR has no element for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from fbss.clinical.case import Case, Sex
from fbss.fhir import extensions
from fbss.fhir.codes import CASE_ID_SYSTEM
from fbss.fhir.mapping import Context, Outcome, Part, Skip, is_ours, to_date, validated

CASE_FACTS = "case-facts"
# Case fields with resources of their own (or standard Patient elements); every other field, including fields
# added to the Case later, is carried on our Patient resource.
OWN_RESOURCES = frozenset(
    {
        "case_id", "assessment_date", "sex", "weight_kg", "height_cm", "surgeries", "pain", "exam", "tests",
        "labs", "medications", "prior_treatments", "instruments", "planned_procedures", "diagnoses",
    }
)  # fmt: skip
PATIENT_FIELDS = tuple(name for name in Case.model_fields if name not in OWN_RESOURCES)
_SEX = {"male": Sex.MALE, "female": Sex.FEMALE, "other": Sex.OTHER}


def map_patient(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """The patient's identity, sex and age on the assessment date."""
    if is_ours(resource):
        return _our_patient(resource)
    found: list[Outcome] = []
    if resource.get("id") and len(resource["id"]) <= 100:
        found.append(Part("case_id", resource["id"]))
    if resource.get("gender") in _SEX:
        found.append(Part("sex", _SEX[resource["gender"]]))
    died = _deceased(resource)
    found.append(_age(resource, context, died))
    if died is not None:
        found.append(Skip(_deceased_reason(resource, died, context)))
    return found


def _deceased(resource: dict[str, Any]) -> dt.date | bool | None:
    """The day the patient died (True: died, day not given; None: not recorded as deceased).

    FHIR R4 Patient.deceased[x] (boolean | dateTime) is a modifier element: once a patient is marked deceased,
    the actions appropriate for them differ (https://hl7.org/fhir/R4/patient-definitions.html#Patient.deceased_x_).
    A dateTime only to the year or month gives True (died, day unknown)."""
    if "deceasedDateTime" in resource:
        return to_date(resource["deceasedDateTime"]) or True
    return True if resource.get("deceasedBoolean") is True else None


def _deceased_reason(resource: dict[str, Any], died: dt.date | bool, context: Context) -> str:
    if isinstance(died, dt.date) and died > context.as_of:
        return (
            f"Patient.deceasedDateTime {died.isoformat()}: the patient died after the assessment date "
            f"{context.as_of.isoformat()}; the case has no field for it"
        )
    when = f" on {died.isoformat()}" if isinstance(died, dt.date) else ""
    given = (
        "deceasedDateTime " + str(resource["deceasedDateTime"])
        if "deceasedDateTime" in resource
        else ("deceasedBoolean true")
    )
    return (
        f"Patient.{given}: the patient is recorded as deceased{when}. The case has no field for it, so the "
        "assessment is made as for a living patient: review it as a record, not as care to give"
    )


def _age(resource: dict[str, Any], context: Context, died: dt.date | bool | None = None) -> Outcome:
    born = to_date(resource.get("birthDate"))
    if born is None:
        return Skip("birth date missing or not a full date: age not set")
    if born > context.as_of:
        return Skip("born after the assessment date")
    # Age counts to the assessment date, or to the day of death when that came first (a dead person ages no more).
    day = died if isinstance(died, dt.date) and born <= died < context.as_of else context.as_of
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if day != context.as_of:
        return Part("age_years", years, note=f"age at death on {day.isoformat()} (the patient is deceased)")
    return Part("age_years", years, note=f"age on {context.as_of.isoformat()}")


def _our_patient(resource: dict[str, Any]) -> list[Outcome]:
    found: list[Outcome] = []
    identifiers = [i for i in resource.get("identifier", ()) if i.get("system") == CASE_ID_SYSTEM]
    if identifiers:
        found.append(Part("case_id", identifiers[0].get("value")))
    if resource.get("gender") in _SEX:
        found.append(Part("sex", _SEX[resource["gender"]]))
    for ext in extensions.find(resource, CASE_FACTS):
        data = extensions.decode(ext.get("extension", []), Case)
        for name in PATIENT_FIELDS:
            if name not in data:
                continue
            repeated, element = extensions.field_shape(Case, name)
            if not repeated:
                found.append(Part(name, data[name]))
                continue
            for raw in data[name]:
                built = (
                    validated(element, raw)
                    if isinstance(element, type) and issubclass(element, BaseModel)
                    else raw
                )
                found.append(built if isinstance(built, Skip) else Part(name, built))
    return found
