"""The audit log: append-only, each entry chained to the previous one by an HMAC-SHA256 keyed with the secret.

Editing, deleting or inserting an entry breaks the chain, and `verify` finds the first broken entry. Appends
are serialised through the single `audit_head` row (locked FOR UPDATE on PostgreSQL; SQLite transactions
already take the write lock when they begin).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from fbss.store.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


class Outcome:
    OK = "ok"
    DENIED = "denied"
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    CONFLICT = "conflict"
    FAILED = "failed"
    THROTTLED = "throttled"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Who did what to which resource of which patient, and how it ended."""

    action: str
    resource: str
    outcome: str
    user_id: int | None = None
    username: str | None = None
    role: str | None = None
    patient_id: int | None = None


def append(session: Session, key: bytes, event: AuditEvent, now: dt.datetime) -> AuditEntry:
    """Add one entry at the end of the chain (inside the caller's transaction)."""
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    entry = AuditEntry(
        id=head.last_id + 1,
        at=now.astimezone(dt.UTC),
        user_id=event.user_id,
        username=event.username,
        role=event.role,
        action=event.action[:40],
        resource=event.resource[:200],
        patient_id=event.patient_id,
        outcome=event.outcome[:20],
        prev_hash=head.last_hash,
        hash="",
    )
    entry.hash = entry_hash(key, entry)
    session.add(entry)
    head.last_id = entry.id
    head.last_hash = entry.hash
    session.flush()
    return entry


def entry_hash(key: bytes, entry: AuditEntry) -> str:
    """HMAC-SHA256 over the entry's fields and the previous entry's hash."""
    content = [
        entry.id,
        entry.at.astimezone(dt.UTC).isoformat(),
        entry.user_id,
        entry.username,
        entry.role,
        entry.action,
        entry.resource,
        entry.patient_id,
        entry.outcome,
        entry.prev_hash,
    ]
    return hmac.new(key, orjson.dumps(content), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str | None = None


def verify(session: Session, key: bytes) -> Verification:
    """Walk the chain from the start; report the first entry that was edited, removed or inserted."""
    previous_hash, previous_id, checked = GENESIS_HASH, 0, 0
    for entry in _in_order(session):
        if entry.id != previous_id + 1:
            return Verification(
                False, checked, entry.id, f"entries {previous_id + 1}-{entry.id - 1} are missing"
            )
        if entry.prev_hash != previous_hash:
            return Verification(False, checked, entry.id, "does not follow the previous entry")
        if not hmac.compare_digest(entry.hash, entry_hash(key, entry)):
            return Verification(False, checked, entry.id, "content does not match its hash")
        previous_hash, previous_id, checked = entry.hash, entry.id, checked + 1
    head = session.get(AuditHead, 1)
    if head is None or head.last_id != previous_id or head.last_hash != previous_hash:
        return Verification(False, checked, previous_id + 1, "entries after the last one are missing")
    return Verification(True, checked)


def _in_order(session: Session) -> Iterator[AuditEntry]:
    yield from session.scalars(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000))


@dataclass(frozen=True, slots=True)
class AuditFilter:
    username: str | None = None
    patient_id: int | None = None
    action: str | None = None
    outcome: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def search(
    session: Session, where: AuditFilter, limit: int = 100, offset: int = 0
) -> tuple[list[AuditEntry], int]:
    """Entries matching the filter, newest first, and how many match in all."""
    query = _filtered(select(AuditEntry), where)
    total = session.scalar(_filtered(select(func.count(AuditEntry.id)), where)) or 0
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset))
    return list(rows), total


def _filtered(query: Select[Any], where: AuditFilter) -> Select[Any]:
    if where.username:
        query = query.where(AuditEntry.username == where.username)
    if where.patient_id is not None:
        query = query.where(AuditEntry.patient_id == where.patient_id)
    if where.action:
        query = query.where(AuditEntry.action == where.action)
    if where.outcome:
        query = query.where(AuditEntry.outcome == where.outcome)
    if where.since:
        query = query.where(AuditEntry.at >= where.since)
    if where.until:
        query = query.where(AuditEntry.at < where.until)
    return query
