"""Demo patients in the database: synthetic records, a care team of each role, accounts and workflow history.

Each patient's record is one synthetic case of `fbss.demo.cases` (pure: no database) taken apart into
observations (surgeries, pain, questionnaires, exam, tests, labs, medicines, treatments, goals, an SCS trial's
diary day by day...), with every date moved so that the generator's latest day falls on `today`. The care
teams, referrals, tasks and notes are invented here. All names and data are fictional. Used by
`fbss serve --demo`, the web tests and bench/web_latency.py.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from fbss.clinical.case import Case, Scs
from fbss.demo.cases import LATEST_ASSESSMENT, case_document
from fbss.store import workflow
from fbss.store.accounts import NewUser, create_user
from fbss.store.models import Observation, Patient, Role, Specialty, User
from fbss.store.patients import add_to_care_team, create_patient
from fbss.store.records import Profile
from fbss.store.snapshots import assess_patient

DEMO_PASSWORD = "fbss-demo-2026"  # noqa: S105 - printed for demo logins; demo mode only
DEMO_PATIENTS = 60
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

FIRST_NAMES = (
    "Ada", "Ben", "Cleo", "Dev", "Elin", "Farid", "Greta", "Hugo", "Iris", "Jonas", "Kaia", "Luca", "Mira",
    "Nils", "Oona", "Per", "Quinn", "Rosa", "Sami", "Tove", "Umar", "Vera", "Wim", "Xena", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Archer", "Baker", "Castell", "Dahl", "Eriksen", "Fontaine", "Garcia", "Holm", "Ivers", "Jansen",
    "Kowalski", "Lind", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Sato", "Torres",
)  # fmt: skip

# One clinician per specialty, and a second pain physician; usernames are what the demo prints.
CLINICIANS: tuple[tuple[str, str, Specialty], ...] = (
    ("dr.pain", "Dr Priya Rao", Specialty.PAIN_MANAGEMENT),
    ("dr.pain2", "Dr Tomas Berg", Specialty.PAIN_MANAGEMENT),
    ("psych", "Dr Lena Fischer", Specialty.PAIN_PSYCHOLOGY),
    ("ortho", "Mr Omar Haddad", Specialty.ORTHOPEDIC_SURGERY),
    ("neuro", "Ms Grace Okoye", Specialty.NEUROLOGICAL_SURGERY),
    ("primary", "Dr Sam Whitfield", Specialty.PRIMARY_CARE),
    ("physio", "Noor Jensen", Specialty.PHYSICAL_THERAPY),
)
ADMIN = ("admin", "Alex Admin")


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    role: str
    who: str


def shift_dates(value: Any, days: int) -> Any:
    """A copy of a case document with every ISO date moved by `days`."""
    if isinstance(value, str) and _DATE.match(value):
        return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
    if isinstance(value, dict):
        return {key: shift_dates(item, days) for key, item in value.items()}
    if isinstance(value, list):
        return [shift_dates(item, days) for item in value]
    return value


def demo_case(index: int, today: dt.date, seed: int = 0) -> Case:
    """Synthetic case `index`, its dates moved so the generator's latest day is today."""
    document = shift_dates(case_document(index, seed), (today - LATEST_ASSESSMENT).days)
    return Case.model_validate(document)


