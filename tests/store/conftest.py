"""Store fixtures: each test gets a fresh migrated database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from fbss.store.accounts import make_hasher
from fbss.store.db import Database
from tests.store.databases import BACKENDS, fresh_database, migrated_template, postgres_reachable

TODAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str | None]:
    if not postgres_reachable():
        yield None
        return
    with migrated_template() as name:
        yield name


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, postgres_template: str | None) -> Iterator[str]:
    with fresh_database(backend, tmp_path, postgres_template) as url:
        yield url


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = Database(db_url)
    yield db
    db.dispose()


@pytest.fixture
def hasher() -> PasswordHasher:
    """Cheap argon2id parameters: tests only."""
    return make_hasher(time_cost=1, memory_kib=8, parallelism=1)
