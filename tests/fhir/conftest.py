"""Fixtures for the FHIR tests: the third-party material in shared/external, and a case rich in facts."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from fbss.clinical.case import Case

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 1)


def external_root() -> Path:
    """shared/external beside the repository (CI's layout), or where FBSS_SHARED_EXTERNAL points."""
    candidate = Path(os.environ.get("FBSS_SHARED_EXTERNAL", REPO.parent / "shared" / "external"))
    if not candidate.is_dir():
        raise FileNotFoundError(
            f"{candidate} (third-party test material) is missing; set FBSS_SHARED_EXTERNAL"
        )
    return candidate


@pytest.fixture(scope="session")
def external() -> Path:
    return external_root()


@pytest.fixture(scope="session")
def official_schema(external: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((external / "fhir-r4-official" / "fhir.schema.json").read_text())
    return schema


RICH_CASE: dict[str, Any] = {
    "case_id": "demo-1",
    "assessment_date": "2026-10-01",
    "age_years": 54,
    "sex": "female",
    "weight_kg": 81.5,
    "height_cm": 168,
    "surgeries": [
        {
            "type": "discectomy",
            "date": "2024-03-02",
            "levels": ["L4-L5"],
            "index": True,
            "instrumented": False,
            "description": "left L4-5 microdiscectomy",
        },
        {"type": "fusion", "date": "2025-01-10", "levels": ["L4-L5", "L5-S1"]},
    ],
    "operation_count": 2,
    "pain": [
        {"region": "back", "nrs_average": 5, "descriptors": []},
        {
            "region": "leg",
            "side": "left",
            "dermatomes": ["L5"],
            "nrs_now": 7,
            "descriptors": ["burning", "shooting"],
            "below_knee": True,
            "course": "persisted",
        },
    ],
    "red_flags": {"fever": False, "history_of_cancer": False, "saddle_anaesthesia": False},
    "exam": {
        "date": "2026-09-30",
        "straight_leg_raise": [{"side": "left", "positive": True, "angle_degrees": 40}],
        "motor": [],
        "reflexes": [{"side": "left", "reflex": "achilles", "response": "reduced"}],
    },
    "tests": [
        {
            "kind": "mri_gadolinium",
            "date": "2026-08-01",
            "findings": [{"type": "epidural_fibrosis", "level": "L4-L5", "enhancement": "homogeneous"}],
            "report": "enhancing scar L4-L5 left",
        },
        {"kind": "emg_ncs", "status": "ordered"},
    ],
    "labs": [
        {"test": "crp", "value": 3.2, "date": "2026-09-01"},
        {"test": "egfr", "value": 72, "date": "2026-09-01"},
        {"test": "creatinine", "value": 88.4, "unit": "umol/L", "date": "2026-09-01"},
        {"test": "crcl", "value": 70},
    ],
    "medications": [
        {"name": "gabapentin", "dose_mg_per_day": 900, "doses_per_day": 3, "start": "2025-06-01"},
        {"name": "apixaban", "rxnorm": "1364430", "prevention": "secondary"},
        {"name": "pregabalin", "status": "planned", "dose_mg_per_day": 150},
        {"name": "tramadol", "status": "stopped", "stop": "2025-12-01", "response": "no_help"},
    ],
    "prior_treatments": [
        {"kind": "physical_therapy", "sessions": 12, "response": "partial", "start": "2025-02-01"},
        {"kind": "epidural_steroid_injection", "epidural_route": "transforaminal", "relief_percent": 30},
    ],
    "instruments": [
        {"instrument": "phq9", "date": "2026-09-30", "answers": {str(i): 1 for i in range(1, 10)}},
        {"instrument": "peg", "date": "2026-09-30", "answers": {"1": 6, "2": 5, "3": None}},
    ],
    "planned_procedures": [{"procedure": "scs_trial", "date": "2026-12-01"}],
    "conditions": {"pregnancy": False},
    "psychosocial": {"secondary_gain": False},
    "scs": {"mdt_assessed": True, "psych_evaluation": {"outcome": "cleared"}},
    "goals": [{"goal": "walk 2 km"}],
    "guideline_choices": [
        {
            "conflict": "treatment.conflict.gabapentinoids_sciatica",
            "guideline": "nice-cg173",
            "reason": "neuropathic leg pain; discussed with the patient",
            "date": "2026-09-30",
        }
    ],
    "diagnoses": [
        {
            "system": "http://hl7.org/fhir/sid/icd-10-cm",
            "code": "M96.1",
            "display": "Postlaminectomy syndrome, not elsewhere classified",
            "active": True,
        }
    ],
}


@pytest.fixture
def rich_case() -> Case:
    return Case.model_validate(RICH_CASE)
