"""What each resource type becomes in the Case, and what is refused or skipped with a reason."""

from __future__ import annotations

import json
from typing import Any

from fbss.clinical.case import InstrumentId, LabTest, MedicationStatus, ProcedureKind, SurgeryType
from fbss.fhir.importer import import_resources
from fbss.fhir.read import read_json, read_ndjson
from tests.fhir.conftest import AS_OF

PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1970-11-02"}
SUBJECT = {"reference": "Patient/p1"}


def _one(*resources: dict[str, Any]):
    result = import_resources([PATIENT, *resources], AS_OF)
    assert result.report.refused == []
    [patient] = result.patients
    assert patient.case is not None, patient.report.refused
    return patient.case, patient.report


def _observation(code: str, value: float, unit: str, system: str = "http://loinc.org") -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": system, "code": code}]},
        "subject": SUBJECT,
        "effectiveDateTime": "2026-09-01T10:00:00Z",
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
    }


def test_patient_gives_id_sex_and_age_on_the_assessment_date():
    case, _ = _one()
    assert (case.case_id, case.sex.value, case.age_years) == ("p1", "male", 55)


def test_creatinine_in_micromoles_is_converted_to_mg_per_dl():
    case, _ = _one(_observation("2160-0", 88.4, "umol/L"))
    assert case.labs[0].test is LabTest.CREATININE
    assert case.labs[0].value == 1.0


def test_egfr_in_a_wrong_unit_is_skipped_with_the_unit_named():
    case, report = _one(_observation("98979-8", 60, "mL/min"))
    assert case.labs == ()
    assert any("wrong unit" in s.reason and "'mL/min'" in s.reason for s in report.skipped)


def test_weight_in_pounds_is_converted_and_the_latest_weight_wins():
    older = _observation("29463-7", 80, "kg") | {"effectiveDateTime": "2020-01-01"}
    newer = _observation("29463-7", 200, "[lb_av]")
    case, _ = _one(older, newer)
    assert case.weight_kg == 90.72


def test_a_total_score_without_answers_is_not_turned_into_a_score():
    case, report = _one(_observation("44261-6", 12, "{score}"))
    assert case.instruments == ()
    assert any("PHQ-9 total score without its item answers" in s.reason for s in report.skipped)


def test_results_after_the_assessment_date_are_skipped():
    late = _observation("1988-5", 30, "mg/L") | {"effectiveDateTime": "2027-01-01"}
    case, report = _one(late)
    assert case.labs == ()
    assert any("after the assessment date" in s.reason for s in report.skipped)


def test_fbss_condition_is_kept_with_its_code_and_status():
    condition = {
        "resourceType": "Condition",
        "subject": SUBJECT,
        "clinicalStatus": {"coding": [{"code": "active"}]},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "27151001"}]},
        "onsetDateTime": "2025-06-01",
    }
    case, _ = _one(condition)
    [diagnosis] = case.diagnoses
    assert (diagnosis.code, diagnosis.display, diagnosis.active) == (
        "27151001",
        "Post-laminectomy syndrome",
        True,
    )


def test_an_unknown_condition_code_is_skipped_not_guessed():
    condition = {"resourceType": "Condition", "subject": SUBJECT, "code": {"text": "bad back"}}
    case, report = _one(condition)
    assert case.diagnoses == ()
    assert report.skipped[-1].reason.startswith("not a spine or pain condition")


def test_spine_surgery_keeps_date_and_level_written_in_standard_notation():
    surgery = {
        "resourceType": "Procedure",
        "status": "completed",
        "subject": SUBJECT,
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "387731002"}]},
        "performedDateTime": "2023-05-04",
        "bodySite": [{"text": "L4-L5"}, {"text": "lower back"}],
    }
    case, _ = _one(surgery)
    [found] = case.surgeries
    assert (found.type, found.date.isoformat(), found.levels) == (
        SurgeryType.LAMINECTOMY,
        "2023-05-04",
        ("L4-L5",),
    )


