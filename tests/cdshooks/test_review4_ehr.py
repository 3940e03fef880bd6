"""Outside review (session 4): the CDS Hooks service called as an EHR integrator would call it.

The patient records here are plain EHR-style FHIR R4 (Patient with birthDate and gender, LOINC lab and vital-sign
Observations, RxNorm-coded MedicationRequests, site-coded ServiceRequests), not fbss's own export, except where
a whole FBSS work-up is needed (patient-view), which reuses the project's rich synthetic case. All data is
synthetic. Each test names the source of its expectation:

- CDS Hooks 2.0.1: https://cds-hooks.hl7.org/2.0/ (Card, Suggestion, Action, Feedback, prefetch, hooks
  order-sign 1.0 https://cds-hooks.org/hooks/order-sign/ and order-select https://cds-hooks.org/hooks/order-select/)
- FHIR R4: https://hl7.org/fhir/R4/ (Bundle.entry.search.mode, Timing.code, MedicationRequest)
- the project's fact sheet ../shared/clinical/treatment-safety.md and diagnosis-instruments-codes.md
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from fbss.clinical.case import Case
from fbss.clinical.planning.safety.renal import label_regimen
from fbss.fhir.export import case_resources
from fbss.fhir.schema import errors as r4_schema_errors
from tests.cdshooks.conftest import (
    FHIR_TOKEN,
    Server,
    hook_request,
    prefetch_of,
    serve_cds,
)
from tests.fhir.conftest import RICH_CASE

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SITE = "urn:site:orders"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def ehr_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service as a site would configure it: its own order codes for an ESI and an SCS trial
    (docs/cdshooks.md: no verified SNOMED or CPT code exists for either, so sites map their own)."""
    codes = {f"{SITE}|ESI-IL": "esi_interlaminar", f"{SITE}|SCS-TRIAL": "scs_trial"}
    yield from serve_cds(tmp_path_factory.mktemp("review4"), codes)


# ---- plain EHR-style FHIR R4 ------------------------------------------------------------------------------


def _days_ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


def _patient(pid: str, age: int, gender: str) -> dict[str, Any]:
    born = dt.date(TODAY.year - age, 1, 1)  # birthday already passed this year: exactly `age` years
    return {"resourceType": "Patient", "id": pid, "gender": gender, "birthDate": born.isoformat()}


def _observation(
    pid: str, oid: str, loinc: str, value: float, unit: str, vital: bool = False
) -> dict[str, Any]:
    category = "vital-signs" if vital else "laboratory"
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "category": [
            {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": category}
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "subject": {"reference": f"Patient/{pid}"},
        "effectiveDateTime": _days_ago(10),
        "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
    }


def _weight(pid: str, kg: float) -> dict[str, Any]:
    # LOINC 29463-7 body weight (FHIR R4 vital signs profile, docs/fhir.md "Writing")
    return _observation(pid, f"{pid}-wt", "29463-7", kg, "kg", vital=True)


def _creatinine(pid: str, mg_dl: float) -> dict[str, Any]:
    # LOINC 2160-0: diagnosis-instruments-codes.md §2.5 [V]
    return _observation(pid, f"{pid}-cr", "2160-0", mg_dl, "mg/dL")


def _egfr(pid: str, value: float) -> dict[str, Any]:
    # LOINC 98979-8 (CKD-EPI 2021): diagnosis-instruments-codes.md §2.5 [V]
    return _observation(pid, f"{pid}-egfr", "98979-8", value, "mL/min/{1.73_m2}")


def _active_med(pid: str, mid: str, rxcui: str, display: str) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": mid,
        "status": "active",
        "intent": "order",
        "subject": {"reference": f"Patient/{pid}"},
        "authoredOn": _days_ago(60),
        "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": rxcui, "display": display}]},
    }


def _tid(count: float) -> dict[str, Any]:
    return {
        "text": f"take {count:g} capsule(s) by mouth three times a day",
        "timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
        "route": {"text": "oral"},
        "doseAndRate": [{"doseQuantity": {"value": count, "unit": "capsule"}}],
    }


def _draft_med(pid: str, mid: str, medication: dict[str, Any], dosage: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": mid,
        "status": "draft",
        "intent": "order",
        "subject": {"reference": f"Patient/{pid}"},
        "authoredOn": TODAY.isoformat(),
        **medication,
        "dosageInstruction": [dosage],
    }


