"""Importing material we did not write: Synthea bundles, a Bulk Data export, cds4cpm, official examples."""

from __future__ import annotations

import json

import pytest

from fbss.clinical.case import LabTest
from fbss.fhir.importer import import_path, import_resources, merge
from tests.fhir.conftest import AS_OF


@pytest.mark.parametrize("folder", ["synthea-r4", "synthea-r4-chronic-pain"])
def test_every_synthea_bundle_becomes_one_case_with_nothing_refused(folder, external):
    bundles = sorted((external / folder).glob("*.json"))
    assert bundles
    for bundle in bundles:
        result = import_path(bundle, AS_OF)
        assert result.report.refused == []
        assert len(result.patients) == 1
        patient = result.patients[0]
        assert patient.case is not None, patient.report.refused
        assert patient.report.refused == []
        assert patient.report.mapped, "at least the patient's sex and age"
        assert all(skip.reason for skip in patient.report.skipped)


def test_chronic_pain_condition_is_kept_and_regionless_pain_scores_are_reported(external):
    result = import_path(next((external / "synthea-r4-chronic-pain").glob("*.json")), AS_OF)
    case = result.cases[0]
    assert any(d.code == "82423001" for d in case.diagnoses)
    reasons = result.patients[0].report.skip_reasons()
    assert any("without its region" in reason for reason in reasons)
    assert case.pain == (), "an NRS without back or leg is not turned into a pain report"


def test_bulk_export_gives_one_case_per_patient_and_names_the_export_log(external):
    folder = external / "synthea-bulk-ndjson-10"
    patients = len((folder / "Patient.000.ndjson").read_text().splitlines())
    result = import_path(folder, AS_OF)
    assert len(result.cases) == patients
    assert result.report.refused == []
    assert any(skip.reason.startswith("Bulk Data export log") for skip in result.report.skipped)
    unsupported = {s.reason for s in result.report.skipped if s.reason.startswith("unsupported")}
    assert "unsupported resource type Encounter" in unsupported


def test_importing_the_same_data_twice_gives_the_same_cases(external):
    folder = external / "synthea-bulk-ndjson-10"
    first = import_path(folder, AS_OF).cases
    second = import_path(folder, AS_OF).cases
    assert first == second
    assert [merge(case, case) for case in first] == first
    assert [merge(merge(case, again), again) for case, again in zip(first, second, strict=True)] == first


def test_the_cds4cpm_bundle_is_read_as_a_questionnaire_definition(external):
    result = import_path(external / "cds4cpm" / "tests-questionnaire-bundle.json", AS_OF)
    assert result.patients == []
    assert [skip.reason for skip in result.report.skipped] == [
        "Questionnaire: a definition, used while mapping"
    ]


def test_official_examples_of_the_mapped_types_import_or_are_skipped_with_a_reason(external):
    kinds = ("Patient", "Condition", "Procedure", "Observation", "MedicationRequest", "MedicationStatement")
    resources = []
    for kind in kinds:
        for path in sorted((external / "fhir-r4-official" / "examples").glob(f"{kind}-*.json")):
            resources.append(json.loads(path.read_text()))
    assert len(resources) > 100
    result = import_resources(resources, AS_OF)
    assert result.report.refused == []
    handled = len(result.report.skipped) + sum(
        len({m.resource for m in p.report.mapped} | {s.resource for s in p.report.skipped})
        for p in result.patients
    )
    assert handled >= len(resources) - sum(1 for p in result.patients)  # no resource silently dropped


def test_synthea_labs_in_accepted_units_are_imported_and_others_refused_by_unit(external):
    lab_tests: set[LabTest] = set()
    wrong_unit = 0
    for bundle in sorted((external / "synthea-r4-chronic-pain").glob("*.json")):
        result = import_path(bundle, AS_OF)
        lab_tests |= {lab.test for case in result.cases for lab in case.labs}
        wrong_unit += sum(
            1 for p in result.patients for s in p.report.skipped if s.reason.startswith("wrong unit")
        )
    assert {LabTest.WBC, LabTest.PLATELETS} <= lab_tests


@pytest.mark.parametrize("folder", ["synthea-r4", "synthea-r4-chronic-pain"])
def test_synthea_renal_function_is_read_not_skipped(folder, external):
    """Synthea sends creatinine as 38483-4 (in blood) and eGFR as 33914-3 (MDRD): both reach the case, for the
    renal dose checks, and no bundle skips them as an unknown observation."""
    renal: set[LabTest] = set()
    for bundle in sorted((external / folder).glob("*.json")):
        result = import_path(bundle, AS_OF)
        renal |= {lab.test for case in result.cases for lab in case.labs} & {LabTest.CREATININE, LabTest.EGFR}
        reasons = " ".join(s.reason for p in result.patients for s in p.report.skipped)
        assert "38483-4" not in reasons, bundle.name
        assert "33914-3" not in reasons, bundle.name
    assert renal
