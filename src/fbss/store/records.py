"""The observed record: each observation's payload is one part of the clinical Case, validated by its model.

Kinds map to the core's sub-models (case.py), so what is stored is exactly what the core understands.
Dated kinds take their `observed_on` from the payload's date; an observation is never dated in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fbss.clinical import case as core
from fbss.store.errors import Conflict, Invalid, NotFound
from fbss.store.models import Observation
from fbss.store.validation import no_control_characters


class Profile(core.CaseModel):
    """Body measures and the count of spine operations (the Case's top-level facts that change over time)."""

    weight_kg: float | None = Field(None, gt=0, le=400)
    height_cm: float | None = Field(None, gt=0, le=260)
    operation_count: int | None = Field(None, ge=0, le=50, description="Spine operations in all")


OBSERVATION_KINDS: dict[str, type[core.CaseModel]] = {
    "profile": Profile,
    "surgery": core.Surgery,
    "pain": core.PainReport,
    "red_flags": core.RedFlagScreen,
    "exam": core.Exam,
    "test": core.DiagnosticTest,
    "lab": core.LabResult,
    "medication": core.Medication,
    "treatment": core.PriorTreatment,
    "instrument": core.InstrumentResponse,
    "procedure": core.PlannedProcedure,
    "conditions": core.Conditions,
    "psychosocial": core.Psychosocial,
    "scs": core.Scs,
    "scs_diary": core.DiaryEntry,
    "goal": core.ActivityGoal,
    "diagnosis": core.Diagnosis,
    "guideline_choice": core.GuidelineChoice,
}

# The payload field that dates the observation, and whether a missing date is filled with observed_on
# (a surgery of unknown date stays unknown).
DATE_FIELDS: dict[str, tuple[str, bool]] = {
    "surgery": ("date", False),
    "exam": ("date", True),
    "test": ("date", True),
    "lab": ("date", True),
    "instrument": ("date", True),
    "scs_diary": ("date", True),
    "goal": ("set_on", True),
}

# Kinds that hold at most one current observation per date (a second one would be counted twice by the core:
# two diary entries for one day weigh that day double in the trial's averages).
ONE_PER_DATE = frozenset({"scs_diary"})


def validate_payload(kind: str, payload: Any) -> core.CaseModel:
    """The payload as the core model of its kind; Invalid naming each bad field (payload.<field>)."""
    model = OBSERVATION_KINDS.get(kind)
    if model is None:
        raise Invalid.one("kind", f"unknown kind; use one of {', '.join(sorted(OBSERVATION_KINDS))}")
    if not isinstance(payload, dict):
        raise Invalid.one("payload", "must be an object")
    no_control_characters("payload", payload)
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        raise Invalid.from_validation(error, "payload") from None
    except ValueError as error:  # a model validator outside pydantic's wrapping (e.g. instrument answers)
        raise Invalid.one("payload", str(error)) from None


def dated(
    kind: str, parsed: core.CaseModel, observed_on: dt.date | None, today: dt.date
) -> tuple[dt.date, dict[str, Any]]:
    """The observation date and the payload to store, checked against today."""
    payload = parsed.model_dump(mode="json")
    date_field, fill = DATE_FIELDS.get(kind, (None, False))
    own_date = getattr(parsed, date_field) if date_field else None
    when = own_date or observed_on or today
    if when > today:
        raise Invalid.one(f"payload.{date_field}" if own_date else "observed_on", "cannot be in the future")
    if date_field and fill and own_date is None:
        payload[date_field] = when.isoformat()
    return when, payload


def add_observation(
    session: Session,
    patient_id: int,
    kind: str,
    payload: Any,
    today: dt.date,
    observed_on: dt.date | None = None,
    recorded_by: int | None = None,
) -> Observation:
    """Validate and add one observation to the patient's record."""
    parsed = validate_payload(kind, payload)
    when, stored = dated(kind, parsed, observed_on, today)
    _refuse_a_second_for_the_date(session, patient_id, kind, when, None)
    row = Observation(
        patient_id=patient_id, kind=kind, observed_on=when, payload=stored, recorded_by=recorded_by
    )
    session.add(row)
    session.flush()
    return row


def get_observation(session: Session, patient_id: int, observation_id: int) -> Observation:
    row = session.get(Observation, observation_id)
    if row is None or row.patient_id != patient_id:
        raise NotFound("observation")
    return row


def expect_version(resource: str, current: int, expected: int | None) -> None:
    """Refuse a write made against a version other than the current one (a stale edit)."""
    if expected is None or expected != current:
        raise Conflict(resource, expected, current)


def update_observation(
    session: Session,
    patient_id: int,
    observation_id: int,
    expected_version: int | None,
    payload: Any,
    today: dt.date,
    observed_on: dt.date | None = None,
) -> Observation:
    """Replace an observation's payload, if the caller saw the current version."""
    row = get_observation(session, patient_id, observation_id)
    expect_version(f"observation {observation_id}", row.version, expected_version)
    parsed = validate_payload(row.kind, payload)
    when, stored = dated(row.kind, parsed, observed_on or row.observed_on, today)
    _refuse_a_second_for_the_date(session, patient_id, row.kind, when, row.id)
    row.observed_on, row.payload = when, stored
    session.flush()
    return row


def _refuse_a_second_for_the_date(
    session: Session, patient_id: int, kind: str, when: dt.date, editing: int | None
) -> None:
    if kind not in ONE_PER_DATE:
        return
    query = select(Observation.id).where(
        Observation.patient_id == patient_id,
        Observation.kind == kind,
        Observation.observed_on == when,
        Observation.entered_in_error.is_(False),
    )
    if editing is not None:
        query = query.where(Observation.id != editing)
    if session.scalar(query.limit(1)) is not None:
        field = DATE_FIELDS[kind][0]
        raise Invalid.one(
            f"payload.{field}", f"{when.isoformat()} already has an entry: edit that one instead"
        )


def mark_entered_in_error(
    session: Session, patient_id: int, observation_id: int, expected_version: int | None
) -> Observation:
    """Withdraw an observation from the record without erasing it (it stays visible in history)."""
    row = get_observation(session, patient_id, observation_id)
    expect_version(f"observation {observation_id}", row.version, expected_version)
    row.entered_in_error = True
    session.flush()
    return row


def list_observations(
    session: Session,
    patient_id: int,
    kinds: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    include_withdrawn: bool = False,
) -> list[Observation]:
    """The patient's observations, oldest first."""
    query = select(Observation).where(Observation.patient_id == patient_id)
    if kinds:
        query = query.where(Observation.kind.in_(kinds))
    if as_of is not None:
        query = query.where(Observation.observed_on <= as_of)
    if not include_withdrawn:
        query = query.where(Observation.entered_in_error.is_(False))
    return list(session.scalars(query.order_by(Observation.observed_on, Observation.id)))