# gabapentin 300 MG Oral Capsule = RxNorm SCD 310431, pregabalin 150 MG Oral Capsule = 483440:
# diagnosis-instruments-codes.md §2.6 [V] (VSAC 2.16.840.1.113762.1.4.1021.73)
GABAPENTIN_300 = {
    "medicationCodeableConcept": {
        "coding": [{"system": RXNORM, "code": "310431", "display": "gabapentin 300 MG Oral Capsule"}],
        "text": "gabapentin 300 MG Oral Capsule",
    }
}
PREGABALIN_150 = {
    "medicationCodeableConcept": {
        "coding": [{"system": RXNORM, "code": "483440", "display": "pregabalin 150 MG Oral Capsule"}],
        "text": "pregabalin 150 MG Oral Capsule",
    }
}


def _service_request(pid: str, sid: str, code: str, display: str, days_ahead: int = 14) -> dict[str, Any]:
    return {
        "resourceType": "ServiceRequest",
        "id": sid,
        "status": "draft",
        "intent": "order",
        "subject": {"reference": f"Patient/{pid}"},
        "code": {"coding": [{"system": SITE, "code": code, "display": display}], "text": display},
        "occurrenceDateTime": (TODAY + dt.timedelta(days=days_ahead)).isoformat(),
    }


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    # order-sign / order-select context.draftOrders: "R4 - FHIR Bundle" (CDS Hooks order-sign 1.0)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r} for r in resources],
    }


def _order_sign(server: Server, pid: str, record: list[dict[str, Any]], *drafts: dict[str, Any]) -> dict:
    body = hook_request(
        "order-sign", pid, prefetch_of(record, pid), context={"draftOrders": _bundle(*drafts)}
    )
    response = server.post("/fbss-order-sign", body)
    assert response.status_code == 200, response.text
    cards = response.json()
    _assert_cds_hooks_201(cards)
    return cards


def _assert_cds_hooks_201(body: dict[str, Any]) -> None:
    """Card, Suggestion, Action and Link rules of CDS Hooks 2.0.1 (https://cds-hooks.hl7.org/2.0/#card-attributes)."""
    assert set(body) >= {"cards"}
    for card in body["cards"]:
        assert UUID.match(card["uuid"])
        assert 0 < len(card["summary"]) < 140
        assert card["indicator"] in ("info", "warning", "critical")
        assert card["source"]["label"]
        if "url" in card["source"]:
            assert card["source"]["url"].startswith(("http://", "https://"))
        for reason in card.get("overrideReasons", []):
            assert reason["code"]
            assert reason["display"]  # "MUST populate a display value for each reason"
        for link in card.get("links", []):
            assert link["label"]
            assert link["url"]
            assert link["type"] in ("absolute", "smart")
        if card.get("suggestions"):
            assert card["selectionBehavior"] in ("at-most-one", "any")  # MUST when there are suggestions
            for suggestion in card["suggestions"]:
                assert suggestion["label"]
                assert UUID.match(suggestion["uuid"])
                for action in suggestion.get("actions", []):
                    assert action["type"] in ("create", "update", "delete")
                    assert action["description"]
                    if action["type"] in ("create", "update"):
                        assert not r4_schema_errors(action["resource"]), r4_schema_errors(action["resource"])
                    else:
                        assert action["resourceId"]


def _text(card: dict[str, Any]) -> str:
    return (card["summary"] + " " + card.get("detail", "")).lower()


def _cards_naming(body: dict[str, Any], *words: str) -> list[dict[str, Any]]:
    return [c for c in body["cards"] if all(w in _text(c) for w in words)]


def _renal_patient(pid: str, age: int = 72, kg: float = 70, creatinine: float = 2.0) -> list[dict[str, Any]]:
    # Cockcroft-Gault, treatment-safety.md §3.5: (140 - 72) x 70 / (72 x 2.0) = 33.1 mL/min (male)
    return [_patient(pid, age, "male"), _weight(pid, kg), _creatinine(pid, creatinine)]


