"""`fbss serve`: run the web application (with `--demo`: an embedded SQLite database full of demo patients)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fbss.store.demo import DemoLogin

DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8000


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = DEMO_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on", min=1, max=65535)] = DEMO_PORT,
    workers: Annotated[int, typer.Option(help="Worker processes (use 1 with SQLite)", min=1, max=64)] = 1,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Migrate, load demo patients if the database is empty, print logins"),
    ] = False,
    proxy_headers: Annotated[
        bool, typer.Option(help="Trust X-Forwarded-* from --forwarded-allow-ips (behind a TLS proxy)")
    ] = False,
    forwarded_allow_ips: Annotated[str, typer.Option(help="Proxies trusted for X-Forwarded-*")] = "127.0.0.1",
) -> None:
    """Serve the clinician workspace, the patient portal and the JSON API (FBSS_* settings, docs/web.md)."""
    import uvicorn

    if demo:
        os.environ["FBSS_DEMO"] = "true"
        prepare_demo()
    typer.echo(f"fbss: serving on http://{host}:{port} (Ctrl-C to stop)")
    uvicorn.run(
        "fbss.web.main:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
        access_log=False,  # URLs hold record ids; the audit log is the record of access
    )


def prepare_demo() -> None:
    """Migrate the database, load the demo patients when it is empty, and print the demo logins."""
    from fbss.settings import Settings
    from fbss.store.accounts import make_hasher
    from fbss.store.db import Database
    from fbss.store.demo import DEMO_PASSWORD, is_empty, load_demo
    from fbss.store.migrate import upgrade
    from fbss.web.state import Clock

    settings = Settings()
    database = Database(settings.database_url)
    upgrade(database.engine)
    with database.transaction() as session:
        if not is_empty(session):
            typer.echo("fbss: the demo database already has patients; its accounts:")
            _print_logins(existing_logins(session), DEMO_PASSWORD)
            database.dispose()
            return
        typer.echo("fbss: loading synthetic demo patients ...")
        hasher = make_hasher(
            settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
        )
        logins = load_demo(session, hasher, Clock().today())
    database.dispose()
    _print_logins(logins, DEMO_PASSWORD)


def existing_logins(session: Session) -> list[DemoLogin]:
    """The accounts of an already filled demo database, by role (patients in the order they were made)."""
    from fbss.store.accounts import list_users
    from fbss.store.demo import DemoLogin

    users = sorted(list_users(session), key=lambda user: (user.role != "clinician", user.id))
    return [DemoLogin(user.username, user.role, user.display_name) for user in users]


def _print_logins(logins: list[DemoLogin], password: str) -> None:
    typer.echo(f"\nDemo logins (password for all: {password}) - synthetic data only:")
    for login in logins:
        typer.echo(f"  {login.username:<10} {login.role:<9} {login.who}")
    typer.echo("")
