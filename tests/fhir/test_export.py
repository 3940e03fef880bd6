"""FHIR R4 out: every resource validates against the official schema, and export -> import gives the same Case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft6Validator

from fbss.clinical.assess import assess
from fbss.clinical.assessment import Assessment
from fbss.clinical.case import Case
from fbss.clinical.finding import Because, Coding, Finding, Kind, Severity, Status
from fbss.clinical.sources import NICE_NG59, NICE_TA159
from fbss.fhir import read
from fbss.fhir.export import case_bundle, export_resources, ndjson_files
from fbss.fhir.importer import import_found, import_path, recorded_assessment_date
from tests.fhir.conftest import RICH_CASE


def _assert_official(resources: list[dict[str, Any]], official: dict[str, Any]) -> None:
    for resource in resources:
        validator = Draft6Validator({"$ref": f"#/definitions/{resource['resourceType']}", **official})
        problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(resource)]
        assert problems == [], (resource["resourceType"], resource["id"], problems)


def _reimport(bundle: dict[str, Any]) -> Case:
    found, refused = read.from_json("export", bundle)
    assert refused == []
    as_of = recorded_assessment_date(found)
    assert as_of is not None
    result = import_found(found, refused, as_of)
    [patient] = result.patients
    assert patient.report.skipped == []
    assert patient.report.refused == []
    assert patient.case is not None
    return patient.case


SAMPLE_FINDINGS = (
    Finding(
        "redflag.infection",
        Kind.RED_FLAG,
        "Possible post-operative infection",
        Status.MET,
        (NICE_NG59,),
        severity=Severity.URGENT,
        because=(Because("labs[0].value", 3.2), Because("red_flags.fever", True)),
        action="Urgent spinal team review",
        timeframe="today",
    ),
    Finding(
        "criteria.fbss",
        Kind.CRITERIA,
        "Persistent spinal pain syndrome type 2 (FBSS) criteria met",
        Status.MET,
        (NICE_NG59,),
        because=(Because("surgeries[0].date", "2024-03-02"), Because("pain[1].nrs_now", 7)),
        codes=(Coding("http://hl7.org/fhir/sid/icd-10-cm", "M96.1", "Postlaminectomy syndrome"),),
    ),
    Finding(
        "score.phq9",
        Kind.SCORE,
        "PHQ-9 9: mild",
        Status.MET,
        (NICE_NG59,),
        value=9,
        data={"band": "mild", "position": 0, "date": "2026-09-30"},
    ),
    Finding(
        "safety.antithrombotic.apixaban.scs_trial",
        Kind.SAFETY,
        "Apixaban must be held before the SCS trial",
        Status.MET,
        (NICE_TA159,),
        severity=Severity.WARNING,
        because=(
            Because("medications[1].name", "apixaban"),
            Because("planned_procedures[0].procedure", "scs_trial"),
        ),
    ),
    Finding(
        "plan.physiotherapy",
        Kind.PLAN,
        "Start graded physiotherapy",
        Status.MET,
        (NICE_NG59,),
        data={"order": 1, "role": "physiotherapist", "option": "physiotherapy", "held": False},
    ),
    Finding(
        "referral.surgical",
        Kind.REFERRAL,
        "Refer to a spinal surgeon",
        Status.MET,
        (NICE_NG59,),
        data={"causes": ["recurrent_disc"]},
    ),
    Finding(
        "workup.mri_gadolinium",
        Kind.WORKUP,
        "Gadolinium MRI",
        Status.MET,
        (NICE_NG59,),
        data={"state": "needed", "for": ["recurrent_disc"]},
    ),
)


def test_a_rich_case_comes_back_identical_after_export_and_import(rich_case):
    assert _reimport(case_bundle(rich_case)) == rich_case


def test_a_case_without_an_id_or_facts_comes_back_identical():
    bare = Case(assessment_date="2026-01-05")
    assert _reimport(case_bundle(bare)) == bare


def test_every_exported_resource_validates_against_the_official_r4_schema(rich_case, official_schema):
    assessment = Assessment("test", rich_case.assessment_date, rich_case.case_id, SAMPLE_FINDINGS)
    resources = export_resources(rich_case, assessment)
    kinds = {r["resourceType"] for r in resources}
    assert {
        "Condition",
        "DetectedIssue",
        "CarePlan",
        "ServiceRequest",
        "Task",
        "Provenance",
        "Observation",
    } <= kinds
    _assert_official(resources, official_schema)
    _assert_official([case_bundle(rich_case, assessment)], official_schema)


def test_the_real_assessment_exports_valid_resources(rich_case, official_schema):
    _assert_official(export_resources(rich_case, assess(rich_case)), official_schema)


def test_assessment_resources_name_the_knowledge_version_and_sources(rich_case):
    assessment = Assessment("2099.1.0", rich_case.assessment_date, rich_case.case_id, SAMPLE_FINDINGS)
    resources = export_resources(rich_case, assessment)
    provenance = next(r for r in resources if r["resourceType"] == "Provenance")
    assert "2099.1.0" in provenance["agent"][0]["who"]["display"]
    assert NICE_NG59.url in provenance["policy"]
    assert NICE_TA159.url in provenance["policy"]
    condition = next(r for r in resources if r["resourceType"] == "Condition" and "derived" in str(r["meta"]))
    assert condition["verificationStatus"]["coding"][0]["code"] == "provisional"
    assert {"reference": "Procedure/demo-1-surgery-0"} in condition["evidence"][0]["detail"]
    issue = next(r for r in resources if r["resourceType"] == "DetectedIssue" and "apixaban" in r["id"])
    assert {"reference": "MedicationStatement/demo-1-medication-1"} in issue["implicated"]
    plan = next(r for r in resources if r["resourceType"] == "CarePlan")
    assert len(plan["activity"]) == 3


def test_derived_resources_are_skipped_on_import(rich_case):
    assessment = Assessment("test", rich_case.assessment_date, rich_case.case_id, SAMPLE_FINDINGS)
    found, refused = read.from_json("export", case_bundle(rich_case, assessment))
    result = import_found(found, refused, rich_case.assessment_date)
    assert result.cases == [rich_case]
    assert all(skip.reason == "derived by an fbss assessment" for skip in result.report.skipped)


def test_many_cases_export_to_ndjson_and_import_back(tmp_path: Path, rich_case):
    other = Case.model_validate({**RICH_CASE, "case_id": "demo-2", "sex": "male", "diagnoses": []})
    for name, content in ndjson_files([rich_case, other]).items():
        (tmp_path / name).write_bytes(content)
    assert (tmp_path / "Patient.ndjson").read_text().count("\n") == 2
    result = import_path(tmp_path, rich_case.assessment_date)
    assert result.report.refused == []
    assert sorted(result.cases, key=lambda c: c.case_id or "") == [rich_case, other]


def test_exporting_twice_gives_identical_output(rich_case):
    assessment = Assessment("test", rich_case.assessment_date, rich_case.case_id, SAMPLE_FINDINGS)
    assert case_bundle(rich_case, assessment) == case_bundle(rich_case, assessment)


@pytest.mark.parametrize("field", ["exam", "red_flags", "scs"])
def test_recorded_but_empty_parts_survive_the_round_trip(field, rich_case):
    emptied = rich_case.model_copy(update={field: type(getattr(rich_case, field))()})
    assert _reimport(case_bundle(emptied)) == emptied


def test_every_case_field_has_a_home_in_the_export():
    from fbss.fhir.mappers.patient import OWN_RESOURCES, PATIENT_FIELDS

    assert set(Case.model_fields) == set(OWN_RESOURCES) | set(PATIENT_FIELDS)
