"""Database commands: `fbss db migrate|downgrade|current`, `fbss backup`, `fbss restore`, `fbss audit verify`,
`fbss users create|list`. They read FBSS_DATABASE_URL (and FBSS_SECRET_KEY where the audit chain needs it)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from fbss.settings import DatabaseSettings, Settings
from fbss.store.db import Database


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="Schema migrations (Alembic, shipped inside the package).", no_args_is_help=True)
    db.command("migrate")(migrate)
    db.command("downgrade")(downgrade)
    db.command("current")(current)
    app.add_typer(db, name="db")
    app.command("backup")(backup)
    app.command("restore")(restore)
    audit = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    audit.command("verify")(verify)
    app.add_typer(audit, name="audit")
    users = typer.Typer(help="Accounts (the web admin page does the same).", no_args_is_help=True)
    users.command("create")(create_user)
    users.command("list")(list_users)
    app.add_typer(users, name="users")


def _database() -> Database:
    return Database(DatabaseSettings().database_url)


def migrate(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply schema migrations up to REVISION (default: the latest)."""
    from fbss.store import migrate as migrations

    database = _database()
    migrations.upgrade(database.engine, revision)
    typer.echo(f"database at revision {migrations.current_revision(database.engine)}")
    database.dispose()


def downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision; base removes every table")] = "-1",
) -> None:
    """Undo schema migrations down to REVISION (default: one step)."""
    from fbss.store import migrate as migrations

    database = _database()
    migrations.downgrade(database.engine, revision)
    typer.echo(f"database at revision {migrations.current_revision(database.engine) or 'base (empty)'}")
    database.dispose()


def current() -> None:
    """Print the database's schema revision and whether it is the latest."""
    from fbss.store import migrate as migrations

    database = _database()
    revision = migrations.current_revision(database.engine)
    latest = migrations.head_revision(database.engine)
    typer.echo(
        f"{revision or 'base (empty)'}{' (latest)' if revision == latest else f' (latest is {latest})'}"
    )
    database.dispose()


def backup(file: Annotated[Path, typer.Argument(help="Backup file to write (gzipped JSON lines)")]) -> None:
    """Write every row of the database to FILE; `fbss restore FILE` reads it back (SQLite or PostgreSQL)."""
    from fbss.store.backup import backup as write_backup

    database = _database()
    counts = write_backup(database.engine, file)
    database.dispose()
    typer.echo(f"backed up {sum(counts.values())} rows of {len(counts)} tables to {file}")


def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `fbss backup`", exists=True)],
) -> None:
    """Load FILE into an empty database (it is migrated first); refuses a database that has data."""
    from fbss.store import migrate as migrations
    from fbss.store.backup import BackupError, read_header
    from fbss.store.backup import restore as read_backup

    database = _database()
    try:
        migrations.upgrade(database.engine, read_header(file)["revision"] or "head")
        counts = read_backup(database.engine, file)
    except BackupError as error:
        typer.echo(f"fbss restore: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    typer.echo(f"restored {sum(counts.values())} rows of {len(counts)} tables from {file}")


def verify() -> None:
    """Check the audit log's hash chain; exit 1 naming the first entry that was changed, removed or inserted."""
    from fbss.store import audit

    settings = Settings()
    database = Database(settings.database_url)
    with database.transaction() as session:
        result = audit.verify(session, settings.secret_key.get_secret_value().encode())
    database.dispose()
    if result.ok:
        typer.echo(f"audit log intact: {result.checked} entries")
        return
    typer.echo(
        f"audit log BROKEN at entry {result.first_bad_id}: {result.problem} ({result.checked} entries intact before it)",
        err=True,
    )
    raise typer.Exit(1)


def create_user(
    username: Annotated[str, typer.Option(help="Login name (lower case)")],
    role: Annotated[str, typer.Option(help="patient, clinician or admin")],
    display_name: Annotated[str, typer.Option(help="Name shown to others")],
    specialty: Annotated[str | None, typer.Option(help="For clinicians: e.g. pain_management")] = None,
    patient_id: Annotated[int | None, typer.Option(help="For patients: their record's id")] = None,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input")] = False,
) -> None:
    """Create an account (the password is prompted for, or read from stdin)."""
    from fbss.store.accounts import NewUser, make_hasher
    from fbss.store.accounts import create_user as add_user
    from fbss.store.errors import Invalid
    from fbss.store.models import Role, Specialty

    settings = Settings()
    password = (
        sys.stdin.readline().rstrip("\n")
        if password_stdin
        else typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    )
    try:
        new = NewUser(
            username,
            password,
            Role(role),
            display_name,
            Specialty(specialty) if specialty else None,
            patient_id,
        )
    except ValueError as error:
        typer.echo(f"fbss users create: {error}", err=True)
        raise typer.Exit(2) from None
    hasher = make_hasher(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)
    database = Database(settings.database_url)
    try:
        with database.transaction() as session:
            user = add_user(session, hasher, new, settings.password_min_length)
            typer.echo(f"created {user.role} {user.username} (id {user.id})")
    except Invalid as error:
        typer.echo(f"fbss users create: {error}", err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()


def list_users() -> None:
    """List accounts: id, username, role, specialty, active."""
    from fbss.store.accounts import list_users as all_users

    database = _database()
    with database.transaction() as session:
        for user in all_users(session):
            state = "active" if user.active else "inactive"
            typer.echo(f"{user.id:>5}  {user.username:<20} {user.role:<9} {user.specialty or '':<22} {state}")
    database.dispose()
