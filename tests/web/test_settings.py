"""Settings: one typed class, refusing unsafe defaults, and every setting documented in docs/web.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fbss.settings import DEMO_SECRET_KEY, Settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"


SETTING_ROW = re.compile(r"^\| `FBSS_(\w+)` \| (.*?) \|", re.MULTILINE)


def _documented_defaults() -> dict[str, str]:
    """The settings table of docs/web.md: field name -> its Default cell."""
    return {name.lower(): default for name, default in SETTING_ROW.findall(DOCS.read_text())}


def _as_documented(default: object) -> str | None:
    """How the table writes a default; None where it says it in words (a secret, a long text)."""
    if default is None:
        return "unset"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, int | float):
        return f"`{default:g}`"
    if isinstance(default, str) and len(default) <= 40:
        return f"`{default}`"
    return None


def test_every_setting_is_documented() -> None:
    documented = DOCS.read_text()
    missing = [name for name in Settings.model_fields if f"`FBSS_{name.upper()}`" not in documented]
    assert missing == []


def test_the_settings_table_names_only_real_settings_with_their_defaults() -> None:
    table = _documented_defaults()
    assert sorted(table) == sorted(Settings.model_fields)
    for name, field in Settings.model_fields.items():
        expected = _as_documented(field.default)
        if expected is not None:
            assert table[name] == expected, name


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
