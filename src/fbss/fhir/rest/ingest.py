"""FHIR R4 into the database: the import of fbss.fhir (mapping and its report), then each patient matched by
FHIR identity (or created) and each resource's parts stored in their record, so importing the same data twice
adds nothing.

A patient is recognised by any identifier or logical id an earlier import linked to them, or by our own record
number (an fbss export's case-id identifier). Clinicians may add to the records of their care teams' patients,
and become the care team of the patients they import; administrators may import any. Every patient is stored
in a savepoint of its own: one that cannot be stored is refused (with the reason) without undoing the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fbss.fhir.codes import CASE_ID_SYSTEM
from fbss.fhir.importer import ImportResult, PatientImport, identity, import_found
from fbss.fhir.mappers import MAPPERS
from fbss.fhir.mapping import Context, Part, to_date
from fbss.fhir.read import Found
from fbss.fhir.report import Refused, Skipped
from fbss.fhir.rest.identities import find_patient, link_patient, patient_keys
from fbss.fhir.rest.writer import RecordWriter, part_key
from fbss.store.casebuilder import build_case
from fbss.store.errors import Invalid
from fbss.store.models import Patient, Role
from fbss.store.patients import add_to_care_team, create_patient, is_on_care_team

MRN_TYPE = ("http://terminology.hl7.org/CodeSystem/v2-0203", "MR")
SEXES = frozenset({"female", "male", "other"})


@dataclass(frozen=True, slots=True)
class Importer:
    """Who imports: their user id (None: the command line) and role."""

    user_id: int | None
    role: Role


@dataclass(slots=True)
class PatientOutcome:
    """What happened to one patient of the input in the database."""

    key: str
    patient_id: int | None = None
    created: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "patient": self.key,
            "patient_id": self.patient_id,
            "created": self.created,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
        }


@dataclass(slots=True)
class Ingested:
    result: ImportResult
    outcomes: list[PatientOutcome] = field(default_factory=list)

    @property
    def stored(self) -> list[PatientOutcome]:
        return [
            outcome for outcome in self.outcomes if outcome.patient_id is not None and not outcome.refused
        ]


def ingest(
    session: Session,
    found: list[Found],
    refused: list[Refused],
    today: dt.date,
    importer: Importer,
    order_codes: dict[str, str] | None = None,
) -> Ingested:
    """Map the resources (as of today) and store each patient's facts in their record."""
    result = import_found(found, refused, today, order_codes)
    context = definitions(found, today, order_codes)
    by_identity: dict[str, Found] = {}
    for item in found:
        by_identity.setdefault(
            identity(item), item
        )  # as the importer: the first of a repeated resource counts
    ingested = Ingested(result)
    for patient_import in result.patients:
        ingested.outcomes.append(
            _store_patient(session, patient_import, by_identity, context, today, importer)
        )
    return ingested


def definitions(found: list[Found], today: dt.date, order_codes: dict[str, str] | None) -> Context:
    """What the mappers consult: Questionnaires and Medications found beside the data (as the importer does)."""
    context = Context(as_of=today, order_codes=dict(order_codes or {}))
    for item in found:
        resource = item.resource
        target = {"Questionnaire": context.questionnaires, "Medication": context.medications}.get(
            resource["resourceType"]
        )
        if target is None:
            continue
        for key in (f"{resource['resourceType']}/{resource.get('id')}", item.full_url, resource.get("url")):
            if key:
                target.setdefault(str(key).split("|", 1)[0], resource)
    return context


def _store_patient(
    session: Session,
    patient_import: PatientImport,
    by_identity: dict[str, Found],
    context: Context,
    today: dt.date,
    importer: Importer,
) -> PatientOutcome:
    outcome = PatientOutcome(patient_import.patient)
    if patient_import.case is None:
        outcome.refused = "the mapped facts do not form a valid case (see the refusals)"
        return outcome
    resource = _patient_resource(patient_import, by_identity)
    try:
        with session.begin_nested():
            patient = _matched_or_created(session, resource, importer, outcome)
            writer = RecordWriter(session, patient, today, importer.user_id)
            for mapped in dict.fromkeys(item.resource for item in patient_import.report.mapped):
                _write_resource(writer, mapped, by_identity, context)
            build_case(session, patient.id, today)  # the record must still make a valid case
    except (Invalid, ValidationError) as error:
        outcome.refused = _reason(error)
        outcome.added = outcome.updated = outcome.unchanged = 0
        if outcome.created:
            outcome.patient_id, outcome.created = None, False
        patient_import.report.refused.append(Refused(patient_import.patient, "", outcome.refused))
        return outcome
    written = writer.written
    outcome.added, outcome.updated, outcome.unchanged = written.added, written.updated, written.unchanged
    for key, reason in written.not_stored:
        patient_import.report.skipped.append(Skipped("database", key, reason))
    return outcome