def observations_of(case: Case) -> Iterator[tuple[str, dt.date, dict[str, Any]]]:
    """The case taken apart into (kind, observed_on, payload), as the record stores them."""
    day = case.assessment_date
    dump: Callable[[Any], dict[str, Any]] = lambda part: part.model_dump(mode="json")  # noqa: E731
    yield (
        "profile",
        day,
        dump(
            Profile(weight_kg=case.weight_kg, height_cm=case.height_cm, operation_count=case.operation_count)
        ),
    )
    for surgery in case.surgeries:
        yield "surgery", surgery.date or day, dump(surgery)
    for pain in case.pain:
        yield "pain", day, dump(pain)
    yield "red_flags", day, dump(case.red_flags)
    if case.exam is not None:
        yield "exam", case.exam.date or day, dump(case.exam)
    for kind, parts in (("test", case.tests), ("lab", case.labs), ("instrument", case.instruments)):
        for part in parts:
            yield kind, part.date or day, dump(part)
    for medication in case.medications:
        yield "medication", min(medication.start or day, day), dump(medication)
    for treatment in case.prior_treatments:
        yield "treatment", min(treatment.end or treatment.start or day, day), dump(treatment)
    for procedure in case.planned_procedures:
        yield "procedure", day, dump(procedure)
    yield "conditions", day, dump(case.conditions)
    yield "psychosocial", day, dump(case.psychosocial)
    yield from _scs(case.scs, day)
    for goal in case.goals:
        yield "goal", goal.set_on or day, dump(goal)
    for diagnosis in case.diagnoses:
        yield "diagnosis", day, dump(diagnosis)
    for choice in case.guideline_choices:
        yield "guideline_choice", day, dump(choice)


def _scs(scs: Scs, day: dt.date) -> Iterator[tuple[str, dt.date, dict[str, Any]]]:
    """The SCS record, and its trial diary as the day-by-day entries the patient's portal records."""
    trial = scs.trial
    if trial is None or not trial.diary:
        yield "scs", day, scs.model_dump(mode="json")
        return
    yield (
        "scs",
        day,
        scs.model_copy(update={"trial": trial.model_copy(update={"diary": ()})}).model_dump(mode="json"),
    )
    for entry in trial.diary:
        yield "scs_diary", entry.date, entry.model_dump(mode="json")


def store_case(session: Session, patient_id: int, case: Case, recorded_by: int | None) -> int:
    """Insert a validated case's observations in one statement; returns how many."""
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "patient_id": patient_id,
            "kind": kind,
            "observed_on": observed_on,
            "payload": payload,
            "entered_in_error": False,
            "recorded_by": recorded_by,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for kind, observed_on, payload in observations_of(case)
    ]
    session.execute(insert(Observation), rows)
    return len(rows)


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count(Patient.id)))


def load_demo(
    session: Session,
    hasher: PasswordHasher,
    today: dt.date,
    patients: int = DEMO_PATIENTS,
    seed: int = 0,
    accounts: bool = True,
) -> list[DemoLogin]:
    """Create the care team, `patients` demo patients with their records and workflow, and the demo logins."""
    rng = random.Random(f"fbss-demo-web/{seed}")  # noqa: S311 - synthetic data, not security
    team = _clinicians(session, hasher, accounts)
    logins = [
        DemoLogin(username, "clinician", f"{name}, {specialty.value.replace('_', ' ')}")
        for username, name, specialty in CLINICIANS
    ]
    if accounts:
        create_user(
            session, hasher, NewUser(ADMIN[0], DEMO_PASSWORD, Role.ADMIN, ADMIN[1]), len(DEMO_PASSWORD)
        )
        logins.append(DemoLogin(ADMIN[0], "admin", ADMIN[1]))
    for index in range(patients):
        case = demo_case(index, today, seed)
        record = _register(session, rng, index, case, today)
        store_case(session, record.id, case, team[Specialty.PAIN_MANAGEMENT][index % 2].id)
        members = _care_team(session, rng, record.id, case, team, index)
        _workflow(session, rng, record.id, members, today)
        flags = assess_patient(session, record.id, today).result["summary"]["open_red_flags"]
        if accounts and (index < 10 or _has_trial(case)):
            username = f"patient{index + 1}"
            new = NewUser(username, DEMO_PASSWORD, Role.PATIENT, record.display_name, patient_id=record.id)
            create_user(session, hasher, new, len(DEMO_PASSWORD))
            note = f"open red flags: {', '.join(flags)}" if flags else "no open red flag"
            logins.append(DemoLogin(username, "patient", f"{record.display_name} ({note})"))
    return logins


