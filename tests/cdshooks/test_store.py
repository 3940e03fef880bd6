"""The SQL stores agree across processes: two engines on one database see the same replays and feedback."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine

from fbss.cdshooks.store import sql_stores

LATER = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)


def test_a_jti_seen_by_one_process_is_a_replay_for_another(tmp_path):
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    first, second = sql_stores(create_engine(url)), sql_stores(create_engine(url))
    assert first.replay.remember("iss", "jti-1", LATER) is True
    assert second.replay.remember("iss", "jti-1", LATER) is False
    assert second.replay.remember("other-iss", "jti-1", LATER) is True


def test_expired_jtis_are_forgotten(tmp_path):
    stores = sql_stores(create_engine(f"sqlite:///{tmp_path / 'cds.sqlite3'}"))
    past = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert stores.replay.remember("iss", "old", past) is True
    assert stores.replay.remember("iss", "new", LATER) is True
    for number in range(200):  # a purge runs on a share of requests
        stores.replay.remember("iss", f"n{number}", LATER)
    assert stores.replay.remember("iss", "old", LATER) is True


def test_the_same_feedback_from_two_processes_is_stored_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    first, second = sql_stores(create_engine(url)), sql_stores(create_engine(url))
    entry = {"card": "c1", "outcome": "accepted", "outcomeTimestamp": "2026-11-02T10:00:00Z"}
    now = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    assert first.feedback.record("svc", entry, now) is True
    assert second.feedback.record("svc", dict(reversed(entry.items())), now) is False
    assert first.feedback.outcomes("svc") == [entry]


def test_the_scs_state_store_returns_the_previous_state(tmp_path):
    stores = sql_stores(create_engine(f"sqlite:///{tmp_path / 'cds.sqlite3'}"))
    assert stores.scs_state.swap("p1", "a") is None
    assert stores.scs_state.swap("p1", "b") == "a"
    assert stores.scs_state.swap("p1", "b") == "b"
