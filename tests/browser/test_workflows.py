"""End to end in Chromium: a patient's urgent answer reaches the clinician first; referrals, tasks, access, conflicts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import PHONE, LiveApp, log_in

pytestmark = pytest.mark.browser


def _patient_reports_cauda_equina_symptoms(page: Page, live: LiveApp) -> None:
    log_in(page, live, "alice")
    page.get_by_role("link", name=re.compile("Where it hurts")).click()
    page.get_by_label("My back").check()
    page.get_by_label("Back pain on average this week").fill("7")
    page.locator("#flag_saddle_anaesthesia_yes").check()
    page.locator("#flag_bladder_dysfunction_yes").check()
    page.get_by_label(re.compile("when did it start")).select_option("new")
    page.get_by_role("button", name="Send to my care team").click()


def test_cauda_equina_answer_shows_emergency_guidance_and_reaches_the_clinician_first(
    browser: Browser, context: BrowserContext, live: LiveApp
) -> None:
    patient = context.new_page()
    _patient_reports_cauda_equina_symptoms(patient, live)
    expect(patient.get_by_role("heading", name="Get emergency help now")).to_be_visible()
    expect(patient.get_by_text("Call 911")).to_be_visible()
    expect(patient.get_by_text("Suspected cauda equina syndrome")).to_be_visible()

    clinician_context = browser.new_context()
    clinician = clinician_context.new_page()
    log_in(clinician, live, "dana.pain")
    clinician.get_by_label("Open red flag or alert").check()
    expect(clinician.locator("table.patients")).to_contain_text("Alice Example")
    clinician.get_by_role("link", name="Alice Example").click()
    red_flags = clinician.locator("#red-flags")
    expect(red_flags).to_contain_text("Suspected cauda equina syndrome")
    expect(red_flags).to_contain_text("New from the patient's answers")
    flag_top = red_flags.bounding_box()
    assessment_top = clinician.locator("#assessment").bounding_box()
    assert flag_top is not None
    assert assessment_top is not None
    assert flag_top["y"] < assessment_top["y"]
    assert clinician.locator("main section").first.get_attribute("id") == "red-flags"

    # a referral, with htmx swapping the care-team section
    clinician.locator("#team summary", has_text="Refer").click()
    clinician.get_by_label("To specialty").select_option("neurological_surgery")
    clinician.get_by_label("Reason").fill(
        "Emergency MRI requested; surgical opinion on cauda equina compression"
    )
    clinician.get_by_role("button", name="Send referral").click()
    expect(clinician.locator("#team")).to_contain_text("Emergency MRI requested")

    # a task, then done
    clinician.locator("#tasks summary", has_text="New task").click()
    clinician.get_by_label("Task", exact=True).fill("Confirm the patient reached the emergency department")
    clinician.get_by_role("button", name="Add task").click()
    task = clinician.locator("#tasks li.task", has_text="Confirm the patient reached")
    expect(task).to_be_visible()
    task.get_by_role("button", name="Mark done").click()
    expect(clinician.locator("#tasks li.task.done", has_text="Confirm the patient reached")).to_contain_text(
        "done"
    )
    clinician_context.close()


def test_patient_typing_another_patients_address_gets_404(context: BrowserContext, live: LiveApp) -> None:
    page = context.new_page()
    log_in(page, live, "alice")
    for path in (f"/patients/{live.people.bob}/portal", f"/patients/{live.people.bob}"):
        response = page.goto(f"{live.url}{path}")
        assert response is not None
        assert response.status == 404
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_stale_edit_from_a_second_tab_gets_the_conflict_message(
    context: BrowserContext, live: LiveApp
) -> None:
    first = context.new_page()
    log_in(first, live, "dana.pain")
    first.goto(f"{live.url}/patients/{live.people.alice}")
    first.locator("#tasks summary", has_text="New task").click()
    first.get_by_label("Task", exact=True).fill("Call the patient")
    first.get_by_role("button", name="Add task").click()
    expect(first.locator("#tasks li.task", has_text="Call the patient")).to_be_visible()

    second = context.new_page()  # a second tab, same session, opened before the first tab's edit
    second.goto(f"{live.url}/patients/{live.people.alice}")
    for tab, title in ((first, "Call the patient today"), (second, "Call the patient tomorrow")):
        task = tab.locator("#tasks li.task", has_text="Call the patient")
        task.locator("summary", has_text="Edit").click()
        task.get_by_label("Task").fill(title)
        task.get_by_role("button", name="Save task").click()
        if tab is first:
            expect(first.locator("#tasks")).to_contain_text("Call the patient today")
    expect(second.locator("#tasks .problem")).to_contain_text(
        "Someone else changed this record after you opened it"
    )
    second.reload()
    expect(second.locator("#tasks")).to_contain_text("Call the patient today")


def test_pages_fit_a_phone_screen(browser: Browser, live: LiveApp) -> None:
    phone = browser.new_context(viewport=PHONE, is_mobile=True)
    page = phone.new_page()
    log_in(page, live, "dana.pain")
    for path in ("/patients", f"/patients/{live.people.alice}"):
        page.goto(f"{live.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"
    phone.close()


def test_login_and_navigation_work_with_the_keyboard(context: BrowserContext, live: LiveApp) -> None:
    page = context.new_page()
    page.goto(f"{live.url}/login")
    assert page.evaluate("document.activeElement.id") == "username"  # the form takes focus
    page.keyboard.type("dana.pain")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My patients")).to_be_visible()
    page.get_by_label("Search name or record number").focus()
    page.keyboard.type("Alice")
    expect(page.locator("#patient-results")).to_contain_text("Alice Example")


def test_folded_findings_open_and_close_with_the_keyboard(context: BrowserContext, live: LiveApp) -> None:
    page = context.new_page()
    log_in(page, live, "dana.pain")
    page.goto(f"{live.url}/patients/{live.people.alice}")
    expect(page.locator("#summary")).to_be_visible()
    folded = page.locator("#assessment details.folded").first
    card = folded.locator("details.finding").first
    expect(card).to_be_hidden()
    folded.locator("> summary").focus()
    page.keyboard.press("Enter")
    expect(folded).to_have_attribute("open", "")
    expect(card).to_be_visible()
    card.locator("> summary").focus()
    page.keyboard.press("Space")
    expect(card.locator(".finding-body")).to_contain_text("Sources")
    folded.locator("> summary").focus()
    page.keyboard.press("Enter")
    expect(card).to_be_hidden()