def _write_resource(
    writer: RecordWriter, resource_identity: str, by_identity: dict[str, Found], context: Context
) -> None:
    item = by_identity[resource_identity]
    ordinals: dict[str, int] = {}
    for part in MAPPERS[item.resource["resourceType"]](item.resource, context):
        if isinstance(part, Part):
            ordinal = ordinals[part.target] = ordinals.get(part.target, -1) + 1
            writer.write(part_key(resource_identity, part.target, ordinal), part)


def _patient_resource(patient_import: PatientImport, by_identity: dict[str, Found]) -> dict[str, Any]:
    """The Patient resource among what was mapped for this patient (else the one named by the key)."""
    for mapped in patient_import.report.mapped:
        item = by_identity.get(mapped.resource)
        if item is not None and item.resource["resourceType"] == "Patient":
            return item.resource
    for item in by_identity.values():
        resource = item.resource
        key = patient_import.patient
        if resource["resourceType"] == "Patient" and key in (f"Patient/{resource.get('id')}", item.full_url):
            return resource
    return {"resourceType": "Patient"}


def _matched_or_created(
    session: Session, resource: dict[str, Any], importer: Importer, outcome: PatientOutcome
) -> Patient:
    keys = patient_keys(resource)
    patient_id = find_patient(session, keys) or _by_record_number(session, resource)
    if patient_id is not None:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        outcome.patient_id = patient.id  # a refusal below is audited against this patient
        if importer.role is Role.CLINICIAN and not is_on_care_team(
            session, patient.id, importer.user_id or 0
        ):
            raise Invalid.one(
                "patient", "this patient's record is not one you may change (not your care team)"
            )
    else:
        patient = _create(session, resource)
        outcome.created = True
        if importer.role is Role.CLINICIAN and importer.user_id is not None:
            add_to_care_team(session, patient.id, importer.user_id, "imported the record")
    outcome.patient_id = patient.id
    link_patient(session, patient.id, keys)
    return patient


def _by_record_number(session: Session, resource: dict[str, Any]) -> int | None:
    """Our own record number, as an fbss export names it (the case-id identifier)."""
    for item in resource.get("identifier", ()):
        if isinstance(item, dict) and item.get("system") == CASE_ID_SYSTEM and item.get("value"):
            found = session.scalar(select(Patient.id).where(Patient.mrn == str(item["value"])))
            if found is not None:
                return found
    return None


def _create(session: Session, resource: dict[str, Any]) -> Patient:
    gender = resource.get("gender")
    return create_patient(
        session,
        _free_record_number(session, resource),
        _display_name(resource),
        to_date(resource.get("birthDate")),
        gender if gender in SEXES else None,
    )


def _free_record_number(session: Session, resource: dict[str, Any]) -> str:
    """The record number to give a new patient: ours or the source's medical record number, else from the id."""
    wanted = None
    for item in resource.get("identifier", ()):
        if not isinstance(item, dict) or not item.get("value"):
            continue
        codings = item.get("type", {}).get("coding", []) if isinstance(item.get("type"), dict) else []
        if item.get("system") == CASE_ID_SYSTEM or any(
            (c.get("system"), c.get("code")) == MRN_TYPE for c in codings if isinstance(c, dict)
        ):
            wanted = str(item["value"])[:40]
            break
    base = wanted or f"FHIR-{resource.get('id') or 'patient'}"[:34]
    candidate, number = base, 1
    while session.scalar(select(Patient.id).where(Patient.mrn == candidate)) is not None:
        number += 1
        candidate = f"{base[:34]}-{number}"
    return candidate


def _display_name(resource: dict[str, Any]) -> str:
    for name in resource.get("name", ()):
        if not isinstance(name, dict):
            continue
        if name.get("text"):
            return str(name["text"])[:200]
        parts = [*name.get("given", []), name.get("family", "")]
        joined = " ".join(str(part) for part in parts if part)
        if joined:
            return joined[:200]
    return f"Imported patient {resource.get('id') or ''}".strip()[:200]


def _reason(error: Invalid | ValidationError) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"the record would not make a valid case: {where}: {first['msg']}"
    return str(error)
