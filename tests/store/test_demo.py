"""Demo patients in the database: each record rebuilds its synthetic case; a care team of every specialty;
logins; and the case generator (fbss.demo) stays free of the database."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import orjson
from argon2 import PasswordHasher
from sqlalchemy import func, select

from fbss.clinical.case import Case
from fbss.store.casebuilder import build_case
from fbss.store.db import Database
from fbss.store.demo import demo_case, load_demo, shift_dates
from fbss.store.models import CareTeamMember, Patient, PatientSummary, Role, Specialty, User

TODAY = dt.date(2026, 11, 25)


def _unordered(case: Case) -> dict[str, Any]:
    """The case without the registration fields, each list as a sorted multiset (the record orders by date)."""
    document = case.model_dump(mode="json", exclude={"case_id", "age_years", "sex"})
    return {
        key: sorted(orjson.dumps(item, option=orjson.OPT_SORT_KEYS) for item in value)
        if isinstance(value, list)
        else value
        for key, value in document.items()
    }


def test_dates_move_and_nothing_else_changes() -> None:
    document = {
        "date": "2026-11-01",
        "levels": ["L4-L5"],
        "note": "2026-11-01 seen",
        "items": [{"start": "2020-02-29"}],
    }
    assert shift_dates(document, 1) == {
        "date": "2026-11-02",
        "levels": ["L4-L5"],
        "note": "2026-11-01 seen",
        "items": [{"start": "2020-03-01"}],
    }


def test_demo_loads_at_least_50_patients_whose_records_rebuild_their_cases(
    database: Database, hasher: PasswordHasher
) -> None:
    with database.transaction() as session:
        logins = load_demo(session, hasher, TODAY, patients=50)
    with database.transaction() as session:
        assert session.scalar(select(func.count(Patient.id))) == 50
        assert session.scalar(select(func.count(PatientSummary.patient_id))) == 50
        specialties = set(session.scalars(select(User.specialty).where(User.role == Role.CLINICIAN.value)))
        assert specialties == {specialty.value for specialty in Specialty}
        assert session.scalar(select(func.count(CareTeamMember.id))) >= 100
        for index in (0, 7, 31):
            patient = session.scalar(select(Patient).where(Patient.mrn == f"DEMO-{index + 1:05d}"))
            assert patient is not None
            expected = demo_case(index, TODAY)
            rebuilt = build_case(session, patient.id, expected.assessment_date)
            assert _unordered(rebuilt) == _unordered(expected)
    roles = {login.role for login in logins}
    assert roles == {"clinician", "admin", "patient"}


def test_the_demo_case_generator_imports_no_database_or_web_layer() -> None:
    probe = (
        "import sys, fbss.demo, fbss.demo.cases; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' "
        "or m.startswith(('fbss.store', 'fbss.web', 'argon2'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