def _has_trial(case: Case) -> bool:
    """Patients with an SCS trial get a login too, so that the portal's trial diary can be tried."""
    return case.scs.trial is not None and case.scs.trial.start is not None


def _clinicians(session: Session, hasher: PasswordHasher, accounts: bool) -> dict[Specialty, list[User]]:
    team: dict[Specialty, list[User]] = {}
    for username, name, specialty in CLINICIANS:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            password = DEMO_PASSWORD if accounts else f"{DEMO_PASSWORD}-{username}"
            user = create_user(
                session, hasher, NewUser(username, password, Role.CLINICIAN, name, specialty), 8
            )
        team.setdefault(specialty, []).append(user)
    return team


def _register(session: Session, rng: random.Random, index: int, case: Case, today: dt.date) -> Patient:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    age = case.age_years or 50
    birth = today - dt.timedelta(days=age * 365 + rng.randrange(0, 360))
    sex = case.sex.value if case.sex else None
    return create_patient(session, f"DEMO-{index + 1:05d}", name, birth, sex)


def _care_team(
    session: Session,
    rng: random.Random,
    patient_id: int,
    case: Case,
    team: dict[Specialty, list[User]],
    index: int,
) -> list[User]:
    lead = team[Specialty.PAIN_MANAGEMENT][index % 2]
    members = [lead, team[Specialty.PRIMARY_CARE][0]]
    if case.psychosocial.psychological_distress or rng.random() < 0.4:
        members.append(team[Specialty.PAIN_PSYCHOLOGY][0])
    if rng.random() < 0.6:
        members.append(team[Specialty.PHYSICAL_THERAPY][0])
    if rng.random() < 0.3:
        members.append(team[rng.choice((Specialty.ORTHOPEDIC_SURGERY, Specialty.NEUROLOGICAL_SURGERY))][0])
    for member in members:
        add_to_care_team(session, patient_id, member.id, "lead clinician" if member is lead else None)
    return members


REFERRAL_REASONS = {
    Specialty.PAIN_PSYCHOLOGY: "Pain coping and mood; CBT-based pain management programme",
    Specialty.PHYSICAL_THERAPY: "Graded activity and exercise programme",
    Specialty.ORTHOPEDIC_SURGERY: "Surgical opinion on imaging findings",
    Specialty.NEUROLOGICAL_SURGERY: "Surgical opinion on imaging findings",
    Specialty.PRIMARY_CARE: "Shared care of medicines",
}
TASKS = (
    "Review latest questionnaires",
    "Check medicine review",
    "Book follow-up visit",
    "Chase imaging report",
)
NOTES = (
    "Discussed pacing and a flare-up plan.",
    "Reviewed sleep and activity diary; goals updated with the patient.",
    "Explained the assessment findings and the next steps.",
)


def _workflow(
    session: Session, rng: random.Random, patient_id: int, members: list[User], today: dt.date
) -> None:
    lead = members[0]
    for member in members[1:]:
        specialty = Specialty(member.specialty or Specialty.PRIMARY_CARE.value)
        referral = workflow.create_referral(
            session,
            patient_id,
            specialty.value,
            REFERRAL_REASONS.get(specialty, "Opinion"),
            lead.id,
            member.id,
        )
        referral.status = rng.choice(("requested", "accepted", "completed"))
    for _ in range(rng.randint(1, 3)):
        due = today + dt.timedelta(days=rng.randint(-10, 21))
        task = workflow.create_task(
            session, patient_id, rng.choice(TASKS), lead.id, rng.choice(members).id, due
        )
        if due < today and rng.random() < 0.5:
            done_at = dt.datetime.combine(due, dt.time(12), dt.UTC)
            workflow.set_task_done(session, patient_id, task.id, task.version, True, lead.id, done_at)
    workflow.add_note(session, patient_id, lead.id, rng.choice(NOTES))
    session.flush()
