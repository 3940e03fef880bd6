"""Backup and restore round-trip the database, across SQLite and PostgreSQL, with the audit chain intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from fbss.store import audit, backup, workflow
from fbss.store.audit import AuditEvent, Outcome
from fbss.store.db import Database
from fbss.store.models import Observation, Patient, Task
from fbss.store.records import add_observation
from fbss.store.snapshots import assess_patient
from tests.store.conftest import NOW, TODAY
from tests.store.databases import BACKENDS, fresh_database
from tests.store.factories import clinician, on_team, patient

KEY = b"k" * 32


def _fill(database: Database, hasher: PasswordHasher) -> None:
    with database.transaction() as session:
        record = patient(session)
        doctor = clinician(session, hasher, "pat.pain")
        on_team(session, record, doctor)
        add_observation(
            session, record.id, "pain", {"region": "back", "nrs_average": 6, "site": "L5 <b>"}, TODAY
        )
        workflow.create_task(session, record.id, "Review MRI", doctor.id, doctor.id, TODAY)
        assess_patient(session, record.id, TODAY)
        audit.append(
            session,
            KEY,
            AuditEvent("read", "chart", Outcome.OK, doctor.id, "pat.pain", "clinician", record.id),
            NOW,
        )


@pytest.mark.parametrize("target", BACKENDS)
def test_backup_restores_every_row_into_an_empty_database(
    database: Database, hasher: PasswordHasher, tmp_path: Path, target: str, postgres_template: str | None
) -> None:
    _fill(database, hasher)
    file = tmp_path / "fbss-backup.jsonl.gz"
    counts = backup.backup(database.engine, file)
    (tmp_path / "restored").mkdir()
    with fresh_database(target, tmp_path / "restored", postgres_template) as url:
        restored = Database(url)
        assert backup.restore(restored.engine, file) == counts
        with restored.transaction() as session:
            assert audit.verify(session, KEY).ok
            assert session.scalar(select(Observation.payload)) == {**_payload(database)}
            assert session.scalar(select(Task.due_on)) == TODAY
            new = patient(session, "NEW-1")  # sequences continue after the restored ids
            assert new.id > session.scalar(select(func.min(Patient.id)))
        restored.dispose()


def _payload(database: Database) -> dict:  # type: ignore[type-arg]
    with database.transaction() as session:
        return session.scalar(select(Observation.payload)) or {}


def test_restore_refuses_a_database_that_has_data(
    database: Database, hasher: PasswordHasher, tmp_path: Path
) -> None:
    _fill(database, hasher)
    file = tmp_path / "fbss-backup.jsonl.gz"
    backup.backup(database.engine, file)
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(database.engine, file)


def test_restore_refuses_a_file_that_is_not_a_backup(database: Database, tmp_path: Path) -> None:
    import gzip

    file = tmp_path / "other.gz"
    with gzip.open(file, "wb") as out:
        out.write(b'{"format": "something"}\n')
    with pytest.raises(backup.BackupError, match="not an fbss backup"):
        backup.restore(database.engine, file)
