"""The database commands: migrate, backup, restore, audit verify, users create."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from fbss.cli import app
from fbss.store import audit
from fbss.store.audit import AuditEvent, Outcome
from fbss.store.db import Database
from tests.store.conftest import NOW

SECRET = "cli-test-secret-0123456789abcdefghijkl"


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FBSS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("FBSS_SECRET_KEY", SECRET)
    monkeypatch.setenv("FBSS_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("FBSS_ARGON2_MEMORY_KIB", "8")
    monkeypatch.delenv("FBSS_DEMO", raising=False)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.output


def test_migrate_create_user_backup_restore_and_verify(
    environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("db", "migrate")[0] == 0
    assert "(latest)" in run("db", "current")[1]
    code, output = run(
        "users", "create", "--username", "ada.admin", "--role", "admin", "--display-name", "Ada", "--password-stdin",
        stdin="a long admin password\n",
    )  # fmt: skip
    assert code == 0, output
    assert "ada.admin" in run("users", "list")[1]
    database = Database(f"sqlite:///{environment / 'cli.sqlite3'}")
    with database.transaction() as session:
        audit.append(
            session, SECRET.encode(), AuditEvent("login", "session", Outcome.OK, 1, "ada.admin", "admin"), NOW
        )
    database.dispose()
    assert run("audit", "verify") == (0, "audit log intact: 1 entries\n")
    assert run("backup", str(environment / "backup.gz"))[0] == 0
    monkeypatch.setenv("FBSS_DATABASE_URL", f"sqlite:///{environment / 'restored.sqlite3'}")
    code, output = run("restore", str(environment / "backup.gz"))
    assert code == 0, output
    assert "ada.admin" in run("users", "list")[1]
    assert run("audit", "verify")[0] == 0
    assert run("restore", str(environment / "backup.gz"))[0] == 1  # not into a database that has data


def test_audit_verify_fails_on_an_edited_entry(environment: Path) -> None:
    run("db", "migrate")
    database = Database(f"sqlite:///{environment / 'cli.sqlite3'}")
    with database.transaction() as session:
        for _ in range(3):
            audit.append(
                session,
                SECRET.encode(),
                AuditEvent("read", "chart", Outcome.OK, 1, "dana", "clinician", 7),
                NOW,
            )
    with database.transaction() as session:
        session.execute(text("DROP TRIGGER audit_log_no_update"))
        session.execute(text("UPDATE audit_log SET patient_id = 8 WHERE id = 2"))
    database.dispose()
    code, output = run("audit", "verify")
    assert code == 1
    assert "entry 2" in output


def test_downgrade_to_base_empties_the_database(environment: Path) -> None:
    run("db", "migrate")
    assert run("db", "downgrade", "base")[1].startswith("database at revision base")


def test_serve_refuses_the_default_secret_outside_demo_mode(
    monkeypatch: pytest.MonkeyPatch, environment: Path
) -> None:
    from fbss.settings import Settings

    monkeypatch.delenv("FBSS_SECRET_KEY")
    with pytest.raises(ValueError, match="FBSS_SECRET_KEY"):
        Settings()
    monkeypatch.setenv("FBSS_DEMO", "true")
    assert Settings().demo


def test_serve_demo_prints_the_accounts_of_an_already_filled_database(
    environment: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fbss.cli.serve_cmd import prepare_demo

    monkeypatch.setenv("FBSS_DEMO", "true")
    prepare_demo()
    first = capsys.readouterr().out
    prepare_demo()
    again = capsys.readouterr().out
    assert "already has patients" in again

    def usernames(output: str) -> list[str]:
        return [line.split()[0] for line in output.splitlines() if line.startswith("  ")]

    assert usernames(again) == usernames(first)
    assert {"dr.pain", "admin", "patient1"} <= set(usernames(again))
