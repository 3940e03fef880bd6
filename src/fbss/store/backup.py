"""Backup and restore as a portable, gzipped JSON-lines file (SQLite and PostgreSQL read each other's backups).

The first line names the format, the schema revision and the row counts; then one line per row, tables in
foreign-key order. Restore needs an empty database migrated to the same revision, and runs in one
transaction, so a failed restore leaves nothing behind. The audit log is copied byte for byte, so its hash
chain still verifies after a restore.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Date, DateTime, Engine, Integer, LargeBinary, Table, func, insert, select, text

from fbss.store.migrate import current_revision
from fbss.store.models import Base

FORMAT = "fbss-backup"
FORMAT_VERSION = 1
BATCH = 1000


class BackupError(Exception):
    """A backup file that cannot be restored here (wrong format, other revision, non-empty database)."""


def tables() -> list[Table]:
    """Every table, parents before children."""
    return list(Base.metadata.sorted_tables)


def backup(engine: Engine, path: Path) -> dict[str, int]:
    """Write every row to `path`; returns the row count per table."""
    counts: dict[str, int] = {}
    revision = current_revision(engine)
    with engine.connect() as connection, gzip.open(path, "wb") as out:
        for table in tables():
            counts[str(table.name)] = connection.scalar(select(func.count()).select_from(table)) or 0
        header = {"format": FORMAT, "version": FORMAT_VERSION, "revision": revision, "counts": counts}
        out.write(orjson.dumps(header) + b"\n")
        for table in tables():
            for row in connection.execute(select(table).order_by(*table.primary_key.columns)).mappings():
                record = {str(column): value for column, value in row.items()}
                out.write(orjson.dumps({"t": str(table.name), "r": record}, default=_encode) + b"\n")
    return counts


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def read_header(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rb") as source:
        header: dict[str, Any] = orjson.loads(source.readline())
    if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
        raise BackupError(f"{path} is not an fbss backup")
    return header


def restore(engine: Engine, path: Path) -> dict[str, int]:
    """Load a backup into an empty database at the same schema revision; returns the rows restored per table."""
    header = read_header(path)
    revision = current_revision(engine)
    if header["revision"] != revision:
        raise BackupError(
            f"the backup is at schema revision {header['revision']}, the database at {revision}"
        )
    by_name = {table.name: table for table in tables()}
    restored = dict.fromkeys(by_name, 0)
    with engine.begin() as connection:
        _require_empty(connection, by_name)
        for name, rows in _batches(path):
            connection.execute(insert(by_name[name]), [_decode(by_name[name], row) for row in rows])
            restored[name] += len(rows)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, by_name.values())
    if restored != {name: header["counts"].get(name, 0) for name in by_name}:
        raise BackupError("the backup is incomplete: row counts differ from its header")
    return restored


def _require_empty(connection: Any, by_name: dict[str, Table]) -> None:
    # The migration seeds the audit chain's head row; the backup brings its own.
    connection.execute(by_name["audit_head"].delete())
    for table in by_name.values():
        if connection.scalar(select(func.count()).select_from(table)):
            raise BackupError(
                f"the database is not empty (table {table.name} has rows); restore into a new one"
            )


def _batches(path: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    with gzip.open(path, "rb") as source:
        source.readline()
        name, rows = "", list[dict[str, Any]]()
        for line in source:
            item = orjson.loads(line)
            if (item["t"] != name and rows) or len(rows) >= BATCH:
                yield name, rows
                rows = []
            name = item["t"]
            rows.append(item["r"])
        if rows:
            yield name, rows


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(row)
    for column in table.columns:
        value = decoded.get(column.name)
        if value is None:
            continue
        if isinstance(column.type, DateTime) or isinstance(getattr(column.type, "impl", None), DateTime):
            decoded[column.name] = dt.datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            decoded[column.name] = dt.date.fromisoformat(value)
        elif isinstance(column.type, LargeBinary):
            decoded[column.name] = base64.b64decode(value)
    return decoded


def _reset_sequences(connection: Any, all_tables: Any) -> None:
    """Move each PostgreSQL id sequence past the restored rows (ids were inserted explicitly)."""
    for table in all_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        sequence = connection.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": key[0].name},
        )
        if sequence is None:
            continue
        highest = connection.scalar(select(func.max(key[0]))) or 0
        connection.execute(
            text("SELECT setval(:sequence, :value, false)"), {"sequence": sequence, "value": highest + 1}
        )
