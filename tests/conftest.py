"""Fixtures shared by every test package that needs a database: each test gets a fresh migrated database, on
SQLite and on PostgreSQL (tests.store.databases says how, and when a missing PostgreSQL fails rather than skips)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.databases import BACKENDS, fresh_database, migrated_template, postgres_reachable


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str | None]:
    """A PostgreSQL database migrated once per test session, copied for each test (None when unreachable)."""
    if not postgres_reachable():
        yield None
        return
    with migrated_template() as name:
        yield name


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, postgres_template: str | None) -> Iterator[str]:
    with fresh_database(backend, tmp_path, postgres_template) as url:
        yield url
