"""What the chart and the portal show, gathered in one place: the record, the assessment, the team's work.

Only arrangement happens here (grouping by day, names for ids, short labels); every conclusion is the
assessment's, and scores come from the core's own scoring.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score
from fbss.store import workflow
from fbss.store.casebuilder import age_on
from fbss.store.models import Alert, Note, Observation, Patient, Referral, Role, Task, User
from fbss.store.patients import care_team, get_patient
from fbss.store.records import list_observations
from fbss.store.snapshots import Assessed, assess_patient


@dataclass
class Visit:
    day: dt.date
    entries: list[str] = field(default_factory=list)


@dataclass
class Chart:
    patient: Patient
    age: int | None
    assessed: Assessed
    observations: list[Observation]
    team: list[tuple[Any, User]]
    clinicians: list[User]
    names: dict[int, str]
    referrals: list[Referral]
    tasks: list[Task]
    notes: list[Note]
    alerts: list[Alert]

    def of_kind(self, kind: str) -> list[Observation]:
        return [row for row in self.observations if row.kind == kind]

    @property
    def result(self) -> dict[str, Any]:
        return self.assessed.result

    @property
    def visits(self) -> list[Visit]:
        return timeline(self.observations)


def load_chart(
    session: Session, patient_id: int, today: dt.date, store: bool = True, notes: bool = True
) -> Chart:
    """Everything the chart shows for one patient, as of today (notes only for clinicians)."""
    patient = get_patient(session, patient_id)
    observations = list_observations(session, patient_id)
    clinicians = list(
        session.scalars(select(User).where(User.role == Role.CLINICIAN.value).order_by(User.display_name))
    )
    return Chart(
        patient=patient,
        age=patient_age(patient, today),
        assessed=assess_patient(session, patient_id, today, store, observations),
        observations=observations,
        team=care_team(session, patient_id),
        clinicians=[user for user in clinicians if user.active],
        names={user.id: user.display_name for user in clinicians},
        referrals=workflow.referrals(session, patient_id),
        tasks=workflow.tasks(session, patient_id),
        notes=workflow.notes(session, patient_id) if notes else [],
        alerts=workflow.open_alerts(session, patient_id),
    )


def patient_age(patient: Patient, today: dt.date) -> int | None:
    return age_on(patient.birth_date, today)


def timeline(observations: list[Observation]) -> list[Visit]:
    """The record grouped by day, newest first, each entry a short label."""
    days: dict[dt.date, Visit] = defaultdict(lambda: Visit(dt.date.min))
    for row in observations:
        visit = days[row.observed_on]
        visit.day = row.observed_on
        visit.entries.append(describe(row))
    return sorted(days.values(), key=lambda visit: visit.day, reverse=True)


def describe(row: Observation) -> str:
    """A one-line label of an observation."""
    payload = row.payload
    kind = row.kind
    if kind == "pain":
        where = payload.get("region", "")
        if payload.get("side"):
            where += f" ({payload['side']})"
        if payload.get("site"):
            where += f" ({payload['site']})"
        intensity = next(
            (payload[k] for k in ("nrs_average", "nrs_now", "nrs_worst") if payload.get(k) is not None), None
        )
        return f"Pain, {where}" + (f": {intensity}/10" if intensity is not None else "")
    if kind == "instrument":
        return instrument_label(payload)
    if kind == "test":
        return f"{_words(payload.get('kind'))} {payload.get('status', '')}".strip()
    if kind == "lab":
        return f"{str(payload.get('test', '')).upper()} {payload.get('value')} {payload.get('unit') or ''}".strip()
    if kind == "medication":
        return f"Medicine: {payload.get('name')} ({payload.get('status')})"
    if kind == "treatment":
        response = f": {_words(payload.get('response'))}" if payload.get("response") else ""
        return f"Treatment tried: {_words(payload.get('kind'))}{response}"
    if kind == "surgery":
        levels = ", ".join(payload.get("levels") or [])
        return f"Surgery: {_words(payload.get('type'))} {levels}".strip()
    if kind == "goal":
        return f"Goal: {payload.get('goal')}"
    labels = {
        "red_flags": "Red-flag questions",
        "exam": "Examination",
        "profile": "Height, weight, operations",
    }
    return labels.get(kind, _words(kind).capitalize())


def instrument_label(payload: dict[str, Any]) -> str:
    """The instrument's name and its total, scored by the core."""
    instrument_id = str(payload.get("instrument"))
    instrument = INSTRUMENTS.get(instrument_id)
    name = instrument.name if instrument else instrument_id
    try:
        result = score(instrument_id, payload.get("answers") or {})
    except (InstrumentError, KeyError, NotImplementedError):
        return name
    if result.total is None:
        return f"{name}: incomplete"
    total = f"{result.total:g}"
    return f"{name} {total}" + (f" ({_words(result.band)})" if result.band else "")


def _words(value: Any) -> str:
    return str(value or "").replace("_", " ")
