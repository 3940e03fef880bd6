"""One patient's stored record as FHIR R4 resources, with ids that stay the same while the record grows.

The resources are those `fbss fhir export` makes from the Case (built from the record on the day) and its
assessment (the stored snapshot). Their ids are then made stable: the Patient is our patient id, a fact kept as
one observation row is `<patient>-<part>-<row id>` (an export numbers facts by their position in the Case,
which moves when an earlier fact is added), and everything else `<patient>-<rest>`; references follow.
`meta.lastUpdated` is the row's last change for facts of one row, else the record's (or the assessment's).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fbss.fhir.codes import CASE_ID_SYSTEM
from fbss.fhir.export import case_resources, export_resources
from fbss.fhir.export import patient_id as exported_id
from fbss.fhir.mapping import is_derived
from fbss.fhir.rest.assessment_doc import assessment_of
from fbss.fhir.rest.identities import identifiers_of
from fbss.store.casebuilder import assemble_case
from fbss.store.models import AssessmentSnapshot, Observation, Patient
from fbss.store.patients import get_patient
from fbss.store.records import list_observations
from fbss.store.snapshots import assess_patient

Resource = dict[str, Any]
# The part names of fbss.fhir.export's resource ids -> the observation kind each fact is stored as.
ROW_PARTS = {
    "surgery": "surgery",
    "pain": "pain",
    "test": "test",
    "lab": "lab",
    "medication": "medication",
    "treatment": "treatment",
    "instrument": "instrument",
    "planned": "procedure",
    "diagnosis": "diagnosis",
}
_ROW_ID = re.compile(rf"^({'|'.join(ROW_PARTS)})-(\d+)$")
MAX_ID = 64


@dataclass(frozen=True, slots=True)
class PatientRecord:
    """Every resource of one patient's record (the Patient first; the knowledge Device last but one)."""

    patient_id: int
    resources: list[Resource]

    def of_type(self, resource_type: str) -> list[Resource]:
        return [r for r in self.resources if r["resourceType"] == resource_type]

    def find(self, resource_type: str, resource_id: str) -> Resource | None:
        return next((r for r in self.of_type(resource_type) if r["id"] == resource_id), None)


def patient_record(session: Session, patient_id: int, today: dt.date) -> PatientRecord:
    """The patient's record on the day, as FHIR resources (assessed through the snapshot store)."""
    patient = get_patient(session, patient_id)
    rows = list_observations(session, patient_id, include_withdrawn=True)
    current = [row for row in rows if row.observed_on <= today and not row.entered_in_error]
    assessed = assess_patient(session, patient_id, today, observations=current)
    resources = export_resources(assessed.case, assessment_of(assessed.result))
    record_time = last_change(patient, rows)
    assessed_at = _snapshot_time(session, assessed.snapshot_id) or record_time
    stable = Stabiliser(patient, patient_id_of=exported_id(assessed.case), rows=current)
    stable.apply(resources, record_time, max(record_time, assessed_at))
    _add_demographics(resources[0], patient, identifiers_of(session, patient.id))
    return PatientRecord(patient.id, resources)


def patient_resource(session: Session, patient: Patient, today: dt.date) -> Resource:
    """The Patient resource alone, without assessing the record (patient searches)."""
    rows = list_observations(session, patient.id, include_withdrawn=True)
    current = [row for row in rows if row.observed_on <= today and not row.entered_in_error]
    case = assemble_case(patient, current, today)
    resource = case_resources(case)[0]
    record_time = last_change(patient, rows)
    Stabiliser(patient, patient_id_of=exported_id(case), rows=current).apply(
        [resource], record_time, record_time
    )
    _add_demographics(resource, patient, identifiers_of(session, patient.id))
    return resource


def last_change(patient: Patient, rows: Iterable[Observation]) -> dt.datetime:
    """When the record last changed: the patient row or any observation (withdrawals included)."""
    return max([patient.updated_at, *(row.updated_at for row in rows)])


