"""Store fixtures: a Database on the fresh migrated database of tests/conftest.py (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from fbss.store.accounts import make_hasher
from fbss.store.db import Database

TODAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    yield db
    db.dispose()


@pytest.fixture
def hasher() -> PasswordHasher:
    """Cheap argon2id parameters: tests only."""
    return make_hasher(time_cost=1, memory_kib=8, parallelism=1)