def test_a_procedure_not_yet_done_is_not_history():
    planned = {
        "resourceType": "Procedure",
        "status": "preparation",
        "subject": SUBJECT,
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "387731002"}]},
    }
    case, report = _one(planned)
    assert case.surgeries == ()
    assert "only completed" in report.skipped[-1].reason


def _medication_request(coding: dict[str, str], frequency: int, count: float, unit: str | None = None):
    quantity: dict[str, Any] = {"value": count}
    if unit:
        quantity |= {"unit": unit, "system": "http://unitsofmeasure.org", "code": unit}
    return {
        "resourceType": "MedicationRequest",
        "status": "active",
        "intent": "order",
        "subject": SUBJECT,
        "authoredOn": "2026-08-01",
        "medicationCodeableConcept": {"coding": [coding]},
        "dosageInstruction": [
            {
                "timing": {"repeat": {"frequency": frequency, "period": 1, "periodUnit": "d"}},
                "doseAndRate": [{"doseQuantity": quantity}],
            }
        ],
    }


RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def test_gabapentin_clinical_drug_code_gives_ingredient_and_daily_dose():
    order = _medication_request({"system": RXNORM, "code": "310431"}, 3, 1)
    case, _ = _one(order)
    [medication] = case.medications
    assert (medication.name, medication.dose_mg_per_day, medication.doses_per_day) == ("gabapentin", 900, 3)


def test_ingredient_rxcui_is_kept_and_a_drug_named_in_text_keeps_no_code():
    apixaban = _medication_request({"system": RXNORM, "code": "1364430"}, 2, 5, "mg")
    combined = _medication_request(
        {
            "system": RXNORM,
            "code": "1049221",
            "display": "Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet",
        },
        4,
        1,
    )
    case, report = _one(apixaban, combined)
    by_name = {m.name: m for m in case.medications}
    assert by_name["apixaban"].rxnorm == "1364430"
    assert by_name["apixaban"].dose_mg_per_day == 10
    assert by_name["oxycodone"].rxnorm is None
    assert by_name["oxycodone"].dose_mg_per_day == 20
    assert any("no RxNorm code verified" in (m.note or "") for m in report.mapped)


def test_a_draft_order_becomes_a_planned_medication():
    draft = _medication_request({"system": RXNORM, "code": "483440"}, 2, 1) | {"status": "draft"}
    case, _ = _one(draft)
    assert case.medications[0].status is MedicationStatus.PLANNED


def test_a_drug_the_safety_checks_do_not_know_is_skipped_with_its_name():
    statin = _medication_request({"system": RXNORM, "code": "316672", "display": "Simvistatin 10 MG"}, 1, 1)
    case, report = _one(statin)
    assert case.medications == ()
    assert "Simvistatin" in report.skipped[-1].reason


def test_a_service_request_with_a_site_order_code_becomes_a_planned_procedure():
    request = {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "order",
        "subject": SUBJECT,
        "code": {"coding": [{"system": "urn:site:orders", "code": "ESI-IL"}]},
        "occurrenceDateTime": "2026-12-01",
    }
    result = import_resources([PATIENT, request], AS_OF, {"urn:site:orders|ESI-IL": "esi_interlaminar"})
    assert result.cases[0].planned_procedures[0].procedure is ProcedureKind.ESI_INTERLAMINAR


def _phq9_response(questionnaire_url: str, link_ids: list[str]) -> dict[str, Any]:
    answers = ["LA6569-3"] * 8 + ["LA6568-5"]
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": questionnaire_url,
        "subject": SUBJECT,
        "authored": "2026-09-30T09:00:00Z",
        "item": [
            {"linkId": link, "answer": [{"valueCoding": {"system": "http://loinc.org", "code": code}}]}
            for link, code in zip(link_ids, answers, strict=True)
        ],
    }


