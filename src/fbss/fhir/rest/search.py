"""Search: which resource types and parameters are served, matching resources against a search, and the
searchset Bundle (total, fullUrl per entry, self and next links)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from fbss.fhir.rest.params import (
    DateRange,
    Problems,
    Token,
    check_format,
    date_range,
    patient_reference,
    query_string,
    whole_number,
)
from fbss.settings import FhirSettings

Resource = dict[str, Any]
READ_TYPES = (
    "Patient",
    "Condition",
    "Procedure",
    "Observation",
    "QuestionnaireResponse",
    "MedicationStatement",
    "MedicationRequest",
    "DiagnosticReport",
    "DetectedIssue",
    "CarePlan",
    "ServiceRequest",
    "Task",
    "Provenance",
)
# Device: the knowledge version that Provenance names as its agent; exported and in $everything, not searched.
EXPORT_TYPES = (*READ_TYPES, "Device")
SUBJECT_TYPES = frozenset(
    {
        "Condition",
        "Procedure",
        "Observation",
        "QuestionnaireResponse",
        "MedicationStatement",
        "MedicationRequest",
        "DiagnosticReport",
        "CarePlan",
        "ServiceRequest",
    }
)
CODE_ELEMENTS = {
    "Condition": "code",
    "Procedure": "code",
    "Observation": "code",
    "DiagnosticReport": "code",
    "ServiceRequest": "code",
    "DetectedIssue": "code",
    "MedicationRequest": "medicationCodeableConcept",
    "MedicationStatement": "medicationCodeableConcept",
}
PAGING = ("_count", "_offset", "_format")


def search_parameters(resource_type: str) -> dict[str, str]:
    """The search parameters served for a type, with their FHIR search parameter types."""
    found = {"_id": "token", "_lastUpdated": "date"}
    if resource_type == "Patient":
        found["identifier"] = "token"
    else:
        found["patient"] = "reference"
    if resource_type in SUBJECT_TYPES:
        found["subject"] = "reference"
    if resource_type in CODE_ELEMENTS:
        found["code"] = "token"
    return found


@dataclass(frozen=True, slots=True)
class Search:
    """A parsed search: each repeated parameter must hold (AND), each comma-separated value may (OR)."""

    resource_type: str
    count: int
    offset: int = 0
    ids: tuple[frozenset[str], ...] = ()
    patients: tuple[frozenset[int | None], ...] = ()
    identifiers: tuple[tuple[Token, ...], ...] = ()
    codes: tuple[tuple[Token, ...], ...] = ()
    updated: tuple[DateRange, ...] = ()
    used: list[tuple[str, str]] = field(default_factory=list)

    @property
    def names_patients(self) -> bool:
        return bool(self.patients)

    def patient_ids(self) -> set[int] | None:
        """The patients every `patient`/`subject` parameter allows (None: no such parameter)."""
        if not self.patients:
            return None
        allowed = set.intersection(*(set(each) for each in self.patients))
        return {patient for patient in allowed if patient is not None}

    def matches(self, resource: Resource) -> bool:
        if any(resource.get("id") not in ids for ids in self.ids):
            return False
        if any(not _any_token(resource.get("identifier", ()), tokens) for tokens in self.identifiers):
            return False
        element = CODE_ELEMENTS.get(self.resource_type)
        concept = resource.get(element, {}) if element else {}
        if any(not _any_token(concept.get("coding", ()), tokens) for tokens in self.codes):
            return False
        updated = last_updated(resource)
        return all(updated is not None and each.matches(updated) for each in self.updated)


def parse_search(
    resource_type: str, items: list[tuple[str, str]], settings: FhirSettings, lenient: bool
) -> Search:
    """The search a request's query parameters ask for; unknown parameters refused unless lenient."""
    problems = Problems()
    served = search_parameters(resource_type)
    values: dict[str, list[Any]] = {"ids": [], "patients": [], "identifiers": [], "codes": [], "updated": []}
    used: list[tuple[str, str]] = []
    for name, value in items:
        if name in PAGING:
            continue
        if name not in served:
            if not lenient:
                problems.add(name, f"not a search parameter of {resource_type} here")
            continue
        used.append((name, value))
        _collect(name, value, values, problems)
    count, offset = paging(items, settings, problems)
    check_format(items, problems)
    problems.raise_any()
    return Search(
        resource_type,
        count,
        offset,
        ids=tuple(values["ids"]),
        patients=tuple(values["patients"]),
        identifiers=tuple(values["identifiers"]),
        codes=tuple(values["codes"]),
        updated=tuple(values["updated"]),
        used=used,
    )


def _collect(name: str, value: str, values: dict[str, list[Any]], problems: Problems) -> None:
    options = [part for part in value.split(",") if part]
    if not options:
        problems.add(name, "give a value")
    elif name == "_id":
        values["ids"].append(frozenset(options))
    elif name in ("patient", "subject"):
        values["patients"].append(frozenset(patient_reference(option) for option in options))
    elif name == "identifier":
        values["identifiers"].append(tuple(Token.parse(option) for option in options))
    elif name == "code":
        values["codes"].append(tuple(Token.parse(option) for option in options))
    elif name == "_lastUpdated":
        found = date_range(name, value, problems)
        if found is not None:
            values["updated"].append(found)


def paging(items: list[tuple[str, str]], settings: FhirSettings, problems: Problems) -> tuple[int, int]:
    count, offset = settings.page_size, 0
    for name, value in items:
        if name == "_count":
            count = whole_number(name, value, problems, 0, settings.max_page_size) or 0
        elif name == "_offset":
            offset = whole_number(name, value, problems, 0, 10**9) or 0
    return count, offset


def last_updated(resource: Resource) -> dt.datetime | None:
    text = resource.get("meta", {}).get("lastUpdated")
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if isinstance(text, str) else None


def _any_token(items: Any, tokens: tuple[Token, ...]) -> bool:
    for item in items:
        if not isinstance(item, dict):
            continue
        code = item.get("code", item.get("value"))
        if any(token.matches(item.get("system"), code) for token in tokens):
            return True
    return False


def searchset(
    settings: FhirSettings,
    path: str,
    params: list[tuple[str, str]],
    page: list[Resource],
    total: int,
    count: int,
    offset: int,
) -> Resource:
    """A searchset Bundle of one page of `total` matches, with self and next links."""
    link = [{"relation": "self", "url": _url(settings, path, params, count, offset)}]
    if offset + count < total and count > 0:
        link.append({"relation": "next", "url": _url(settings, path, params, count, offset + count)})
    bundle: Resource = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "searchset",
        "total": total,
        "link": link,
    }
    if page:  # FHIR JSON has no empty arrays
        bundle["entry"] = [
            {"fullUrl": full_url(settings, r), "resource": r, "search": {"mode": "match"}} for r in page
        ]
    return bundle


def paged(
    settings: FhirSettings,
    path: str,
    params: list[tuple[str, str]],
    matches: list[Resource],
    count: int,
    offset: int,
) -> Resource:
    """A searchset Bundle of the page of `matches` that count and offset select."""
    return searchset(settings, path, params, matches[offset : offset + count], len(matches), count, offset)


def full_url(settings: FhirSettings, resource: Resource) -> str:
    return f"{settings.base_url}/{resource['resourceType']}/{resource['id']}"


def _url(settings: FhirSettings, path: str, params: list[tuple[str, str]], count: int, offset: int) -> str:
    query = [*params, ("_count", str(count))] + ([("_offset", str(offset))] if offset else [])
    return f"{settings.base_url}{path}?{query_string(query)}"
