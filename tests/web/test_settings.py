"""Settings: one typed class, refusing unsafe defaults, and every setting documented in docs/web.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from fbss.settings import DEMO_SECRET_KEY, Settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def test_every_setting_is_documented() -> None:
    documented = DOCS.read_text()
    missing = [name for name in Settings.model_fields if f"`FBSS_{name.upper()}`" not in documented]
    assert missing == []


def test_default_secret_is_refused_outside_demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FBSS_DEMO", raising=False)
    with pytest.raises(ValueError, match="FBSS_SECRET_KEY"):
        Settings(secret_key=DEMO_SECRET_KEY)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="32 characters"):
        Settings(secret_key="too-short")  # type: ignore[arg-type]
    assert Settings(demo=True).demo


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FBSS_DEMO", raising=False)
    monkeypatch.setenv("FBSS_DATABASE_URL", "postgresql://postgres@127.0.0.1/fbss")
    monkeypatch.setenv("FBSS_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FBSS_EMERGENCY_NUMBER", "112")
    settings = Settings()
    assert settings.database_url.startswith("postgresql")
    assert settings.emergency_number == "112"
    assert not settings.demo