def _daily_mg(resource: dict[str, Any], strength_mg: float) -> float:
    dosage = resource["dosageInstruction"][0]
    dose = dosage["doseAndRate"][0]["doseQuantity"]
    per_dose = dose["value"] if dose.get("unit") == "mg" else dose["value"] * strength_mg
    repeat = dosage["timing"]["repeat"]
    return float(per_dose * repeat["frequency"] / repeat.get("period", 1))


# ---- order-sign: renal dosing -------------------------------------------------------------------------------


def test_gabapentin_capsules_tid_above_the_crcl_band_get_an_update_from_creatinine_weight_and_age(ehr_server):
    # Source: treatment-safety.md §3.2 (Neurontin label Table 1 [S+]): CrCl > 30-59 -> 400-1400 mg/day;
    # §3.5 Cockcroft-Gault; docs/cdshooks.md (update of the draft with the daily dose to use instead).
    # 2 x 300 mg capsules three times a day = 1800 mg/day; CrCl 33 mL/min from creatinine 2.0 mg/dL, 70 kg, 72 y.
    pid = "r4-gaba"
    draft = _draft_med(pid, "mr-gaba", GABAPENTIN_300, _tid(2))
    body = _order_sign(ehr_server, pid, _renal_patient(pid), draft)
    dose_cards = [c for c in _cards_naming(body, "gabapentin") if c.get("suggestions")]
    assert dose_cards, [c["summary"] for c in body["cards"]]
    [action] = dose_cards[0]["suggestions"][0]["actions"]
    assert action["type"] == "update"
    assert action["resource"]["id"] == "mr-gaba"
    assert action["resource"]["status"] == "draft"
    dosage = action["resource"]["dosageInstruction"][0]
    assert _daily_mg(action["resource"], 300) <= 1400  # the band's maximum, never above it
    # the label's regimen in this band: 200, 300, 400, 500 or 700 mg twice daily (§3.2)
    assert dosage["timing"]["repeat"]["frequency"] == 2
    assert dosage["doseAndRate"][0]["doseQuantity"]["value"] in (200, 300, 400, 500, 700)


@pytest.mark.parametrize(
    ("drug", "band", "at_most", "expected"),
    [
        ("gabapentin", ">=60", 3600, (3, 1200)),
        ("gabapentin", ">30-59", 1400, (2, 700)),
        ("gabapentin", ">30-59", 1000, (2, 500)),
        ("gabapentin", ">15-29", 700, (1, 700)),
        ("gabapentin", "<15", 200, (1, 200)),
        ("gabapentin", "<15", 60, None),
        ("pregabalin", "30-60", 300, None),
    ],
)
def test_the_label_regimen_an_update_uses_is_one_of_the_bands_label_doses(drug, band, at_most, expected):
    # Source: treatment-safety.md §3.2 (Neurontin Table 1 [S+]): >= 60 300/400/600/800/1200 TID; > 30-59 and
    # > 15-29 200/300/400/500/700 BID and QD; < 15 100/125/150/200/300 QD, less in proportion below 15 (so a
    # limit under every option gives no label dose). §3.3: pregabalin doses per day UNVERIFIED, so no regimen.
    assert label_regimen(drug, band, at_most) == expected


def test_gabapentin_with_timing_code_tid_is_checked_like_frequency_three(ehr_server):
    # Source: FHIR R4 Timing.code (https://hl7.org/fhir/R4/datatypes.html#Timing): "TID" from
    # v3-GTSAbbreviation is a complete statement of the timing ("three times a day"), value set
    # http://hl7.org/fhir/R4/valueset-timing-abbreviation.html. Same dose as above: 1800 mg/day at CrCl 33.
    pid = "r4-gaba-tid"
    dosage = {
        "text": "2 capsules three times a day",
        "timing": {
            "code": {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", "code": "TID"}
                ]
            }
        },
        "doseAndRate": [{"doseQuantity": {"value": 2, "unit": "capsule"}}],
    }
    draft = _draft_med(pid, "mr-gaba-tid", GABAPENTIN_300, dosage)
    body = _order_sign(ehr_server, pid, _renal_patient(pid), draft)
    assert _cards_naming(body, "gabapentin"), [c["summary"] for c in body["cards"]]


