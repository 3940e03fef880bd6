"""Browser fixtures: the app served by uvicorn in a thread on a fresh SQLite database, driven by Debian's
Chromium through Playwright (never a downloaded browser). Without Chromium the tests skip, except in CI."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from fbss.store.models import Specialty
from fbss.web.app import create_app
from tests.store.databases import fresh_database
from tests.store.factories import PASSWORD, admin, clinician, on_team, patient, patient_account
from tests.web.conftest import People, test_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium (/usr/bin/chromium) is required in CI")
        pytest.skip("Chromium is not installed")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveApp:
    url: str
    people: People


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveApp]:
    """The whole app on a real port, with Alice, Bob, Dana, Sam and an admin."""

    with fresh_database("sqlite", tmp_path, None) as url:
        app = create_app(test_settings(url))
        state = app.state.web
        with state.database.transaction() as session:
            alice, bob = patient(session, "A-1", "Alice Example"), patient(session, "B-1", "Bob Example")
            dana = clinician(session, state.hasher, "dana.pain", Specialty.PAIN_MANAGEMENT)
            sam = clinician(session, state.hasher, "sam.spine", Specialty.NEUROLOGICAL_SURGERY)
            on_team(session, alice, dana)
            patient_account(session, state.hasher, alice, "alice")
            patient_account(session, state.hasher, bob, "bob")
            people = People(alice.id, bob.id, dana.id, sam.id, admin(session, state.hasher, "ada.admin").id)
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "the live server did not start"
        yield LiveApp(f"http://127.0.0.1:{port}", people)
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def log_in(page: Page, live: LiveApp, username: str) -> None:
    """Log in through the form, with the keyboard."""
    page.goto(f"{live.url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()