def test_the_published_lforms_phq9_breaks_the_r4_schema_and_is_refused_with_its_path(external):
    questionnaire = json.loads((external / "questionnaires" / "lhncbc-lforms" / "phq9.json").read_text())
    result = import_resources([questionnaire], AS_OF)
    assert result.report.refused[0].path == "item[0].extension[2].valueDuration.value"


def test_a_phq9_of_another_publisher_is_matched_by_loinc_item_codes(external):
    questionnaire = json.loads((external / "questionnaires" / "lhncbc-lforms" / "phq9.json").read_text())
    for item in questionnaire[
        "item"
    ]:  # the publisher's item extensions break the schema; codes are untouched
        item.pop("extension", None)
    questionnaire |= {"id": "lforms-phq9", "url": "http://example.org/Questionnaire/lforms-phq9"}
    links = [item["linkId"] for item in questionnaire["item"][:9]]
    response = _phq9_response(questionnaire["url"], links)
    case, _ = _one(questionnaire, response)
    [answers] = case.instruments
    assert answers.instrument is InstrumentId.PHQ9
    assert answers.answers == {**{str(i): 1 for i in range(1, 9)}, "9": 0}


def test_a_questionnaire_without_item_codes_cannot_be_matched(external):
    questionnaire = json.loads(
        (external / "questionnaires" / "stanford-researchkitonfhir" / "GAD-7.json").read_text()
    )
    links = [item["linkId"] for item in questionnaire["item"][0]["item"]]
    response = _phq9_response(questionnaire["url"], links[:7] + links[:2])
    case, report = _one(questionnaire, response)
    assert case.instruments == ()
    assert report.skipped[-1].reason == "no answered item matched an instrument item by LOINC code"


def test_a_response_whose_questionnaire_is_absent_is_skipped():
    response = _phq9_response("http://example.org/Questionnaire/unknown", ["a"] * 9)
    _case, report = _one(response)
    assert "is not in the input" in report.skipped[-1].reason


def test_mypain_promis_items_without_ordinals_are_reported_not_guessed(external):
    questionnaire = json.loads((external / "cds4cpm" / "mypain-questionnaire.json").read_text())
    questionnaire |= {"url": "http://example.org/Questionnaire/mypain"}
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": questionnaire["url"],
        "subject": SUBJECT,
        "item": [
            {
                "linkId": "3",
                "item": [
                    {
                        "linkId": "3.1",
                        "answer": [{"valueCoding": {"system": "http://loinc.org", "code": "LA13863-8"}}],
                    }
                ],
            }
        ],
    }
    case, report = _one(questionnaire, response)
    assert case.instruments == ()
    assert "no answered item matched" in report.skipped[-1].reason


def test_malformed_json_is_refused():
    found, refused = read_json("broken.json", b'{"resourceType": "Patient",')
    assert found == []
    assert refused[0].message.startswith("malformed JSON")


def test_a_resource_breaking_the_schema_is_refused_with_its_path():
    line = json.dumps({"resourceType": "Observation", "status": "final", "code": {"text": 5}})
    found, refused = read_ndjson("Observation.000.ndjson", [line.encode()])
    assert found == []
    assert (refused[0].where, refused[0].path) == ("Observation.000.ndjson line 1", "code.text")


def test_a_bad_entry_in_a_bundle_is_refused_and_the_rest_read():
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": PATIENT}, {"resource": {"resourceType": "Patient", "gender": "nope"}}],
    }
    found, refused = read_json("b.json", json.dumps(bundle))
    assert len(found) == 1
    assert (refused[0].where, refused[0].path) == ("b.json entry[1]", "resource.gender")


def test_a_resource_without_a_patient_in_the_input_is_reported():
    orphan = _observation("1988-5", 3, "mg/L") | {"subject": {"reference": "Patient/elsewhere"}}
    result = import_resources([orphan], AS_OF)
    assert result.report.skipped[0].reason == "no patient in the input it belongs to"
