"""Migrations: upgrade and downgrade on both databases, and the schema they build matches the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from fbss.store import migrate
from fbss.store.db import make_engine
from fbss.store.models import Base
from tests.store.databases import fresh_database


def test_upgrade_builds_exactly_the_models_schema_and_downgrade_removes_it(
    backend: str, tmp_path: Path
) -> None:
    with fresh_database(backend, tmp_path, None, migrated=False) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        assert migrate.is_up_to_date(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        migrate.downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        engine.dispose()
