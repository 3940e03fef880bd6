"""End to end in Chromium: the clinician records an SCS trial, the patient keeps a diary day, the chart shows it.

The app, the browser and the logins come from tests/browser/conftest.py: one Playwright per test process (a
second, imported into another package, would start inside the first one's event loop).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from fbss.web.state import Clock
from tests.browser.conftest import LiveApp, log_in

pytestmark = pytest.mark.browser


def test_patient_records_a_diary_day_and_the_clinician_sees_it_on_the_chart(
    browser: Browser,
    context: BrowserContext,
    live: LiveApp,
) -> None:
    today = Clock().today()  # the live app's clock
    start = today - dt.timedelta(days=2)

    clinician_context = browser.new_context()
    clinician = clinician_context.new_page()
    log_in(clinician, live, "dana.pain")
    clinician.goto(f"{live.url}/patients/{live.people.alice}")
    clinician.locator("#scs summary", has_text="Record the trial").click()
    clinician.get_by_label("Start").fill(start.isoformat())
    clinician.get_by_label("End", exact=True).fill((start + dt.timedelta(days=7)).isoformat())
    clinician.get_by_label("Baseline back pain (0-10)").fill("4")
    clinician.get_by_label("Baseline leg pain (0-10)").fill("8")
    clinician.get_by_role("button", name="Save the trial").click()
    expect(clinician.locator("#scs")).to_contain_text(f"From {start.isoformat()}")

    patient = context.new_page()
    log_in(patient, live, "alice")
    patient.get_by_role("link", name="My SCS trial diary").click()
    expect(patient.get_by_role("heading", name="Today's entry")).to_be_visible()
    expect(patient.get_by_label("Date")).to_have_value(today.isoformat())
    patient.get_by_label(re.compile("^Back pain that day")).fill("3")
    patient.get_by_label(re.compile("^Leg pain that day")).fill("2")
    patient.get_by_label("Minutes up and active that day").fill("95")
    patient.get_by_label("Doses of pain relief taken that day").fill("1")
    patient.get_by_label("Hours of sleep the night before").fill("7")
    patient.get_by_role("button", name="Save the entry").click()
    expect(patient.get_by_role("status")).to_contain_text("your diary was saved")
    expect(patient.locator("table.diary")).to_contain_text(today.isoformat())

    clinician.reload()
    scs = clinician.locator("#scs")
    row = scs.locator("table.diary tr", has_text=today.isoformat())
    expect(row).to_contain_text("95")
    expect(scs.locator("svg[role=img] title").first).to_contain_text("Daily back and leg pain")
    expect(scs.locator("svg circle")).to_have_count(1)
    clinician_context.close()
