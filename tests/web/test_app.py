"""The application factory: OpenAPI description, offline assets, and a server that refuses an unmigrated database."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fbss.web.main import NotMigrated, app_from_environment
from fbss.web.state import WEB
from tests.web.conftest import SECRET


def test_openapi_describes_the_json_api_only(anonymous: TestClient) -> None:
    document = anonymous.get("/api/openapi.json").json()
    paths = set(document["paths"])
    assert "/api/patients/{patient_id}/observations" in paths
    assert not any(path.startswith(("/patients", "/admin", "/login")) for path in paths)


def test_htmx_is_served_from_the_app_not_a_cdn(anonymous: TestClient) -> None:
    assert anonymous.get("/static/vendor/htmx.min.js").status_code == 200
    templates = "".join(path.read_text() for path in (WEB / "templates").rglob("*.html"))
    assert "https://" not in templates.replace("https://evil", "")
    assert (WEB / "static" / "vendor" / "htmx.LICENSE").exists()


def test_server_refuses_an_unmigrated_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FBSS_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    monkeypatch.setenv("FBSS_SECRET_KEY", SECRET)
    monkeypatch.delenv("FBSS_DEMO", raising=False)
    with pytest.raises(NotMigrated):
        app_from_environment()


def test_unknown_page_is_a_plain_404(anonymous: TestClient) -> None:
    answer = anonymous.get("/no/such/page", headers={"Accept": "text/html"})
    assert answer.status_code == 404
    assert "<h1>Not found</h1>" in answer.text
