"""SQLAlchemy Core implementations of the CDS Hooks stores, on the application's tables (`cds_seen_jti`,
`cds_feedback`, `cds_scs_state` in fbss.store.models, created by the Alembic migrations). The database, not
process memory, decides replays and duplicates, so several processes behind a load balancer agree."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import orjson
from sqlalchemy import Engine, Table, bindparam, delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from fbss.cdshooks.stores import Stores
from fbss.store.models import Base, CdsFeedback, CdsScsState, CdsSeenJti

PURGE_SHARE = 8  # of 256: expired token ids are deleted on about 3% of requests
MAX_JTI = 500  # the column's length

seen_jti: Table = CdsSeenJti.__table__  # type: ignore[assignment]
feedback: Table = CdsFeedback.__table__  # type: ignore[assignment]
scs_state: Table = CdsScsState.__table__  # type: ignore[assignment]
TABLES = (seen_jti, feedback, scs_state)


_REMEMBER = insert(seen_jti)  # built once: a statement made per call costs as much again as running it
_PURGE = delete(seen_jti).where(seen_jti.c.expires_at < bindparam("now"))


class SqlReplayStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def remember(self, issuer: str, jti: str, expires: dt.datetime) -> bool:
        """One INSERT of the token id (the primary key refuses a replay), and now and then a purge."""
        stored = _fits(jti)
        try:
            with self.engine.begin() as connection:
                if (
                    hashlib.sha256(jti.encode()).digest()[0] < PURGE_SHARE
                ):  # purge now and then, not every time
                    connection.execute(_PURGE, {"now": dt.datetime.now(dt.UTC)})
                connection.execute(_REMEMBER, {"issuer": issuer, "jti": stored, "expires_at": expires})
        except IntegrityError:
            return False
        return True


def _fits(jti: str) -> str:
    """The token id as stored: one longer than the column is kept as its digest (still unique)."""
    return jti if len(jti) <= MAX_JTI else "sha256:" + hashlib.sha256(jti.encode()).hexdigest()


class SqlFeedbackStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, service_id: str, entry: dict[str, Any], received: dt.datetime) -> bool:
        body = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)
        fingerprint = hashlib.sha256(service_id.encode() + b"\0" + body).hexdigest()
        row = {
            "fingerprint": fingerprint,
            "service_id": service_id,
            "card": str(entry["card"]),
            "outcome": str(entry["outcome"]),
            "outcome_timestamp": str(entry["outcomeTimestamp"]),
            "body": body.decode(),
            "received_at": received,
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(feedback).values(**row))
        except IntegrityError:
            return False
        return True

    def outcomes(self, service_id: str) -> list[dict[str, Any]]:
        query = select(feedback.c.body).where(feedback.c.service_id == service_id).order_by(feedback.c.id)
        with self.engine.connect() as connection:
            return [orjson.loads(row.body) for row in connection.execute(query)]


_STATE = select(scs_state.c.state).where(scs_state.c.patient_key == bindparam("key")).with_for_update()
_NEW_STATE = insert(scs_state)
_CHANGED_STATE = update(scs_state).where(scs_state.c.patient_key == bindparam("key"))


class SqlScsStateStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def swap(self, patient_key: str, state: str) -> str | None:
        with self.engine.begin() as connection:
            before: str | None = connection.execute(_STATE, {"key": patient_key}).scalar_one_or_none()
            if before == state:
                return state  # unchanged: no write, so views of a stable patient do not queue on the lock
            if before is None:
                try:
                    connection.execute(_NEW_STATE, {"patient_key": patient_key, "state": state})
                except IntegrityError:
                    return state  # another process stored it first; treat as unchanged
            else:
                connection.execute(_CHANGED_STATE, {"key": patient_key, "state": state})
            return before


def database_stores(engine: Engine) -> Stores:
    """The three stores on the application's migrated database (`fbss db migrate` created the tables)."""
    return Stores(SqlReplayStore(engine), SqlFeedbackStore(engine), SqlScsStateStore(engine))


def sql_stores(engine: Engine) -> Stores:
    """The three stores on an engine of their own (the service outside the app): the tables are created if
    missing, and SQLite gets WAL mode, so concurrent requests do not queue behind each other's writes."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    Base.metadata.create_all(engine, tables=list(TABLES))
    return database_stores(engine)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
