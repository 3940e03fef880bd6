"""Hostile strings in every text a mapper reads are stored as given or refused with a reason, never a crash."""

from __future__ import annotations

import json

import pytest

from fbss.fhir.importer import import_resources
from tests.fhir.conftest import AS_OF, external_root


def _strings() -> list[str]:
    return [s for s in json.loads((external_root() / "hostile-input" / "blns.json").read_text()) if s.strip()]


def _resources(text: str) -> list[dict]:
    subject = {"reference": "Patient/p1"}
    return [
        {"resourceType": "Patient", "id": "p1"},
        {
            "resourceType": "Condition",
            "subject": subject,
            "code": {
                "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M96.1", "display": text}]
            },
        },
        {
            "resourceType": "Procedure",
            "status": "completed",
            "subject": subject,
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "387731002"}], "text": text},
            "bodySite": [{"text": text}],
        },
        {
            "resourceType": "MedicationStatement",
            "status": "active",
            "subject": subject,
            "medicationCodeableConcept": {"text": text},
        },
        {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "questionnaire": text,
            "subject": subject,
            "item": [{"linkId": text, "answer": [{"valueString": text}]}],
        },
    ]


@pytest.mark.parametrize("chunk", range(4))
def test_hostile_strings_are_kept_or_refused_with_a_reason(chunk):
    strings = _strings()
    for text in strings[chunk::4]:
        result = import_resources(_resources(text), AS_OF)
        for refused in result.report.refused:
            assert refused.path
            assert refused.message
        for patient in result.patients:
            assert patient.case is not None
            assert all(skip.reason for skip in patient.report.skipped)
            for diagnosis in patient.case.diagnoses:
                assert diagnosis.display == "Postlaminectomy syndrome, not elsewhere classified"
