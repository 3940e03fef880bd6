"""Migration 0002 (FHIR identities, export jobs and chunks, CDS Hooks state): upgrade from 0001 keeps the data
and adds the tables; downgrade to 0001 removes them and keeps the rest (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import inspect, text

from fbss.store import migrate
from fbss.store.db import make_engine
from tests.store.databases import fresh_database

NEW_TABLES = {
    "fhir_identities",
    "fhir_export_jobs",
    "fhir_export_chunks",
    "cds_seen_jti",
    "cds_feedback",
    "cds_scs_state",
}
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def test_upgrade_from_0001_adds_the_tables_and_downgrade_removes_them_keeping_the_data(
    backend: str, tmp_path: Path
) -> None:
    with fresh_database(backend, tmp_path, None, migrated=False) as url:
        engine = make_engine(url)
        migrate.upgrade(engine, "0001")
        assert NEW_TABLES.isdisjoint(inspect(engine).get_table_names())
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO patients (mrn, display_name, created_at, updated_at, version) "
                    "VALUES ('M-1', 'Kept Example', :now, :now, 1)"
                ),
                {"now": NOW},
            )
        migrate.upgrade(engine)
        assert migrate.is_up_to_date(engine)
        assert set(inspect(engine).get_table_names()) >= NEW_TABLES
        with engine.begin() as connection:
            patient_id = connection.execute(text("SELECT id FROM patients WHERE mrn = 'M-1'")).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO fhir_identities (patient_id, key, created_at, updated_at, version) "
                    "VALUES (:patient, 'Patient/ehr-1', :now, :now, 1)"
                ),
                {"patient": patient_id, "now": NOW},
            )
            connection.execute(
                text("INSERT INTO cds_scs_state (patient_key, state) VALUES ('iss|p', :state)"),
                {"state": "x" * 1000},
            )
        migrate.downgrade(engine, "0001")
        assert migrate.current_revision(engine) == "0001"
        assert NEW_TABLES.isdisjoint(inspect(engine).get_table_names())
        with engine.connect() as connection:
            kept = connection.execute(text("SELECT display_name FROM patients")).scalars().all()
        assert kept == ["Kept Example"]
        migrate.upgrade(engine)
        assert migrate.is_up_to_date(engine)
        engine.dispose()
