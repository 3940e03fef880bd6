"""The SCS pages: the patient's trial diary in the portal, the SCS pathway section of the chart, who sees them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fbss.store import records
from fbss.web.state import FixedClock, WebState
from tests.web.conftest import People, csrf_of, page_login

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
CONFLICT = "Someone else changed this record after you opened it"


def _trial(today: dt.date) -> dict[str, Any]:
    return {
        "mdt_assessed": True,
        "psych_evaluation": {"date": (today - dt.timedelta(days=40)).isoformat(), "outcome": "cleared"},
        "trial": {
            "start": (today - dt.timedelta(days=3)).isoformat(),
            "end": (today + dt.timedelta(days=4)).isoformat(),
            "baseline_nrs_back": 4,
            "baseline_nrs_leg": 8,
            "baseline_active_minutes": 60,
            "baseline_analgesic_doses": 4,
        },
    }


@pytest.fixture
def trial(state: WebState, people: People, clock: FixedClock) -> int:
    """Alice's SCS trial started three days ago; returns the SCS observation's id."""
    with state.database.transaction() as session:
        row = records.add_observation(
            session, people.alice, "scs", _trial(clock.today()), clock.today(), recorded_by=people.dana
        )
        return row.id


def _diary_url(people: People) -> str:
    return f"/patients/{people.alice}/portal/scs-diary"


def _entry(client: TestClient, people: People, **fields: str) -> Any:
    token = csrf_of(client.get(_diary_url(people)).text)
    return client.post(_diary_url(people), data={"csrf_token": token, **fields})


def _diary(state: WebState, people: People) -> list[dict[str, Any]]:
    with state.database.transaction() as session:
        return [row.payload for row in records.list_observations(session, people.alice, kinds=("scs_diary",))]


# --- the portal diary ---------------------------------------------------------------------------------------


def test_without_a_trial_the_diary_says_so_and_links_home(
    app: FastAPI, people: People, state: WebState
) -> None:
    with page_login(app, "alice") as client:
        assert "SCS trial diary" not in client.get(f"/patients/{people.alice}/portal").text
        page = client.get(_diary_url(people))
        assert page.status_code == 200
        assert "No spinal cord stimulation trial is planned for you yet" in page.text
        assert f'href="/patients/{people.alice}/portal"' in page.text
        refused = client.post(
            _diary_url(people), data={"csrf_token": csrf_of(page.text), "date": "2026-11-01", "nrs_leg": "3"}
        )
        assert refused.status_code == 422
    assert _diary(state, people) == []


def test_patient_records_a_day_and_sees_it_in_the_table(
    app: FastAPI, people: People, state: WebState, trial: int
) -> None:
    with page_login(app, "alice") as client:
        home = client.get(f"/patients/{people.alice}/portal").text
        assert f'href="{_diary_url(people)}"' in home
        page = client.get(_diary_url(people)).text
        assert "compares these days with how you were before the trial" in page
        for label in (
            "Back pain that day",
            "Leg pain that day",
            "Minutes up and active",
            "pain relief",
            "sleep",
        ):
            assert label in page
        assert 'value="2026-11-02"' in page  # the date defaults to today
        answer = _entry(
            client,
            people,
            date="2026-11-01",
            nrs_back="3",
            nrs_leg="4",
            active_minutes="90",
            analgesic_doses="2",
            sleep_hours="6.5",
            note="Walked to the <shop>",
        )
        assert answer.status_code == 303
        shown = client.get(answer.headers["location"]).text
    assert "Thank you: your diary was saved" in shown
    row = re.search(r"<tr>\s*<td data-label=\"Date\"><time datetime=\"2026-11-01\">.*?</tr>", shown, re.S)
    assert row is not None
    assert ">6.5<" in row.group(0)
    assert "Walked to the &lt;shop&gt;" in row.group(0)
    (entry,) = _diary(state, people)
    assert entry["nrs_leg"] == 4
    assert entry["sleep_hours"] == 6.5


def test_nrs_of_11_names_the_field_and_stores_nothing(
    app: FastAPI, people: People, state: WebState, trial: int
) -> None:
    with page_login(app, "alice") as client:
        answer = _entry(client, people, date="2026-11-01", nrs_back="11")
    assert answer.status_code == 422
    assert "<code>nrs_back</code>" in answer.text
    assert "less than or equal to 10" in answer.text
    assert _diary(state, people) == []


def test_a_refusal_lands_in_the_forms_own_error_box_with_htmx(
    app: FastAPI, people: People, state: WebState, trial: int
) -> None:
    with page_login(app, "alice") as client:
        token = csrf_of(client.get(_diary_url(people)).text)
        answer = client.post(
            _diary_url(people),
            data={"csrf_token": token, "date": "2026-11-01", "nrs_leg": "11"},
            headers={"HX-Request": "true", "HX-Trigger": "diary-form"},
        )
    assert answer.status_code == 422
    assert answer.headers["HX-Retarget"] == "#diary-form-errors"
    assert "<code>nrs_leg</code>" in answer.text
    assert _diary(state, people) == []


def test_with_htmx_the_saved_diary_comes_back_in_place(app: FastAPI, people: People, trial: int) -> None:
    with page_login(app, "alice") as client:
        token = csrf_of(client.get(_diary_url(people)).text)
        answer = client.post(
            _diary_url(people),
            data={"csrf_token": token, "date": "2026-11-02", "nrs_leg": "2"},
            headers={"HX-Request": "true", "HX-Trigger": "diary-form"},
        )
    assert answer.status_code == 200
    assert '<section id="diary"' in answer.text
    assert '<time datetime="2026-11-02">' in answer.text


def test_a_second_entry_for_a_day_is_refused_naming_the_date(
    app: FastAPI, people: People, state: WebState, trial: int
) -> None:
    with page_login(app, "alice") as client:
        assert _entry(client, people, date="2026-11-01", nrs_leg="4").status_code == 303
        again = _entry(client, people, date="2026-11-01", nrs_leg="2")
        before = _entry(client, people, date="2026-10-20", nrs_leg="2")
    assert again.status_code == 422
    assert "<code>date</code>" in again.text
    assert "already in your diary" in again.text
    assert before.status_code == 422
    assert "your trial runs from 2026-10-30 to 2026-11-06" in before.text
    assert [entry["nrs_leg"] for entry in _diary(state, people)] == [4]


def test_a_day_is_changed_by_a_versioned_edit_and_a_stale_edit_is_refused(
    app: FastAPI, people: People, state: WebState, trial: int
) -> None:
    with page_login(app, "alice") as client:
        assert _entry(client, people, date="2026-11-01", nrs_leg="4").status_code == 303
        with state.database.transaction() as session:
            (row,) = records.list_observations(session, people.alice, kinds=("scs_diary",))
            entry_id, version = row.id, row.version
        form = client.get(_diary_url(people), params={"edit": entry_id}).text
        assert "Change the entry for 2026-11-01" in form
        assert f'name="version" value="{version}"' in form
        edit = {"csrf_token": csrf_of(form), "version": str(version), "date": "2026-11-01", "nrs_leg": "3"}
        assert client.post(f"{_diary_url(people)}/{entry_id}", data=edit).status_code == 303
        stale = client.post(f"{_diary_url(people)}/{entry_id}", data={**edit, "nrs_leg": "9"})
    assert stale.status_code == 409
    assert CONFLICT in stale.text
    assert [entry["nrs_leg"] for entry in _diary(state, people)] == [3]


def test_a_patient_cannot_see_or_write_another_patients_diary(
    app: FastAPI, people: People, state: WebState, trial: int
) -> None:
    with page_login(app, "bob") as client:
        assert client.get(_diary_url(people)).status_code == 404
        token = csrf_of(client.get(f"/patients/{people.bob}/portal").text)
        answer = client.post(_diary_url(people), data={"csrf_token": token, "date": "2026-11-01"})
        assert answer.status_code == 404
    assert _diary(state, people) == []


# --- the chart's SCS pathway --------------------------------------------------------------------------------


def _chart(client: TestClient, people: People) -> str:
    answer = client.get(f"/patients/{people.alice}")
    assert answer.status_code == 200, answer.text
    return answer.text


def _scs_section(page: str) -> str:
    return page[page.index('<section id="scs"') : page.index('id="timeline"')]


def test_the_chart_shows_the_scs_findings_the_diary_and_its_chart(
    app: FastAPI, people: People, trial: int
) -> None:
    with page_login(app, "alice") as patient:
        for day, leg in (("2026-10-31", "5"), ("2026-11-01", "4"), ("2026-11-02", "3")):
            assert _entry(patient, people, date=day, nrs_leg=leg, nrs_back="3").status_code == 303
    with page_login(app, "dana.pain") as client:
        page = _chart(client, people)
    assert page.index('id="assessment"') < page.index('id="scs"') < page.index('id="timeline"')
    section = _scs_section(page)
    assert 'id="finding-scs.pathway"' in section
    assert "trial in progress" in section.lower()
    ids = re.findall(r'id="(finding-[^"]+)"', page)
    assert len(ids) == len(set(ids))  # each finding once: the summary's links stay unambiguous
    assert "Sources" in section
    assert re.search(r'<time datetime="2026-11-01">', section)
    svg = section[section.index("<svg") : section.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "Leg pain each day (0-10): 5, 4, 3." in svg
    assert "Leg pain before the trial: 8." in svg
    assert svg.count("<circle") == 3
    assert "<script" not in section


def test_the_clinician_records_the_trial_keeping_the_rest_of_the_scs_record(
    app: FastAPI, people: People, state: WebState, trial: int
) -> None:
    with page_login(app, "dana.pain") as client:
        page = _chart(client, people)
        form = {
            "csrf_token": csrf_of(page),
            "based_on": str(trial),
            "version": "1",
            "start": "2026-10-30",
            "end": "2026-11-02",
            "baseline_nrs_back": "4",
            "baseline_nrs_leg": "7",
            "baseline_active_minutes": "60",
            "baseline_analgesic_doses": "4",
            "patient_satisfied": "yes",
            "decision": "implant",
        }
        answer = client.post(f"/patients/{people.alice}/scs/trial", data=form)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/patients/{people.alice}#scs"
        stale = client.post(f"/patients/{people.alice}/scs/trial", data={**form, "decision": "no_implant"})
        assert stale.status_code == 409
        assert CONFLICT in stale.text
    with state.database.transaction() as session:
        scs = records.list_observations(session, people.alice, kinds=("scs",))
    assert len(scs) == 2
    latest = scs[-1].payload
    assert latest["mdt_assessed"] is True
    assert latest["psych_evaluation"]["outcome"] == "cleared"
    assert latest["trial"]["baseline_nrs_leg"] == 7
    assert latest["trial"]["decision"] == "implant"
    assert latest["trial"]["patient_satisfied"] is True


def test_a_bad_trial_value_names_the_field_and_saves_nothing(
    app: FastAPI, people: People, state: WebState, trial: int
) -> None:
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        common = {"csrf_token": token, "based_on": str(trial), "version": "1"}
        high = client.post(f"/patients/{people.alice}/scs/trial", data={**common, "baseline_nrs_leg": "11"})
        backwards = client.post(
            f"/patients/{people.alice}/scs/trial", data={**common, "start": "2026-11-01", "end": "2026-10-30"}
        )
    assert high.status_code == 422
    assert "<code>baseline_nrs_leg</code>" in high.text
    assert backwards.status_code == 422
    assert "<code>end</code>" in backwards.text
    with state.database.transaction() as session:
        assert len(records.list_observations(session, people.alice, kinds=("scs",))) == 1


def test_with_htmx_only_the_scs_section_comes_back(app: FastAPI, people: People, trial: int) -> None:
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        answer = client.post(
            f"/patients/{people.alice}/scs/trial",
            data={"csrf_token": token, "based_on": str(trial), "version": "1", "start": "2026-10-30"},
            headers={"HX-Request": "true", "HX-Trigger": "scs-trial-form"},
        )
    assert answer.status_code == 200
    assert '<section id="scs"' in answer.text


def test_outside_the_care_team_and_admins_get_no_scs_content(
    app: FastAPI, people: People, trial: int
) -> None:
    with page_login(app, "sam.spine") as client:
        assert client.get(f"/patients/{people.alice}").status_code == 404
    with page_login(app, "ada.admin") as client:
        assert client.get(f"/patients/{people.alice}").status_code == 404
        assert client.get(_diary_url(people)).status_code == 404
        care_team = client.get(f"/admin/patients/{people.alice}/care-team")
        assert care_team.status_code == 200
        assert "SCS" not in care_team.text
        assert "diary" not in care_team.text.lower()
        token = csrf_of(care_team.text)
        refused = client.post(f"/patients/{people.alice}/scs/trial", data={"csrf_token": token})
        assert refused.status_code == 404


def test_every_scs_read_and_write_is_audited(
    app: FastAPI, people: People, trial: int, as_admin: TestClient
) -> None:
    with page_login(app, "alice") as patient:
        assert _entry(patient, people, date="2026-11-01", nrs_leg="4").status_code == 303
        _entry(patient, people, date="2026-11-01", nrs_leg="4")
    with page_login(app, "dana.pain") as client:
        token = csrf_of(_chart(client, people))
        data = {"csrf_token": token, "based_on": str(trial), "version": "1", "start": "2026-10-30"}
        client.post(f"/patients/{people.alice}/scs/trial", data=data)
    log = as_admin.get("/api/audit", params={"patient_id": people.alice}).json()["entries"]
    seen = {(e["username"], e["action"], e["resource"], e["outcome"]) for e in log}
    diary = f"patient/{people.alice}/portal/scs-diary"
    assert ("alice", "read", diary, "ok") in seen
    assert ("alice", "create", diary, "ok") in seen
    assert ("alice", "create", diary, "invalid") in seen
    assert ("dana.pain", "create", f"patient/{people.alice}/scs", "ok") in seen
