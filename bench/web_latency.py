"""Web latency with 10,000 demo patients: the clinician's patient list and a chart holding five years of visits.

    .venv/bin/python bench/web_latency.py [--patients 10000] [--requests 200] [--database-url URL] [--keep DIR]

Builds a database (SQLite in a temporary folder unless --database-url names an empty PostgreSQL database),
loads the demo patients (each a synthetic record, care team, referrals, tasks, notes and an assessment), adds
one patient with five years of monthly visits (pain reports, NRS, PEG, quarterly PHQ-9 and GAD-7, yearly
examination and imaging, medicines, notes, tasks), and one clinician on every care team. Then it serves the
app with uvicorn (one process, in a thread) and, logged in as that clinician, requests each page N times one
after another. Server time is read from the app's Server-Timing header; client time is measured too.
Prints p50 and p95 of each, and their ratio to the same server's trivial endpoint (/api/health).
Target: chart p95 under 100 ms. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fbss.settings import Settings
from fbss.store import migrate, records, workflow
from fbss.store.accounts import NewUser, create_user, make_hasher
from fbss.store.db import Database
from fbss.store.demo import load_demo
from fbss.store.models import CareTeamMember, Patient, Role, Specialty
from fbss.store.patients import add_to_care_team, create_patient
from fbss.store.snapshots import assess_patient
from fbss.web.app import create_app

PASSWORD = "bench-password-1234"
SECRET = "bench-secret-key-0123456789-abcdefghij"


def build(database: Database, patients: int, today: dt.date) -> int:
    """Load the demo patients and the five-year patient; returns the five-year patient's id."""
    hasher = make_hasher(1, 8, 1)
    started = time.perf_counter()
    with database.transaction() as session:
        load_demo(session, hasher, today, patients=patients, accounts=False)
    print(f"loaded {patients} demo patients in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with database.transaction() as session:
        doctor = create_user(
            session,
            hasher,
            NewUser("bench.doc", PASSWORD, Role.CLINICIAN, "Bench Doc", Specialty.PAIN_MANAGEMENT),
            8,
        )
        ids = list(session.scalars(select(Patient.id)))
        now = dt.datetime.now(dt.UTC)
        rows = [
            {"patient_id": i, "user_id": doctor.id, "created_at": now, "updated_at": now, "version": 1}
            for i in ids
        ]
        session.execute(insert(CareTeamMember), rows)
        return five_year_patient(session, doctor.id, today)


def five_year_patient(session: Session, doctor_id: int, today: dt.date) -> int:
    """A patient seen every month for five years."""
    patient = create_patient(session, "BENCH-5Y", "Fiona Fiveyears", dt.date(1968, 4, 2), "female")
    add_to_care_team(session, patient.id, doctor_id)

    def add(kind: str, payload: dict[str, Any], day: dt.date | None) -> None:
        records.add_observation(session, patient.id, kind, payload, today, day, doctor_id)

    add(
        "surgery",
        {
            "type": "discectomy",
            "date": (today - dt.timedelta(days=6 * 365)).isoformat(),
            "levels": ["L4-L5"],
            "index": True,
        },
        None,
    )
    for month in range(60):
        day = today - dt.timedelta(days=30 * (60 - month))
        back, leg = 7 - month // 20, 6 - month // 15
        add("pain", {"region": "back", "nrs_average": back, "descriptors": ["dull_aching"]}, day)
        add(
            "pain",
            {"region": "leg", "side": "left", "nrs_average": leg, "descriptors": ["burning", "tingling"]},
            day,
        )
        add(
            "instrument",
            {"instrument": "nrs", "date": day.isoformat(), "answers": {"back": back, "leg": leg}},
            day,
        )
        add(
            "instrument",
            {"instrument": "peg", "date": day.isoformat(), "answers": {"1": back, "2": 5, "3": 5}},
            day,
        )
        if month % 3 == 0:
            add(
                "instrument",
                {
                    "instrument": "phq9",
                    "date": day.isoformat(),
                    "answers": {str(i): 1 for i in range(1, 10)} | {"9": 0},
                },
                day,
            )
            add(
                "instrument",
                {"instrument": "gad7", "date": day.isoformat(), "answers": {str(i): 1 for i in range(1, 8)}},
                day,
            )
            workflow.add_note(
                session, patient.id, doctor_id, f"Review visit {month // 3 + 1}: pacing and sleep discussed."
            )
        if month % 12 == 0:
            add(
                "exam",
                {
                    "date": day.isoformat(),
                    "straight_leg_raise": [{"side": "left", "positive": True}],
                    "motor": [],
                    "sensory": [{"side": "left", "kind": "reduced_pinprick", "root": "L5"}],
                },
                day,
            )
            add(
                "test",
                {
                    "kind": "mri",
                    "status": "resulted",
                    "date": day.isoformat(),
                    "findings": [{"type": "epidural_fibrosis", "level": "L4-L5"}],
                },
                day,
            )
            add("lab", {"test": "crp", "value": 3, "date": day.isoformat()}, day)
            workflow.create_task(session, patient.id, "Yearly review", doctor_id, doctor_id, day)
    add(
        "medication",
        {
            "name": "pregabalin",
            "dose_mg_per_day": 300,
            "status": "active",
            "start": (today - dt.timedelta(days=900)).isoformat(),
        },
        None,
    )
    add(
        "red_flags",
        dict.fromkeys(
            ("saddle_anaesthesia", "bladder_dysfunction", "bowel_dysfunction", "fever", "history_of_cancer"),
            False,
        ),
        None,
    )
    assess_patient(session, patient.id, today)
    return patient.id


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def measure(client: httpx.Client, path: str, count: int) -> tuple[list[float], list[float]]:
    server, wall = [], []
    for _ in range(count):
        started = time.perf_counter()
        answer = client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{path}: HTTP {answer.status_code}")
        timing = re.search(r"dur=([0-9.]+)", answer.headers.get("server-timing", ""))
        server.append(float(timing.group(1)) if timing else float("nan"))
    return server, wall


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the SQLite database in this folder and reuse it"
    )
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="fbss-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = options.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    database = Database(url)
    migrate.upgrade(database.engine)
    today = dt.date.today()
    with database.transaction() as session:
        existing = session.scalar(select(Patient.id).where(Patient.mrn == "BENCH-5Y"))
    long_id = existing or build(database, options.patients, today)
    with database.transaction() as session:
        observations = len(records.list_observations(session, long_id))
    database.dispose()

    settings = Settings(database_url=url, secret_key=SECRET, argon2_time_cost=1, argon2_memory_kib=8)
    app = create_app(settings, server=True)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Accept": "text/html"}) as client:
        login = client.post("/api/session", json={"username": "bench.doc", "password": PASSWORD})
        login.raise_for_status()
        pages = {
            "trivial (/api/health)": "/api/health",
            "patient list": "/patients",
            f"chart, 5 years ({observations} observations)": f"/patients/{long_id}",
            "chart JSON assessment": f"/api/patients/{long_id}/assessment",
        }
        for path in pages.values():
            measure(client, path, 3)  # warm up (first chart view stores the snapshot)
        results = {name: measure(client, path, options.requests) for name, path in pages.items()}
    server.should_exit = True
    thread.join(timeout=10)

    base_server = statistics.median(results["trivial (/api/health)"][0])
    base_wall = statistics.median(results["trivial (/api/health)"][1])
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite (WAL)"
    print(
        f"{backend}, {options.patients} demo patients, {options.requests} sequential requests each, one uvicorn process"
    )
    print(f"{'page':<44} {'server p50':>10} {'p95':>8} {'x trivial':>9} | {'client p50':>10} {'p95':>8}")
    for name, (server_ms, wall_ms) in results.items():
        p50, p95 = percentile(server_ms, 0.5), percentile(server_ms, 0.95)
        print(
            f"{name:<44} {p50:>8.1f}ms {p95:>6.1f}ms {p50 / base_server:>8.1f}x |"
            f" {percentile(wall_ms, 0.5):>8.1f}ms {percentile(wall_ms, 0.95):>6.1f}ms ({percentile(wall_ms, 0.5) / base_wall:.1f}x)"
        )
    chart_p95 = percentile(results[next(k for k in results if k.startswith("chart,"))][0], 0.95)
    print(f"target: chart p95 under 100 ms: {'met' if chart_p95 < 100 else 'NOT met'} ({chart_p95:.1f} ms)")


if __name__ == "__main__":
    main()
