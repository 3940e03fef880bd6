"""Fourth review: EHR-style FHIR R4 input (US Core shapes) that Synthea does not produce.

Each test names the source of its expectation. All data is synthetic, written for these tests.
Sources used throughout:
- FHIR R4 (4.0.1) resource pages, https://hl7.org/fhir/R4/ (Condition, Procedure, Observation,
  MedicationRequest, MedicationStatement, Bundle, Resource.meta, references)
- US Core R4, https://hl7.org/fhir/us/core/
- UCUM, https://ucum.org/ucum
- the fact sheet ../shared/clinical/diagnosis-instruments-codes.md (section and row named per test)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fbss.clinical.case import InstrumentId, LabTest, MedicationStatus, SurgeryType
from fbss.fhir import read
from fbss.fhir.export import case_bundle
from fbss.fhir.importer import import_found, import_resources, recorded_assessment_date
from tests.fhir.conftest import AS_OF

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"

PATIENT = {
    "resourceType": "Patient",
    "id": "ehr1",
    "identifier": [{"system": "urn:oid:2.16.840.1.113883.19.5", "value": "MRN-0001"}],
    "name": [{"family": "Synthetic", "given": ["Review"]}],
    "gender": "female",
    "birthDate": "1961-04-12",
}
SUBJECT = {"reference": "Patient/ehr1"}


def _import(*resources: dict[str, Any]):
    result = import_resources([PATIENT, *resources], AS_OF)
    assert result.report.refused == []
    [patient] = result.patients
    assert patient.report.refused == [], patient.report.refused
    assert patient.case is not None
    return patient.case, patient.report


def _reasons(report) -> str:
    return " | ".join(s.reason for s in report.skipped)


def _condition(system: str, code: str, clinical: str | None = "active", verification: str | None = None):
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "id": f"cond-{code}",
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
        "code": {"coding": [{"system": system, "code": code}]},
        "subject": SUBJECT,
        "onsetDateTime": "2024-02-01",
    }
    if clinical:
        condition["clinicalStatus"] = {"coding": [{"system": CLINICAL, "code": clinical}]}
    if verification:
        condition["verificationStatus"] = {"coding": [{"system": VERIFICATION, "code": verification}]}
    return condition


# --- Condition ---------------------------------------------------------------------------------------------


def test_icd10cm_m96_1_problem_list_condition_becomes_an_active_diagnosis():
    # Fact sheet §2.1 row M96.1 "Postlaminectomy syndrome, NEC" [V]; FHIR R4 Condition.clinicalStatus "active";
    # US Core Condition Problems and Health Concerns uses the ICD-10-CM system http://hl7.org/fhir/sid/icd-10-cm.
    case, _ = _import(_condition(ICD10CM, "M96.1", verification="confirmed"))
    [diagnosis] = case.diagnoses
    assert (diagnosis.system, diagnosis.code, diagnosis.active) == (ICD10CM, "M96.1", True)
    assert diagnosis.onset == dt.date(2024, 2, 1)


def test_an_inactive_lumbar_post_laminectomy_condition_is_kept_as_not_active():
    # Fact sheet §2.3 row 202725007 "Lumbar post-laminectomy syndrome" [V]; FHIR R4 condition-clinical: "inactive"
    # means the subject is no longer experiencing it; case.py Diagnosis.active: resolved/inactive -> false.
    case, _ = _import(_condition(SNOMED, "202725007", clinical="inactive"))
    [diagnosis] = case.diagnoses
    assert diagnosis.active is False


@pytest.mark.parametrize("verification", ["refuted", "entered-in-error"])
def test_a_refuted_or_mistaken_fbss_condition_is_skipped_with_a_reason(verification):
    # FHIR R4 condition-ver-status: refuted = "ruled out", entered-in-error = "entered in error and is not valid";
    # FHIR R4 Condition invariant con-5: clinicalStatus SHALL NOT be present if entered-in-error.
    clinical = None if verification == "entered-in-error" else "inactive"
    case, report = _import(_condition(SNOMED, "27151001", clinical=clinical, verification=verification))
    assert case.diagnoses == ()
    assert any(verification in s.reason for s in report.skipped), _reasons(report)


# --- Procedure ---------------------------------------------------------------------------------------------


def _procedure(code: dict[str, str], status: str = "completed", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Procedure",
        "status": status,
        "code": {"coding": [code]},
        "subject": SUBJECT,
    } | extra


def test_lumbar_fusion_with_a_performed_period_keeps_its_day():
    # Fact sheet §2.3 procedures row 50172003 "Lumbar spinal fusion" [V]; FHIR R4 Procedure.performed[x] is
    # dateTime | Period | ...; US Core Procedure allows performedPeriod. The operation began and ended the same day.
    fusion = _procedure(
        {"system": SNOMED, "code": "50172003"},
        performedPeriod={"start": "2022-03-10T08:05:00-05:00", "end": "2022-03-10T12:40:00-05:00"},
        bodySite=[{"text": "L4-L5"}],
    )
    case, _ = _import(fusion)
    [surgery] = case.surgeries
    assert (surgery.type, surgery.date, surgery.levels) == (
        SurgeryType.FUSION,
        dt.date(2022, 3, 10),
        ("L4-L5",),
    )


@pytest.mark.parametrize("status", ["not-done", "entered-in-error"])
def test_a_discectomy_not_done_or_entered_in_error_is_no_surgery_history(status):
    # Fact sheet §2.3 procedures row 3418002 "Discectomy of spine" [V]; FHIR R4 event-status: not-done = "the
    # procedure was terminated prior to any activity beyond preparatory actions"; entered-in-error = not valid.
    discectomy = _procedure(
        {"system": SNOMED, "code": "3418002"}, status=status, performedDateTime="2021-06-01"
    )
    case, report = _import(discectomy)
    assert case.surgeries == ()
    assert report.skipped, "the Procedure must be reported as skipped"


def test_a_cpt_coded_laminectomy_is_skipped_with_its_code_named_not_dropped():
    # Fact sheet §2.3: CPT is AMA-licensed and listed "for reference only" (no laminectomy CPT code is [V]);
    # docs/fhir.md: anything not recognised is skipped with its reason, nothing is guessed.
    cpt = _procedure(
        {"system": "http://www.ama-assn.org/go/cpt", "code": "63047", "display": "Laminectomy, lumbar"},
        performedDateTime="2020-01-15",
    )
    case, report = _import(cpt)
    assert case.surgeries == ()
    assert any("63047" in s.reason for s in report.skipped), _reasons(report)


# --- Observation -------------------------------------------------------------------------------------------


def _lab(code: str, value: float | None, unit: str, status: str = "final", **extra: Any) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": status,
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "subject": SUBJECT,
    }
    if value is not None:
        observation["valueQuantity"] = {"value": value, "unit": unit, "system": UCUM, "code": unit}
    if "effectivePeriod" not in extra:
        observation["effectiveDateTime"] = "2026-10-01T09:30:00Z"
    return observation | extra


def test_crp_in_mg_per_dl_and_platelets_in_thousands_per_microlitre_are_converted():
    # Fact sheet §2.5 rows 1988-5 (CRP) and 777-3 (platelets); UCUM: 1 mg/dL = 10 mg/L; 10*3/uL = 10*9/L.
    case, _ = _import(_lab("1988-5", 1.2, "mg/dL"), _lab("777-3", 250, "10*3/uL"))
    values = {lab.test: lab.value for lab in case.labs}
    assert values == {LabTest.CRP: 12.0, LabTest.PLATELETS: 250.0}


def test_a_lab_with_data_absent_reason_is_skipped_with_a_reason_not_refused():
    # FHIR R4 Observation obs-6: dataAbsentReason SHALL only be present if value[x] is not; US Core Laboratory
    # Result Observation: a result may be absent with a reason. The Observation is valid, so it is not refused.
    absent = _lab(
        "2160-0",
        None,
        "mg/dL",
        dataAbsentReason={
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "error"}
            ]
        },
    )
    case, report = _import(absent)
    assert case.labs == ()
    assert report.skipped, "the absent creatinine must be reported"


@pytest.mark.parametrize("status", ["amended", "corrected"])
def test_an_amended_or_corrected_lab_result_is_used(status):
    # FHIR R4 observation-status: amended = "subsequent to being Final, the observation has been modified";
    # corrected is a kind of amended. Both are complete, verified results (the newest a clinician should act on).
    case, report = _import(_lab("1988-5", 18, "mg/L", status=status))
    assert [(lab.test, lab.value) for lab in case.labs] == [(LabTest.CRP, 18.0)], _reasons(report)


def test_a_preliminary_lab_result_is_not_silently_lost():
    # FHIR R4 observation-status: preliminary = "verified early results are available, but not all results are
    # final". Whether to use it is a choice; docs/fhir.md promises it is either used or skipped with a reason.
    case, report = _import(_lab("1988-5", 18, "mg/L", status="preliminary"))
    assert case.labs or any("preliminary" in s.reason for s in report.skipped), _reasons(report)


def test_a_lab_with_an_effective_period_keeps_its_date():
    # FHIR R4 Observation.effective[x] may be a Period (e.g. a 24-hour collection); US Core lab profile allows it.
    timed = _lab(
        "2160-0",
        1.1,
        "mg/dL",
        effectivePeriod={"start": "2026-09-20T08:00:00Z", "end": "2026-09-21T08:00:00Z"},
    )
    case, _ = _import(timed)
    [lab] = case.labs
    assert lab.test is LabTest.CREATININE
    assert lab.date in {dt.date(2026, 9, 20), dt.date(2026, 9, 21)}


def test_a_newer_version_of_the_same_observation_replaces_the_older():
    # FHIR R4 Resource.meta.versionId "changes each time the content of the resource changes"; the same id with a
    # later version and lastUpdated is the current content (FHIR R4 http.html#vread / history).
    first = _lab(
        "1988-5", 5, "mg/L", id="crp-1", meta={"versionId": "1", "lastUpdated": "2026-10-01T10:00:00Z"}
    )
    second = _lab(
        "1988-5",
        45,
        "mg/L",
        status="corrected",
        id="crp-1",
        meta={"versionId": "2", "lastUpdated": "2026-10-02T10:00:00Z"},
    )
    case, _ = _import(first, second)
    assert [lab.value for lab in case.labs] == [45.0]


def test_a_lab_value_with_a_comparator_is_not_taken_as_an_exact_value():
    # FHIR R4 Quantity.comparator isModifier = true: "the comparator modifies the interpretation of the value
    # significantly. If there is no comparator, then there is no modification of the value"
    # (https://hl7.org/fhir/R4/datatypes-definitions.html#Quantity.comparator). Labs report results beyond the
    # assay's range this way (e.g. CRP above the top of the range).
    above = _lab("1988-5", 160, "mg/L")
    above["valueQuantity"]["comparator"] = ">"
    case, report = _import(above)
    exact = [lab for lab in case.labs if lab.value == 160.0]
    noted = [m.note or "" for m in report.mapped if m.target == "labs"] + [s.reason for s in report.skipped]
    assert not exact or any(">" in text or "comparator" in text for text in noted), noted


# --- Medications -------------------------------------------------------------------------------------------


def _order(status: str = "active", **medication: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "status": status,
        "intent": "order",
        "subject": SUBJECT,
        "authoredOn": "2026-08-01",
        "dosageInstruction": [
            {
                "timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
                "doseAndRate": [
                    {
                        "type": {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/dose-rate-type",
                                    "code": "ordered",
                                }
                            ]
                        },
                        "doseQuantity": {"value": 1, "unit": "capsule"},
                    }
                ],
            }
        ],
    } | medication


GABAPENTIN_300 = {"system": RXNORM, "code": "310431", "display": "gabapentin 300 MG Oral Capsule"}


def test_a_contained_medication_reference_with_an_scd_code_gives_the_ingredient_and_daily_dose():
    # Fact sheet §2.6: 310431 gabapentin 300 MG Oral Capsule, an SCD in VSAC 1021.73 [V]; FHIR R4 references.html
    # #contained: "#med" resolves to the contained resource; 3 x 1 capsule of 300 mg a day = 900 mg.
    order = _order(
        contained=[{"resourceType": "Medication", "id": "med", "code": {"coding": [GABAPENTIN_300]}}],
        medicationReference={"reference": "#med"},
    )
    case, _ = _import(order)
    [medication] = case.medications
    assert (medication.name, medication.dose_mg_per_day) == ("gabapentin", 900)


def test_a_medication_reference_to_a_bundled_medication_is_resolved():
    # FHIR R4 references.html: "Medication/m1" resolves to the Medication in the same Bundle.
    medication = {"resourceType": "Medication", "id": "m1", "code": {"coding": [GABAPENTIN_300]}}
    case, _ = _import(medication, _order(medicationReference={"reference": "Medication/m1"}))
    assert [m.name for m in case.medications] == ["gabapentin"]


def test_stopped_and_entered_in_error_orders_are_not_current_medications():
    # FHIR R4 medicationrequest-status: stopped = "actions implied by the prescription are to be permanently
    # halted"; entered-in-error = should not have been recorded. Neither may count as a current medication.
    apixaban = {"coding": [{"system": RXNORM, "code": "1364430"}]}  # fact sheet §2.6 apixaban 1364430 [V]
    case, _ = _import(
        _order("stopped", medicationCodeableConcept=apixaban),
        _order("entered-in-error", medicationCodeableConcept=apixaban),
    )
    assert all(m.status is not MedicationStatus.ACTIVE for m in case.medications)
    assert len(case.medications) <= 1


def test_an_on_hold_anticoagulant_order_stays_visible_to_the_safety_checks():
    # FHIR R4 medicationrequest-status: on-hold = "actions ... are to be temporarily halted, but are expected to
    # continue later"; docs/fhir.md: on-hold stays active. Fact sheet §2.6 apixaban 1364430 [V].
    case, _ = _import(
        _order("on-hold", medicationCodeableConcept={"coding": [{"system": RXNORM, "code": "1364430"}]})
    )
    assert [(m.name, m.status) for m in case.medications] == [("apixaban", MedicationStatus.ACTIVE)]


def test_a_medication_statement_with_an_ingredient_code_becomes_a_medication():
    # FHIR R4 MedicationStatement (status active, medicationCodeableConcept); fact sheet §2.6 warfarin 11289 [V].
    statement = {
        "resourceType": "MedicationStatement",
        "status": "active",
        "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": "11289", "display": "warfarin"}]},
        "subject": SUBJECT,
        "effectiveDateTime": "2026-05-01",
    }
    case, _ = _import(statement)
    assert [(m.name, m.rxnorm) for m in case.medications] == [("warfarin", "11289")]


# --- QuestionnaireResponse ---------------------------------------------------------------------------------

PHQ9_ITEMS = [
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
]


def test_a_phq9_from_another_publisher_is_scored_by_loinc_item_codes():
    # Fact sheet §2.4 rows 44249-1 (panel), PHQ-9 items 1-9 in order (item 9 = 44260-8), LA6568-5..LA6571-9 = 0..3.
    questionnaire = {
        "resourceType": "Questionnaire",
        "id": "clinic-phq9",
        "url": "https://ehr.example.com/Questionnaire/phq9",
        "status": "active",
        "code": [{"system": LOINC, "code": "44249-1"}],
        "item": [
            {"linkId": f"q{n}", "type": "choice", "code": [{"system": LOINC, "code": code}]}
            for n, code in enumerate(PHQ9_ITEMS, start=1)
        ],
    }
    answers = ["LA6570-1", "LA6569-3", "LA6568-5", "LA6571-9", "LA6568-5", "LA6569-3", "LA6568-5", "LA6568-5"]
    answers.append("LA6568-5")
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": "https://ehr.example.com/Questionnaire/phq9",
        "subject": SUBJECT,
        "authored": "2026-10-05T14:00:00-04:00",
        "item": [
            {"linkId": f"q{n}", "answer": [{"valueCoding": {"system": LOINC, "code": code}}]}
            for n, code in enumerate(answers, start=1)
        ],
    }
    case, _ = _import(questionnaire, response)
    [phq9] = case.instruments
    assert phq9.instrument is InstrumentId.PHQ9
    assert sum(v for v in phq9.answers.values() if isinstance(v, int)) == 2 + 1 + 3 + 1
    assert phq9.date == dt.date(2026, 10, 5)


# --- Bundle, Patient ---------------------------------------------------------------------------------------


def test_a_transaction_bundle_with_urn_uuid_references_gives_one_patient():
    # FHIR R4 Bundle: in a transaction, entries may be referenced by their fullUrl "urn:uuid:..." (bundle.html
    # #references); US Core clients send creates this way.
    patient_url = "urn:uuid:3f1b2c4e-8d2a-4c7b-9e51-0a6f2d7c9b10"
    patient = {k: v for k, v in PATIENT.items() if k != "id"}
    crp = _lab("1988-5", 7, "mg/L") | {"subject": {"reference": patient_url}}
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"fullUrl": patient_url, "resource": patient, "request": {"method": "POST", "url": "Patient"}},
            {
                "fullUrl": "urn:uuid:6a0e7d2b-1c55-4f0a-8c3e-2b9d4e1f7a22",
                "resource": crp,
                "request": {"method": "POST", "url": "Observation"},
            },
        ],
    }
    result = import_resources([bundle], AS_OF)
    [patient_import] = result.patients
    assert patient_import.case is not None
    assert [lab.value for lab in patient_import.case.labs] == [7.0]
    assert patient_import.case.sex is not None


def test_a_deceased_patient_is_imported_and_not_refused():
    # FHIR R4 Patient.deceased[x] (boolean | dateTime) is valid R4; nothing in it is refused.
    deceased = PATIENT | {"deceasedDateTime": "2026-07-01T03:00:00Z"}
    result = import_resources([deceased], AS_OF)
    assert result.report.refused == []
    [patient] = result.patients
    assert patient.report.refused == []


def test_a_deceased_patient_is_not_assessed_silently_as_living():
    # FHIR R4 Patient.deceased[x] isModifier = true, "because once a patient is marked as deceased, the actions
    # that are appropriate to perform on the patient may be significantly different"
    # (https://hl7.org/fhir/R4/patient-definitions.html#Patient.deceased_x_); FHIR R4 conformance-rules.html
    # #isModifier: a system must not process a resource as if a modifier element it does not handle were absent.
    deceased = PATIENT | {"deceasedDateTime": "2026-07-01T03:00:00Z"}
    [patient] = import_resources([deceased], AS_OF).patients
    said = [s.reason for s in patient.report.skipped] + [m.note or "" for m in patient.report.mapped]
    assert any("deceased" in text or "died" in text for text in said), said


def test_our_export_of_an_ehr_import_round_trips_to_the_same_case():
    # docs/fhir.md "Writing": export then import gives back the same Case.
    case, _ = _import(
        _condition(ICD10CM, "M96.1"),
        _procedure(
            {"system": SNOMED, "code": "50172003"},
            performedPeriod={"start": "2022-03-10", "end": "2022-03-10"},
            bodySite=[{"text": "L4-L5"}],
        ),
        _lab("1988-5", 1.2, "mg/dL"),
        _order(medicationCodeableConcept={"coding": [GABAPENTIN_300]}),
    )
    found, refused = read.from_json("export", case_bundle(case))
    assert refused == []
    as_of = recorded_assessment_date(found)
    result = import_found(found, refused, as_of or AS_OF)
    [again] = result.patients
    assert again.report.refused == []
    assert again.report.skipped == []
    assert again.case == case


def test_the_newer_version_wins_whichever_comes_first_and_the_report_says_so():
    # E20: FHIR R4 Resource.meta (https://hl7.org/fhir/R4/resource.html#Meta): versionId changes with each change
    # of content, lastUpdated is when it last changed. Newer last in the input, or first: the newer value is used.
    def crp(value: float, version: str | None, updated: str) -> dict[str, Any]:
        meta = {"lastUpdated": updated} | ({"versionId": version} if version else {})
        return _lab("1988-5", value, "mg/L", id="crp-9", meta=meta)

    for older, newer in (
        (crp(5, "1", "2026-10-01T10:00:00Z"), crp(45, "2", "2026-10-02T10:00:00Z")),
        (crp(5, None, "2026-10-01T10:00:00Z"), crp(45, None, "2026-10-01T12:00:00+01:00")),
        (crp(5, "a", "2026-10-01T10:00:00Z"), crp(45, "b", "2026-10-01T10:00:01Z")),
    ):
        for order in ((older, newer), (newer, older)):
            result = import_resources([PATIENT, *order], AS_OF)
            [patient] = result.patients
            assert patient.case is not None
            assert [lab.value for lab in patient.case.labs] == [45.0]
            assert any("older version" in s.reason for s in result.report.skipped), result.report.skipped


@pytest.mark.parametrize("comparator", ["<", "<=", ">=", ">"])
def test_every_comparator_keeps_the_value_out_of_the_case_with_its_reason(comparator):
    # E22: FHIR R4 Quantity.comparator (isModifier; codes <, <=, >=, > of
    # https://hl7.org/fhir/R4/valueset-quantity-comparator.html): the value is a bound. Case labs are exact values.
    bound = _lab("2160-0", 0.3, "mg/dL")
    bound["valueQuantity"]["comparator"] = comparator
    case, report = _import(bound)
    assert case.labs == ()
    assert any(f"{comparator}0.3 mg/dL" in s.reason for s in report.skipped), _reasons(report)


@pytest.mark.parametrize(
    ("deceased", "said", "age"),
    [
        ({"deceasedDateTime": "2026-03-01T03:00:00Z"}, "deceased on 2026-03-01", 64),  # born 1961-04-12
        ({"deceasedBoolean": True}, "deceasedBoolean true", None),
        ({"deceasedDateTime": "2025"}, "deceasedDateTime 2025", None),  # died, day unknown
    ],
)
def test_a_deceased_patient_is_named_in_the_report_and_ages_no_more(deceased, said, age):
    # E21: FHIR R4 Patient.deceased[x] (boolean | dateTime) is a modifier element
    # (https://hl7.org/fhir/R4/patient-definitions.html#Patient.deceased_x_). Age: full years from birth to the day
    # of death when that is before the assessment date (1961-04-12 to 2026-03-01 = 64; to 2026-11-01 it would be 65).
    [patient] = import_resources([PATIENT | deceased], AS_OF).patients
    assert patient.report.refused == []
    assert any(said in s.reason for s in patient.report.skipped), [s.reason for s in patient.report.skipped]
    assert patient.case is not None
    if age is not None:
        assert patient.case.age_years == age


def test_a_patient_not_deceased_gets_no_deceased_note():
    # FHIR R4 Patient.deceasedBoolean false: the patient is alive; nothing to report.
    [patient] = import_resources([PATIENT | {"deceasedBoolean": False}], AS_OF).patients
    assert not any("deceased" in s.reason for s in patient.report.skipped)


GTS = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation"


@pytest.mark.parametrize(
    ("timing", "per_day"),
    [
        ({"code": {"coding": [{"system": GTS, "code": "QD"}]}}, 1),
        ({"code": {"coding": [{"system": GTS, "code": "BID"}]}}, 2),
        ({"code": {"coding": [{"system": GTS, "code": "TID"}]}}, 3),
        ({"code": {"coding": [{"system": GTS, "code": "QID"}]}}, 4),
        (
            {
                "code": {"coding": [{"system": GTS, "code": "TID"}]},
                "repeat": {"boundsPeriod": {"start": "2026-08-01"}},
            },
            3,
        ),
        ({"code": {"coding": [{"system": GTS, "code": "Q8H"}]}}, None),  # not one of the four: not computed
        ({"code": {"coding": [{"system": GTS, "code": "AM"}]}}, None),
        ({"code": {"coding": [{"system": "urn:example:site", "code": "TID"}]}}, None),  # another system
        ({"code": {"text": "TID"}}, None),
        (  # the code and the structured data disagree: neither is trusted
            {
                "code": {"coding": [{"system": GTS, "code": "BID"}]},
                "repeat": {"frequency": 3, "period": 1, "periodUnit": "d"},
            },
            None,
        ),
        (
            {
                "code": {"coding": [{"system": GTS, "code": "TID"}]},
                "repeat": {"frequency": 3, "period": 1, "periodUnit": "d"},
            },
            3,
        ),
    ],
)
def test_a_timing_given_only_by_its_gts_abbreviation_code_gives_the_doses_and_daily_dose(timing, per_day):
    # FHIR R4 Timing.code (https://hl7.org/fhir/R4/datatypes-definitions.html#Timing.code): "either the code or the
    # data may be used to interpret the Timing", bounds still apply over the code; TimingAbbreviation
    # (https://hl7.org/fhir/R4/valueset-timing-abbreviation.html): QD every day, BID two, TID three, QID four times
    # a day. Fact sheet §2.6: 310431 gabapentin 300 MG Oral Capsule [V]; 1 capsule per dose.
    order = _order(medicationCodeableConcept={"coding": [GABAPENTIN_300]})
    order["dosageInstruction"][0]["timing"] = timing
    case, _ = _import(order)
    [medication] = case.medications
    assert medication.doses_per_day == per_day
    assert medication.dose_mg_per_day == (300 * per_day if per_day else None)