def test_a_medication_given_as_a_contained_medication_reference_is_checked(ehr_server):
    # Source: FHIR R4 MedicationRequest.medication[x] (Reference(Medication)) and contained resources
    # (https://hl7.org/fhir/R4/references.html#contained): many EHRs send the product this way.
    pid = "r4-gaba-contained"
    medication = {
        "contained": [
            {
                "resourceType": "Medication",
                "id": "med1",
                "code": {
                    "coding": [
                        {"system": RXNORM, "code": "310431", "display": "gabapentin 300 MG Oral Capsule"}
                    ]
                },
            }
        ],
        "medicationReference": {"reference": "#med1", "display": "gabapentin 300 MG Oral Capsule"},
    }
    draft = _draft_med(pid, "mr-gaba-ref", medication, _tid(2))
    body = _order_sign(ehr_server, pid, _renal_patient(pid), draft)
    assert _cards_naming(body, "gabapentin"), [c["summary"] for c in body["cards"]]


def test_pregabalin_with_renal_function_only_as_egfr_asks_for_creatinine_and_weight(ehr_server):
    # Source: treatment-safety.md §0 item 9: "Renal dosing needs a creatinine clearance ... If no recent creatinine
    # and weight, do not compute a dose; ask for them." docs/safety.md: "eGFR is never used as CrCl".
    # 2 x 150 mg twice a day = 600 mg/day with an eGFR of 25 (a reduced band would apply if it were CrCl).
    pid = "r4-prega-egfr"
    record = [_patient(pid, 60, "female"), _egfr(pid, 25)]
    dosage = {
        "timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
        "doseAndRate": [{"doseQuantity": {"value": 2, "unit": "capsule"}}],
    }
    body = _order_sign(ehr_server, pid, record, _draft_med(pid, "mr-prega", PREGABALIN_150, dosage))
    asking = [c for c in _cards_naming(body, "pregabalin") if "creatinine" in _text(c)]
    assert asking, [c["summary"] for c in body["cards"]]


# ---- order-sign: combinations --------------------------------------------------------------------------------


def test_tall_man_duloxetine_draft_beside_active_tramadol_gets_a_serotonergic_card(ehr_server):
    # Source: treatment-safety.md §3.4 "Flag duloxetine + TCA and duloxetine + tramadol" and §0 item 10;
    # tramadol RXCUI 10689 [S] diagnosis-instruments-codes.md §2.6. Duloxetine has no verified RXCUI (§2.6), so
    # the draft carries the product text only, in the tall-man lettering EHRs display (ISMP "DULoxetine").
    pid = "r4-dulox"
    record = [_patient(pid, 50, "female"), _active_med(pid, "mr-tram", "10689", "tramadol")]
    medication = {"medicationCodeableConcept": {"text": "DULoxetine 60 MG Delayed Release Oral Capsule"}}
    dosage = {
        "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
        "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "capsule"}}],
    }
    body = _order_sign(ehr_server, pid, record, _draft_med(pid, "mr-dulox", medication, dosage))
    cards = _cards_naming(body, "duloxetine", "tramadol")
    assert cards, [c["summary"] for c in body["cards"]]
    assert cards[0]["indicator"] in ("warning", "critical")


def test_gabapentin_draft_beside_an_active_opioid_gets_the_opioid_gabapentinoid_card_at_any_age(ehr_server):
    # Source: treatment-safety.md §3.4 "Gabapentinoids + opioids or other CNS depressants": FDA (2019) warning
    # on serious breathing problems [S]; docs/safety.md: opioid with gabapentinoid at any age. Age 50, normal
    # renal function (CrCl (140-50) x 80 / (72 x 0.9) = 111 mL/min), 900 mg/day: no renal card expected.
    pid = "r4-opioid-gaba"
    record = [
        _patient(pid, 50, "male"),
        _weight(pid, 80),
        _creatinine(pid, 0.9),
        _active_med(pid, "mr-tram2", "10689", "tramadol"),
    ]
    body = _order_sign(ehr_server, pid, record, _draft_med(pid, "mr-gaba2", GABAPENTIN_300, _tid(1)))
    cards = _cards_naming(body, "gabapentin", "tramadol")
    assert cards, [c["summary"] for c in body["cards"]]
    assert not [c for c in body["cards"] if c.get("suggestions") and "gabapentin" in _text(c)]


# ---- order-sign / order-select: procedures on antithrombotics ------------------------------------------------