def owner_of(resource_id: str) -> int | None:
    """The patient id a stable resource id starts with, if any."""
    head = resource_id.split("-", 1)[0]
    return int(head) if head.isdigit() and len(head) < 12 else None


def instant(moment: dt.datetime) -> str:
    """A FHIR instant in UTC with milliseconds."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Stabiliser:
    """Renames an export's resources to stable ids, rewrites references to them, and stamps lastUpdated."""

    def __init__(self, patient: Patient, patient_id_of: str, rows: Sequence[Observation]) -> None:
        self.ours = str(patient.id)
        self.exported = patient_id_of
        self.rows = rows_by_position(rows)

    def apply(self, resources: list[Resource], record_time: dt.datetime, derived_time: dt.datetime) -> None:
        renamed: dict[str, str] = {}
        for resource in resources:
            old = resource["id"]
            new, row = self._stable_id(old)
            resource["id"] = new
            renamed[f"{resource['resourceType']}/{old}"] = f"{resource['resourceType']}/{new}"
            when = row.updated_at if row is not None else _time_of(resource, record_time, derived_time)
            resource.setdefault("meta", {})["lastUpdated"] = instant(when)
        for resource in resources:
            _rewrite_references(resource, renamed)

    def _stable_id(self, old: str) -> tuple[str, Observation | None]:
        if old == self.exported:
            return self.ours, None
        if not old.startswith(self.exported + "-"):
            return old, None  # shared resources (the knowledge Device)
        rest = old[len(self.exported) + 1 :]
        match = _ROW_ID.match(rest)
        row = self.rows.get((match[1], int(match[2]))) if match else None
        if match and row is not None:
            return f"{self.ours}-{match[1]}-{row.id}", row
        return f"{self.ours}-{rest}"[:MAX_ID], None


def rows_by_position(rows: Sequence[Observation]) -> dict[tuple[str, int], Observation]:
    """(export part name, position in the Case list) -> the observation row that fact came from.

    Follows fbss.store.casebuilder: list facts in record order; pain only from the latest day it was reported.
    """
    found: dict[tuple[str, int], Observation] = {}
    for part, kind in ROW_PARTS.items():
        of_kind = [row for row in rows if row.kind == kind]
        if kind == "pain" and of_kind:
            last_day = max(row.observed_on for row in of_kind)
            of_kind = [row for row in of_kind if row.observed_on == last_day]
        for position, row in enumerate(of_kind):
            found[(part, position)] = row
    return found


def _time_of(resource: Resource, record_time: dt.datetime, derived_time: dt.datetime) -> dt.datetime:
    return derived_time if is_derived(resource) else record_time


def _rewrite_references(node: Any, renamed: dict[str, str]) -> None:
    for child in _children(node):
        if isinstance(child, dict):
            reference = child.get("reference")
            if isinstance(reference, str) and reference in renamed:
                child["reference"] = renamed[reference]
            _rewrite_references(child, renamed)
        elif isinstance(child, list):
            _rewrite_references(child, renamed)


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        yield from node.values()
    elif isinstance(node, list):
        yield from node


def _add_demographics(resource: Resource, patient: Patient, identifiers: list[tuple[str, str]]) -> None:
    """Name, birth date and every identifier the record knows (the export carries only the case facts)."""
    known = resource.setdefault("identifier", [])
    if not any(item.get("system") == CASE_ID_SYSTEM for item in known):
        known.append({"system": CASE_ID_SYSTEM, "value": patient.mrn})
    for system, value in identifiers:
        if not any(item.get("system") == system and item.get("value") == value for item in known):
            known.append({"system": system, "value": value})
    resource["name"] = [{"text": patient.display_name}]
    if patient.birth_date is not None:
        resource["birthDate"] = patient.birth_date.isoformat()


def _snapshot_time(session: Session, snapshot_id: int | None) -> dt.datetime | None:
    if snapshot_id is None:
        return None
    return session.scalar(select(AssessmentSnapshot.created_at).where(AssessmentSnapshot.id == snapshot_id))
