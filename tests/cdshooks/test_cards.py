"""Findings become cards without any rule of their own: FBSS to code, work-up, SCS changes, dose suggestions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import create_engine

from fbss.cdshooks import CdsSettings, TrustedIssuer
from fbss.cdshooks.cards import card_for
from fbss.cdshooks.models import Card, HookRequest, Source, Suggestion, summary_of
from fbss.cdshooks.services import HookCall, draft_positions, order_cards, patient_view_cards
from fbss.cdshooks.store import sql_stores
from fbss.clinical.assessment import Assessment
from fbss.clinical.case import Case
from fbss.clinical.finding import Because, Coding, Finding, Kind, Severity, Status
from fbss.clinical.sources import NICE_NG59, NICE_TA159

TODAY = dt.date(2026, 11, 2)
SETTINGS = CdsSettings(
    service_base_url="https://fbss.example.org/cds-services",
    public_base_url="https://fbss.example.org",
    trusted_issuers=(TrustedIssuer(iss="https://ehr.example.org", jwks={"keys": []}),),
)


@pytest.fixture
def call(tmp_path) -> HookCall:
    stores = sql_stores(create_engine(f"sqlite:///{tmp_path / 'cds.sqlite3'}"))
    request = HookRequest(hook="patient-view", hookInstance="h1", context={"patientId": "p1"})
    return HookCall(request, [], SETTINGS, stores.scs_state, "https://ehr.example.org", TODAY)


def _finding(code: str, kind: Kind, status: Status = Status.MET, **extra: Any) -> Finding:
    return Finding(code, kind, extra.pop("title", code), status, (NICE_NG59,), **extra)


FBSS = _finding(
    "criteria.fbss",
    Kind.CRITERIA,
    title="FBSS criteria met",
    codes=(
        Coding(
            "http://hl7.org/fhir/sid/icd-10-cm", "M96.1", "Postlaminectomy syndrome, not elsewhere classified"
        ),
    ),
)


def _assessment(*findings: Finding) -> Assessment:
    return Assessment("test", TODAY, "p1", findings)


def test_fbss_met_but_not_coded_suggests_creating_the_condition(call):
    [card] = patient_view_cards(Case(assessment_date=TODAY), _assessment(FBSS), call)
    assert card.selectionBehavior == "at-most-one"
    [action] = card.suggestions[0].actions
    assert action.type == "create"
    assert action.resource["code"]["coding"][0]["code"] == "M96.1"
    assert action.resource["subject"] == {"reference": "Patient/p1"}
    assert action.resource["verificationStatus"]["coding"][0]["code"] == "provisional"


def test_fbss_already_coded_gives_no_card(call):
    coded = Case(
        assessment_date=TODAY,
        diagnoses=[{"system": "http://snomed.info/sct", "code": "27151001", "active": True}],
    )
    assert patient_view_cards(coded, _assessment(FBSS), call) == []


def test_needed_work_up_is_one_card_listing_every_test(call):
    needed = [
        _finding("workup.ct", Kind.WORKUP, title="CT recommended", data={"state": "needed"}),
        _finding("workup.mri", Kind.WORKUP, title="MRI recommended", data={"state": "needed"}),
        _finding("workup.emg_ncs", Kind.WORKUP, title="EMG ordered", data={"state": "ordered"}),
    ]
    [card] = patient_view_cards(Case(assessment_date=TODAY), _assessment(*needed), call)
    assert card.summary == "Work-up still needed: 2 test(s) or review(s)"
    assert "- CT recommended" in card.detail
    assert "EMG" not in card.detail.split("\n\n")[0]


def test_red_flags_come_before_everything_else(call):
    flag = Finding(
        "redflag.cauda_equina",
        Kind.RED_FLAG,
        "Possible cauda equina syndrome",
        Status.MET,
        (NICE_NG59,),
        severity=Severity.EMERGENCY,
        action="Emergency MRI",
        timeframe="within 4 hours",
    )
    found = patient_view_cards(Case(assessment_date=TODAY), _assessment(flag, FBSS), call)
    assert [card.indicator for card in found] == ["critical", "info"]
    assert "within 4 hours" in found[0].detail


def test_scs_pathway_card_appears_only_when_the_state_changes(call):
    candidate = _finding("scs.candidacy", Kind.SCS, title="SCS candidate: trial may be offered")
    not_yet = _finding("scs.candidacy", Kind.SCS, Status.NOT_MET, title="Not an SCS candidate yet")
    case = Case(assessment_date=TODAY)
    assert patient_view_cards(case, _assessment(not_yet), call) == []  # first sight, nothing met: baseline
    [changed] = patient_view_cards(case, _assessment(candidate), call)
    assert changed.summary == "SCS pathway changed: SCS candidate: trial may be offered"
    assert patient_view_cards(case, _assessment(candidate), call) == []


def _draft(dose_count: int = 2) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": "draft-1",
        "status": "draft",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "483440"}]
        },
        "dosageInstruction": [
            {
                "timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
                "doseAndRate": [{"doseQuantity": {"value": dose_count}}],
            }
        ],
    }


def test_a_renal_dose_finding_on_a_draft_order_suggests_the_adjusted_dose(call):
    case = Case(
        assessment_date=TODAY,
        medications=[{"name": "pregabalin", "status": "planned", "dose_mg_per_day": 600, "doses_per_day": 2}],
    )
    positions = draft_positions(case, [_draft()], call)
    assert positions == {"medications[0]": _draft()}
    finding = Finding(
        "safety.renal_dose.pregabalin",
        Kind.SAFETY,
        "Pregabalin dose above the band for CrCl 40",
        Status.MET,
        (NICE_TA159,),
        severity=Severity.WARNING,
        because=(Because("medications[0].dose_mg_per_day", 600), Because("labs[0].value", 40)),
        data={"max_dose_mg_per_day": 300},
    )
    [card] = order_cards(_assessment(finding), positions, call)
    assert card.indicator == "warning"
    [action] = card.suggestions[0].actions
    assert action.type == "update"
    assert action.resource["id"] == "draft-1"
    assert action.resource["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 150
    assert action.resource["dosageInstruction"][0]["text"] == "300 mg per day in 2 doses"


def test_a_safety_finding_about_no_draft_order_gives_no_card(call):
    finding = _finding("safety.other", Kind.SAFETY, because=(Because("medications[3].name", "tramadol"),))
    assert order_cards(_assessment(finding), {"medications[0]": _draft()}, call) == []


def test_a_long_title_is_cut_to_a_summary_under_140_characters():
    long_title = "word " * 60
    summary = summary_of(long_title)
    assert len(summary) < 140
    assert summary.endswith("\u2026")


def test_a_card_with_suggestions_but_no_selection_behaviour_cannot_be_built():
    with pytest.raises(ValidationError):
        Card(summary="s", indicator="info", source=Source(label="fbss"), suggestions=[Suggestion(label="x")])


def test_every_card_names_its_source_with_a_url_and_offers_override_reasons():
    card = card_for(FBSS, "https://fbss.example.org/patients/p1")
    assert card.source.url == NICE_NG59.url
    assert NICE_NG59.citation[:20] in card.source.label
    assert {reason.code for reason in card.overrideReasons} >= {"already-addressed", "clinical-judgement"}
    assert card.uuid != card_for(FBSS, None).uuid
