"""Assessments stored as snapshots: the Case they were made from, the knowledge version and the findings.

The key is a hash of the inputs and the knowledge version, so an unchanged record is not re-assessed, and
what a clinician saw on a given day can always be shown again exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fbss.clinical.assess import assess
from fbss.clinical.case import Case
from fbss.clinical.knowledge import KNOWLEDGE_VERSION
from fbss.store.casebuilder import assemble_case, build_case
from fbss.store.models import AssessmentSnapshot, Observation, PatientSummary
from fbss.store.patients import get_patient


@dataclass(frozen=True, slots=True)
class Assessed:
    """An assessment document (Assessment.to_dict shape) with the case it came from."""

    case: Case
    result: dict[str, Any]
    snapshot_id: int | None
    reused: bool


def inputs_hash(case: Case, knowledge_version: str = KNOWLEDGE_VERSION) -> str:
    inputs = {"knowledge_version": knowledge_version, "case": case.model_dump(mode="json")}
    return hashlib.sha256(orjson.dumps(inputs, option=orjson.OPT_SORT_KEYS)).hexdigest()


def assess_patient(
    session: Session,
    patient_id: int,
    as_of: dt.date,
    store: bool = True,
    observations: Sequence[Observation] | None = None,
) -> Assessed:
    """Assess the patient's record as of the date, reusing the stored snapshot of identical inputs.

    `observations`: the patient's record if the caller has already loaded it (saves a query).
    """
    if observations is None:
        case = build_case(session, patient_id, as_of)
    else:
        case = assemble_case(get_patient(session, patient_id), observations, as_of)
    key = inputs_hash(case)
    existing = session.scalar(
        select(AssessmentSnapshot).where(
            AssessmentSnapshot.patient_id == patient_id, AssessmentSnapshot.inputs_hash == key
        )
    )
    if existing is not None:
        stored = existing.result
        _summarise(session, patient_id, existing.id, as_of, stored)
        return Assessed(case, stored, existing.id, reused=True)
    result = assess(case).to_dict()
    if not store:
        return Assessed(case, result, None, reused=False)
    snapshot = AssessmentSnapshot(
        patient_id=patient_id,
        as_of=as_of,
        knowledge_version=KNOWLEDGE_VERSION,
        inputs_hash=key,
        inputs=case.model_dump(mode="json"),
        result_z=AssessmentSnapshot.pack(result),
    )
    try:
        with session.begin_nested():
            session.add(snapshot)
    except IntegrityError:  # another request stored the same inputs a moment ago
        return assess_patient(session, patient_id, as_of, store, observations)
    _summarise(session, patient_id, snapshot.id, as_of, result)
    return Assessed(case, result, snapshot.id, reused=False)


def _summarise(
    session: Session, patient_id: int, snapshot_id: int, as_of: dt.date, result: dict[str, Any]
) -> None:
    summary = session.get(PatientSummary, patient_id)
    if summary is None:
        summary = PatientSummary(patient_id=patient_id)
        session.add(summary)
    elif summary.snapshot_id == snapshot_id or summary.as_of > as_of:
        return
    open_flags = list(result.get("summary", {}).get("open_red_flags", []))
    summary.snapshot_id = snapshot_id
    summary.as_of = as_of
    summary.open_red_flags = open_flags
    summary.has_open_red_flag = bool(open_flags)
    summary.highest_severity = result.get("summary", {}).get("highest_severity")
    summary.mechanism = finding_value(result, "phenotype.mechanism")
    session.flush()


def finding_value(result: dict[str, Any], code: str) -> Any:
    """The value of the first finding with this code in an assessment document, or None."""
    for finding in result.get("findings", []):
        if finding.get("code") == code:
            return finding.get("value")
    return None


def snapshot_history(session: Session, patient_id: int, limit: int = 20) -> list[AssessmentSnapshot]:
    """The patient's stored assessments, newest first."""
    query = (
        select(AssessmentSnapshot)
        .where(AssessmentSnapshot.patient_id == patient_id)
        .order_by(AssessmentSnapshot.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