def test_interlaminar_esi_draft_while_on_warfarin_names_the_5_day_hold_and_a_normal_inr(ehr_server):
    # Source: treatment-safety.md §5.1 (interlaminar ESI = intermediate) and §5.2 warfarin row: intermediate
    # "5 days + normal INR" [S]; §0 item 7: always require the prescriber's agreement. Warfarin 11289 [V] §2.6.
    pid = "r4-warf"
    record = [_patient(pid, 66, "male"), _active_med(pid, "mr-warf", "11289", "warfarin")]
    esi = _service_request(pid, "sr-esi", "ESI-IL", "Lumbar interlaminar epidural steroid injection")
    body = _order_sign(ehr_server, pid, record, esi)
    [card] = _cards_naming(body, "warfarin", "inr")
    assert card["indicator"] in ("warning", "critical")
    assert "5 day" in _text(card)
    assert "prescriber" in _text(card)


def test_scs_trial_draft_while_on_apixaban_shows_the_disputed_hold_without_clearing(ehr_server):
    # Source: treatment-safety.md §5.1 (SCS trial = high) and §5.2 apixaban row: 3 days (C) vs 3-5 days (B),
    # "conflict"; §0 item 7: never auto-clear, prescriber agreement required. Apixaban 1364430 [V] §2.6.
    pid = "r4-apix"
    record = [_patient(pid, 58, "female"), _active_med(pid, "mr-apix", "1364430", "apixaban")]
    scs = _service_request(pid, "sr-scs", "SCS-TRIAL", "Spinal cord stimulator trial", days_ahead=21)
    body = _order_sign(ehr_server, pid, record, scs)
    cards = _cards_naming(body, "apixaban")
    assert cards, [c["summary"] for c in body["cards"]]
    text = _text(cards[0])
    assert "prescriber" in text
    assert "3" in text
    assert "safe to proceed" not in text


def test_order_select_answers_only_for_the_selected_draft(ehr_server):
    # Source: CDS Hooks order-select 1.0 (https://cds-hooks.org/hooks/order-select/): `selections` names the
    # newly selected orders; draftOrders holds every draft. Clopidogrel 32968 [V] §2.6; its hold before an SCS
    # trial is [S] 7 days (treatment-safety.md §5.2). The gabapentin draft (1800 mg/day at CrCl 33) is not
    # selected, so no card may be about it.
    pid = "r4-select"
    record = [*_renal_patient(pid), _active_med(pid, "mr-clop", "32968", "clopidogrel")]
    scs = _service_request(pid, "sr-scs2", "SCS-TRIAL", "Spinal cord stimulator trial", days_ahead=21)
    gaba = _draft_med(pid, "mr-gaba3", GABAPENTIN_300, _tid(2))
    context = {"draftOrders": _bundle(gaba, scs), "selections": ["ServiceRequest/sr-scs2"]}
    body = hook_request("order-select", pid, prefetch_of(record, pid), context=context)
    response = ehr_server.post("/fbss-order-select", body)
    assert response.status_code == 200
    cards = response.json()
    _assert_cds_hooks_201(cards)
    assert _cards_naming(cards, "clopidogrel"), [c["summary"] for c in cards["cards"]]
    assert not _cards_naming(cards, "gabapentin")


# ---- prefetch ---------------------------------------------------------------------------------------------


def test_a_warning_outcome_entry_beside_matches_in_a_searchset_keeps_the_matches(ehr_server):
    # Source: FHIR R4 Bundle.entry.search.mode "outcome": an OperationOutcome "returned to provide additional
    # information about the processing of a search" (https://hl7.org/fhir/R4/codesystem-search-entry-mode.html;
    # example https://hl7.org/fhir/R4/bundle-search-warning.json.html); the match entries are still the result.
    pid = "r4-outcome"
    draft = _draft_med(pid, "mr-gaba4", GABAPENTIN_300, _tid(2))
    record = _renal_patient(pid)
    prefetch = prefetch_of(record, pid)
    prefetch["observations"]["entry"] = [
        {**e, "search": {"mode": "match"}} for e in prefetch["observations"]["entry"]
    ]
    prefetch["observations"]["entry"].append(
        {
            "resource": {
                "resourceType": "OperationOutcome",
                "issue": [
                    {
                        "severity": "warning",
                        "code": "not-supported",
                        "details": {"text": "Search parameter _sort was ignored"},
                    }
                ],
            },
            "search": {"mode": "outcome"},
        }
    )
    body = hook_request("order-sign", pid, prefetch, context={"draftOrders": _bundle(draft)})
    response = ehr_server.post("/fbss-order-sign", body)
    assert response.status_code == 200
    _assert_cds_hooks_201(response.json())
    assert [c for c in _cards_naming(response.json(), "gabapentin") if c.get("suggestions")]


