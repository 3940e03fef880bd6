"""Fresh, migrated databases for tests: a new SQLite file or a new PostgreSQL database per test.

PostgreSQL (127.0.0.1:5432, trust auth, user postgres) is used when reachable; with CI=true an unreachable
server fails the test instead of skipping it. Each PostgreSQL test database is copied from a template migrated
once per test session, then dropped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import psycopg
import pytest

from fbss.store import migrate
from fbss.store.db import make_engine

POSTGRES_ADMIN = os.environ.get("FBSS_TEST_POSTGRES", "host=127.0.0.1 port=5432 user=postgres dbname=test")
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
BACKENDS = ("sqlite", "postgresql")


@cache
def postgres_reachable() -> bool:
    try:
        with psycopg.connect(POSTGRES_ADMIN, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def require_postgres() -> None:
    if postgres_reachable():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("PostgreSQL on 127.0.0.1:5432 is required in CI and is not reachable")
    pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")


def _admin(sql: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


@contextmanager
def postgres_database(template: str | None = None) -> Iterator[str]:
    """A new, empty (or template-copied) PostgreSQL database, dropped afterwards."""
    name = f"fbss_test_{uuid.uuid4().hex[:16]}"
    _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield POSTGRES_URL.format(name=name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def migrated_template() -> Iterator[str]:
    """A migrated PostgreSQL database to copy test databases from; its name."""
    with postgres_database() as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url.rsplit("/", 1)[1]


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'fbss.sqlite3'}"


@contextmanager
def fresh_database(
    backend: str, directory: Path, template: str | None, migrated: bool = True
) -> Iterator[str]:
    """The URL of a new database of this backend, migrated to the latest revision unless told otherwise."""
    if backend == "sqlite":
        url = sqlite_url(directory)
        if migrated:
            engine = make_engine(url)
            migrate.upgrade(engine)
            engine.dispose()
        yield url
        return
    require_postgres()
    with postgres_database(template if migrated else None) as url:
        yield url
