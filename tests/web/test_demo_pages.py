"""Every page renders for rich synthetic records: the demo patients' charts, their portals, the admin pages."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from fbss.store.demo import DEMO_PASSWORD, load_demo
from fbss.store.models import CareTeamMember, Patient, User
from fbss.web.state import FixedClock, WebState
from tests.web.conftest import client_for, csrf_of

PATIENTS = 12


@pytest.fixture
def demo(state: WebState, clock: FixedClock) -> list[int]:
    with state.database.transaction() as session:
        load_demo(session, state.hasher, clock.today(), patients=PATIENTS)
        return list(session.scalars(select(Patient.id).order_by(Patient.id)))


def _login(app: FastAPI, username: str):  # type: ignore[no-untyped-def]
    client = client_for(app)
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 303, answer.text
    return client


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_demo_chart_portal_and_admin_page_renders(
    app: FastAPI, state: WebState, demo: list[int]
) -> None:
    with state.database.transaction() as session:
        leads = dict(
            session.execute(
                select(CareTeamMember.patient_id, User.username)
                .join(User, User.id == CareTeamMember.user_id)
                .where(CareTeamMember.responsibility == "lead clinician")
            ).all()
        )
        patients = {
            user.patient_id: user.username
            for user in session.scalars(select(User).where(User.patient_id.is_not(None)))
        }
    for patient_id in demo:
        with _login(app, leads[patient_id]) as clinician:
            assert clinician.get(f"/patients/{patient_id}").status_code == 200
            assert clinician.get("/patients", params={"red_flag": "true"}).status_code == 200
        if patient_id in patients:
            with _login(app, patients[patient_id]) as patient:
                for path in (
                    "",
                    "/intake",
                    "/questionnaires/peg",
                    "/questionnaires/phq9",
                    "/questionnaires/gad7",
                ):
                    assert patient.get(f"/patients/{patient_id}/portal{path}").status_code == 200, path
    with _login(app, "admin") as admin:
        for path in ("/admin", "/admin/patients", f"/admin/patients/{demo[0]}/care-team", "/admin/audit"):
            assert admin.get(path).status_code == 200, path
