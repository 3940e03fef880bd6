"""The embedded SQLite database runs in WAL mode with foreign keys enforced."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from fbss.store.db import Database


def test_sqlite_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'var' / 'fbss.sqlite3'}")
    with database.transaction() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "var" / "fbss.sqlite3").exists()
    database.dispose()


def test_postgres_url_without_driver_uses_psycopg() -> None:
    database = Database("postgresql://postgres@127.0.0.1:5432/test")
    assert database.engine.dialect.driver == "psycopg"
    database.dispose()
