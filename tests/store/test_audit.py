"""The audit log: hash-chained and append-only; an edited, deleted or inserted entry is found."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from fbss.store import audit
from fbss.store.audit import AuditEvent, AuditFilter, Outcome
from fbss.store.db import Database
from tests.store.conftest import NOW

KEY = b"k" * 32


def _log(database: Database, count: int = 5) -> None:
    with database.transaction() as session:
        for i in range(count):
            event = AuditEvent(
                "read",
                f"chart/{i}",
                Outcome.OK,
                user_id=1,
                username="pat.pain",
                role="clinician",
                patient_id=i,
            )
            audit.append(session, KEY, event, NOW + dt.timedelta(seconds=i))


def _drop_append_only_guard(database: Database) -> None:
    """What someone with owner rights on the database could do before tampering."""
    with database.transaction() as session:
        if database.is_sqlite:
            session.execute(text("DROP TRIGGER audit_log_no_update"))
            session.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            session.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))


def test_intact_chain_verifies(database: Database) -> None:
    _log(database)
    with database.transaction() as session:
        assert audit.verify(session, KEY) == audit.Verification(True, 5)


def test_database_refuses_to_update_or_delete_entries(database: Database) -> None:
    _log(database, 1)
    with pytest.raises(DBAPIError, match="append-only"), database.transaction() as session:
        session.execute(text("UPDATE audit_log SET outcome = 'denied'"))
    with pytest.raises(DBAPIError, match="append-only"), database.transaction() as session:
        session.execute(text("DELETE FROM audit_log"))


def test_edited_entry_is_detected(database: Database) -> None:
    _log(database)
    _drop_append_only_guard(database)
    with database.transaction() as session:
        session.execute(text("UPDATE audit_log SET username = 'someone.else' WHERE id = 3"))
    with database.transaction() as session:
        result = audit.verify(session, KEY)
    assert (result.ok, result.first_bad_id) == (False, 3)


def test_deleted_entry_is_detected(database: Database) -> None:
    _log(database)
    _drop_append_only_guard(database)
    with database.transaction() as session:
        session.execute(text("DELETE FROM audit_log WHERE id = 2"))
    with database.transaction() as session:
        assert audit.verify(session, KEY).first_bad_id == 3


def test_deleted_last_entry_is_detected(database: Database) -> None:
    _log(database)
    _drop_append_only_guard(database)
    with database.transaction() as session:
        session.execute(text("DELETE FROM audit_log WHERE id = 5"))
    with database.transaction() as session:
        assert not audit.verify(session, KEY).ok


def test_chain_rewritten_without_the_key_is_detected(database: Database) -> None:
    _log(database)
    with database.transaction() as session:
        assert not audit.verify(session, b"another key of thirty-two bytes!").ok


def test_search_filters_and_counts_newest_first(database: Database) -> None:
    _log(database)
    with database.transaction() as session:
        audit.append(session, KEY, AuditEvent("login", "session", Outcome.FAILED, username="mallory"), NOW)
        rows, total = audit.search(session, AuditFilter(username="pat.pain"), limit=2)
        assert total == 5
        assert [row.id for row in rows] == [5, 4]
        failed, _ = audit.search(session, AuditFilter(outcome=Outcome.FAILED))
        assert [row.username for row in failed] == ["mallory"]
        assert audit.search(session, AuditFilter(patient_id=2))[1] == 1