def test_a_null_key_is_nothing_found_and_a_missing_key_is_fetched_from_fhir_server(ehr_server):
    # Source: CDS Hooks 2.0.1 prefetch (https://cds-hooks.hl7.org/2.0/#prefetch-input): a key whose query found
    # nothing is null; a key the client did not fulfil is left out and the service may fetch it from fhirServer
    # with fhirAuthorization. The active warfarin lives only on the EHR's FHIR server.
    pid = "r4-fetch"
    warfarin = _active_med(pid, "mr-warf2", "11289", "warfarin")
    record = [_patient(pid, 61, "female"), warfarin]
    ehr_server.ehr.record[:] = [warfarin]
    prefetch = prefetch_of(record, pid)
    del prefetch["medicationRequests"]
    prefetch["procedures"] = None
    esi = _service_request(pid, "sr-esi2", "ESI-IL", "Lumbar interlaminar epidural steroid injection")
    authorization = {
        "access_token": FHIR_TOKEN,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/*.read",
        "subject": "fbss",
    }
    body = hook_request(
        "order-sign",
        pid,
        prefetch,
        context={"draftOrders": _bundle(esi)},
        fhirServer=f"{ehr_server.base}/fhir",
        fhirAuthorization=authorization,
    )
    response = ehr_server.post("/fbss-order-sign", body)
    assert response.status_code == 200, response.text
    assert _cards_naming(response.json(), "warfarin")
    # and without fhirServer the same request cannot be answered (docs/cdshooks.md: 412)
    del body["fhirServer"], body["fhirAuthorization"]
    body["hookInstance"] = str(uuid.uuid4())
    assert ehr_server.post("/fbss-order-sign", body).status_code == 412


# ---- patient-view ----------------------------------------------------------------------------------------


# the rich case's screen plus the two infection questions criteria.fbss.exclusions asks for (docs/criteria.md)
SCREENED = {**RICH_CASE["red_flags"], "night_sweats": False, "wound_problems": False}


def _rich(pid: str, **changes: Any) -> list[dict[str, Any]]:
    case = Case.model_validate({**RICH_CASE, "case_id": pid, "assessment_date": TODAY.isoformat(), **changes})
    return case_resources(case)


def test_patient_view_puts_every_critical_card_before_the_others(ehr_server):
    # Source: CDS Hooks 2.0.1 Card.indicator ("critical" = the most urgent); docs/cdshooks.md and README:
    # red flags first, always. The rich synthetic case answers PHQ-9 item 9 above 0 (diagnosis-instruments-
    # codes.md §3 "PHQ-9 item 9 handling": suicide-risk follow-up regardless of the total).
    pid = "r4-redflag"
    record = _rich(pid)
    response = ehr_server.post(
        "/fbss-patient-view", hook_request("patient-view", pid, prefetch_of(record, pid))
    )
    assert response.status_code == 200
    body = response.json()
    _assert_cds_hooks_201(body)
    indicators = [c["indicator"] for c in body["cards"]]
    assert indicators[0] == "critical"
    first_other = next((i for i, x in enumerate(indicators) if x != "critical"), len(indicators))
    assert "critical" not in indicators[first_other:]
    workup = [c for c in body["cards"] if c["summary"].lower().startswith("work-up")]
    assert len(workup) <= 1


def test_fbss_met_but_not_coded_suggests_a_valid_provisional_condition(ehr_server):
    # Source: CDS Hooks 2.0.1 Action (type create, resource = the new FHIR resource); docs/cdshooks.md (a
    # provisional Condition); M96.1 / 27151001: diagnosis-instruments-codes.md §2 [V].
    pid = "r4-uncoded"
    record = _rich(pid, diagnoses=[], red_flags=SCREENED)
    response = ehr_server.post(
        "/fbss-patient-view", hook_request("patient-view", pid, prefetch_of(record, pid))
    )
    body = response.json()
    _assert_cds_hooks_201(body)
    creates = _condition_creates(body)
    assert creates, [c["summary"] for c in body["cards"]]
    condition = creates[0]["resource"]
    assert condition["subject"]["reference"] == f"Patient/{pid}"
    assert condition["verificationStatus"]["coding"][0]["code"] == "provisional"
    codes = {(c["system"], c["code"]) for c in condition["code"]["coding"]}
    assert ("http://hl7.org/fhir/sid/icd-10-cm", "M96.1") in codes or (
        "http://snomed.info/sct",
        "27151001",
    ) in codes


def test_an_ehr_problem_list_entry_in_snomed_stops_the_not_coded_card(ehr_server):
    # Source: SNOMED CT 27151001 "Post-laminectomy syndrome (disorder)" [V] (diagnosis-instruments-codes.md §2,
    # VSAC ...1021.95); FHIR R4 Condition with clinicalStatus active from condition-clinical and a
    # problem-list-item category, as an EHR sends it (https://hl7.org/fhir/R4/condition.html).
    pid = "r4-coded"
    record = _rich(pid, diagnoses=[], red_flags=SCREENED)
    record.append(
        {
            "resourceType": "Condition",
            "id": "ehr-cond-1",
            "clinicalStatus": {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}
                ]
            },
            "verificationStatus": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                        "code": "confirmed",
                    }
                ]
            },
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                            "code": "problem-list-item",
                        }
                    ]
                }
            ],
            "code": {
                "coding": [
                    {
                        "system": "http://snomed.info/sct",
                        "code": "27151001",
                        "display": "Post-laminectomy syndrome",
                    }
                ],
                "text": "Failed back surgery syndrome",
            },
            "subject": {"reference": f"Patient/{pid}"},
            "onsetDateTime": "2025-06-01",
        }
    )
    response = ehr_server.post(
        "/fbss-patient-view", hook_request("patient-view", pid, prefetch_of(record, pid))
    )
    body = response.json()
    _assert_cds_hooks_201(body)
    creates = _condition_creates(body)
    assert not creates


def _condition_creates(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every suggested action that creates a Condition, across all cards."""
    return [
        a
        for c in body["cards"]
        for s in c.get("suggestions", [])
        for a in s.get("actions", [])
        if a["type"] == "create" and a["resource"]["resourceType"] == "Condition"
    ]


# ---- feedback ---------------------------------------------------------------------------------------------


def test_feedback_accepted_with_suggestions_and_overridden_with_a_reason_are_stored(ehr_server):
    # Source: CDS Hooks 2.0.1 Feedback (https://cds-hooks.hl7.org/2.0/#feedback): card (uuid), outcome
    # accepted | overridden, acceptedSuggestions [{id}] for accepted, overrideReason {reason: Coding,
    # userComment} for overridden, outcomeTimestamp.
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    accepted = {
        "card": str(uuid.uuid4()),
        "outcome": "accepted",
        "acceptedSuggestions": [{"id": str(uuid.uuid4())}],
        "outcomeTimestamp": now,
    }
    overridden = {
        "card": str(uuid.uuid4()),
        "outcome": "overridden",
        "overrideReason": {
            "reason": {
                "system": "http://example.org/ehr/override",
                "code": "already-discussed",
                "display": "Done",
            },
            "userComment": "hold agreed with cardiology",
        },
        "outcomeTimestamp": now,
    }
    response = ehr_server.post("/fbss-order-sign/feedback", {"feedback": [accepted, overridden]})
    assert response.status_code == 200
    assert response.json()["stored"] == 2


def test_feedback_overridden_without_a_reason_is_accepted(ehr_server):
    # Source: CDS Hooks 2.0.1 Feedback: overrideReason is OPTIONAL ("The CDS Client may enable the clinician
    # to ..."); a card dismissed without choosing a reason is reported as overridden with no overrideReason.
    entry = {
        "card": str(uuid.uuid4()),
        "outcome": "overridden",
        "outcomeTimestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    response = ehr_server.post("/fbss-patient-view/feedback", {"feedback": [entry]})
    assert response.status_code == 200


# ---- more order-sign input as EHRs send it ---------------------------------------------------------------


def test_enoxaparin_without_an_indication_before_an_esi_still_gets_a_card(ehr_server):
    # Source: treatment-safety.md §5.2: enoxaparin before an intermediate-risk procedure needs a hold whatever the
    # indication (prophylactic 12 h, therapeutic 24 h) [S]; docs/safety.md: without `indication` the finding
    # is "unknown with the missing field and the candidate holds". Enoxaparin 67108 [V] §2.6. An EHR's
    # MedicationRequest rarely carries a reasonCode that tells prophylactic from therapeutic dosing.
    pid = "r4-enox"
    record = [_patient(pid, 58, "female"), _active_med(pid, "mr-enox", "67108", "enoxaparin")]
    esi = _service_request(pid, "sr-esi3", "ESI-IL", "Lumbar interlaminar epidural steroid injection")
    body = _order_sign(ehr_server, pid, record, esi)
    cards = _cards_naming(body, "enoxaparin")
    assert cards, [c["summary"] for c in body["cards"]]
    assert "12" in _text(cards[0])


def test_warfarin_known_only_by_its_product_text_before_an_scs_trial(ehr_server):
    # Source: treatment-safety.md §5.1 (SCS trial = high) and §5.2 warfarin high "5 days + normal INR" [S];
    # docs/fhir.md: a known ingredient name in the drug name is read without a code. Product text as an EHR's
    # order catalogue writes it; the EHR's NutritionOrder draft beside it is a legal draftOrders member
    # (CDS Hooks order-sign 1.0) and must not break the request.
    pid = "r4-warf-text"
    warfarin = _active_med(pid, "mr-warf3", "0", "x")
    warfarin["medicationCodeableConcept"] = {"text": "Warfarin Sodium 5 MG Oral Tablet"}
    record = [_patient(pid, 70, "female"), warfarin]
    scs = _service_request(pid, "sr-scs3", "SCS-TRIAL", "Spinal cord stimulator trial", days_ahead=21)
    nutrition = {
        "resourceType": "NutritionOrder",
        "id": "no-1",
        "status": "draft",
        "intent": "order",
        "patient": {"reference": f"Patient/{pid}"},
        "dateTime": TODAY.isoformat(),
        "oralDiet": {"type": [{"text": "Regular diet"}]},
    }
    body = _order_sign(ehr_server, pid, record, scs, nutrition)
    [card] = _cards_naming(body, "warfarin", "inr")
    assert "5 day" in _text(card)


def test_a_check_of_a_draft_that_could_not_be_made_says_so_names_what_is_missing_and_its_sources(ehr_server):
    # Source: CDS Hooks 2.0.1 Card (https://cds-hooks.hl7.org/2.0/#card-attributes): indicator "warning" =
    # "urgent or highly relevant information that should be considered" (code system
    # https://build.fhir.org/ig/HL7/UTG/CodeSystem-cdshooks-indicator.html); treatment-safety.md §0 item 9 (no creatinine
    # and weight: ask for them) and §5.2 (enoxaparin prophylactic 12 h, therapeutic 24 h at intermediate risk).
    pid = "r4-unchecked"
    record = [
        _patient(pid, 60, "female"),
        _egfr(pid, 25),
        _active_med(pid, "mr-enox2", "67108", "enoxaparin"),
    ]
    dosage = {
        "timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
        "doseAndRate": [{"doseQuantity": {"value": 2, "unit": "capsule"}}],
    }
    prega = _draft_med(pid, "mr-prega2", PREGABALIN_150, dosage)
    esi = _service_request(pid, "sr-esi4", "ESI-IL", "Lumbar interlaminar epidural steroid injection")
    body = _order_sign(ehr_server, pid, record, prega, esi)
    renal = _cards_naming(body, "pregabalin", "could not be made")
    hold = _cards_naming(body, "enoxaparin", "could not be made")
    assert renal, [c["summary"] for c in body["cards"]]
    assert hold, [c["summary"] for c in body["cards"]]
    for card, missing in ((renal[0], ("weight_kg", "creatinine")), (hold[0], ("indication",))):
        assert card["indicator"] == "warning"
        assert "not made" in card["summary"].lower()
        assert all(word in card["detail"] for word in missing)
        assert "Sources:" in card["detail"]
        assert not card.get("suggestions")
    assert "12 hours" in hold[0]["detail"]
    assert "24 hours" in hold[0]["detail"]
