"""One mapper per FHIR resource type, listed in MAPPERS. Each turns one resource into Case parts or a skip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fbss.fhir.mappers import (
    condition,
    diagnostic_report,
    medication,
    observation,
    patient,
    procedure,
    questionnaire_response,
    service_request,
)
from fbss.fhir.mapping import Context, Outcome

Mapper = Callable[[dict[str, Any], Context], list[Outcome]]

MAPPERS: dict[str, Mapper] = {
    "Patient": patient.map_patient,
    "Condition": condition.map_condition,
    "Procedure": procedure.map_procedure,
    "Observation": observation.map_observation,
    "QuestionnaireResponse": questionnaire_response.map_questionnaire_response,
    "MedicationRequest": medication.map_medication_request,
    "MedicationStatement": medication.map_medication_statement,
    "DiagnosticReport": diagnostic_report.map_diagnostic_report,
    "ServiceRequest": service_request.map_service_request,
}

# Resources read for what they define, not mapped themselves.
DEFINITIONS = frozenset({"Questionnaire", "Medication"})
