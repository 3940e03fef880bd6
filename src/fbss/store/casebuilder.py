"""The clinical Case of one patient "as of" a date, assembled from the observed record.

Lists (surgeries, tests, labs, medications, treatments, instruments, procedures, goals) take every
observation up to the date. Singletons (profile, red-flag screen, exam, conditions, psychosocial, SCS) take
the latest one. Pain takes every report of the latest day pain was reported, so a body map filled in on one
day is read as the patient's current pain. SCS diary entries join the trial of the latest SCS observation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from fbss.clinical.case import Case
from fbss.store.errors import NotFound
from fbss.store.models import Observation, Patient
from fbss.store.records import list_observations

LIST_KINDS: dict[str, str] = {
    "surgery": "surgeries",
    "test": "tests",
    "lab": "labs",
    "medication": "medications",
    "treatment": "prior_treatments",
    "instrument": "instruments",
    "procedure": "planned_procedures",
    "goal": "goals",
    "diagnosis": "diagnoses",
    "guideline_choice": "guideline_choices",
}
SINGLE_KINDS: dict[str, str] = {
    "red_flags": "red_flags",
    "exam": "exam",
    "conditions": "conditions",
    "psychosocial": "psychosocial",
    "scs": "scs",
}


def build_case(session: Session, patient_id: int, as_of: dt.date) -> Case:
    """The patient's Case as of the date, from the stored record."""
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound("patient")
    return assemble_case(patient, list_observations(session, patient_id, as_of=as_of), as_of)


def assemble_case(patient: Patient, observations: Iterable[Observation], as_of: dt.date) -> Case:
    """The Case from a patient row and their observations (oldest first); observations after as_of are ignored."""
    current = [row for row in observations if row.observed_on <= as_of and not row.entered_in_error]
    document: dict[str, Any] = {
        "case_id": patient.mrn,
        "assessment_date": as_of.isoformat(),
        "age_years": age_on(patient.birth_date, as_of),
        "sex": patient.sex,
    }
    for kind, field in LIST_KINDS.items():
        document[field] = [row.payload for row in current if row.kind == kind]
    for kind, field in SINGLE_KINDS.items():
        latest = _latest(current, kind)
        if latest is not None:
            document[field] = latest.payload
    profile = _latest(current, "profile")
    if profile is not None:
        document.update({key: value for key, value in profile.payload.items() if value is not None})
    document["pain"] = _latest_day(current, "pain")
    diary = [row.payload for row in current if row.kind == "scs_diary"]
    if diary:
        document["scs"] = _with_diary(document.get("scs", {}), diary)
    return Case.model_validate(document)


def age_on(birth_date: dt.date | None, day: dt.date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def _latest(rows: list[Observation], kind: str) -> Observation | None:
    matching = [row for row in rows if row.kind == kind]
    return max(matching, key=lambda row: (row.observed_on, row.id)) if matching else None


def _latest_day(rows: list[Observation], kind: str) -> list[dict[str, Any]]:
    matching = [row for row in rows if row.kind == kind]
    if not matching:
        return []
    last_day = max(row.observed_on for row in matching)
    return [row.payload for row in matching if row.observed_on == last_day]


def _with_diary(scs: dict[str, Any], diary: list[dict[str, Any]]) -> dict[str, Any]:
    trial = dict(scs.get("trial") or {})
    known = {entry.get("date") for entry in trial.get("diary", [])}
    trial["diary"] = [*trial.get("diary", []), *(entry for entry in diary if entry.get("date") not in known)]
    return {**scs, "trial": trial}
