"""Patient -> case id, sex, age; our own exports also carry the case facts FHIR has no element for."""

from __future__ import annotations

from typing import Any

from fbss.clinical.case import ActivityGoal, Case, Sex
from fbss.fhir import extensions
from fbss.fhir.codes import CASE_ID_SYSTEM
from fbss.fhir.mapping import Context, Outcome, Part, Skip, is_ours, to_date, validated

CASE_FACTS = "case-facts"
# Case fields carried on our Patient resource (the rest have resources of their own).
PATIENT_FIELDS = ("age_years", "operation_count", "red_flags", "conditions", "psychosocial", "scs", "goals")
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
    found.append(_age(resource, context))
    return found


def _age(resource: dict[str, Any], context: Context) -> Outcome:
    born = to_date(resource.get("birthDate"))
    if born is None:
        return Skip("birth date missing or not a full date: age not set")
    if born > context.as_of:
        return Skip("born after the assessment date")
    years = (
        context.as_of.year - born.year - ((context.as_of.month, context.as_of.day) < (born.month, born.day))
    )
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
            if name == "goals":
                goals = [validated(ActivityGoal, goal) for goal in data.get(name, [])]
                found.extend(g if isinstance(g, Skip) else Part("goals", g) for g in goals)
            elif name in data:
                found.append(Part(name, data[name]))
    return found
