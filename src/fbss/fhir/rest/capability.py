"""GET /fhir/metadata: the CapabilityStatement of what this server does (R4 4.0.1, JSON only)."""

from __future__ import annotations

from typing import Any

from fbss import __version__
from fbss.fhir.codes import CANONICAL
from fbss.fhir.rest.search import READ_TYPES, search_parameters
from fbss.settings import FhirSettings

# Operation definitions of the Bulk Data Access IG (hl7.fhir.uv.bulkdata) and of FHIR R4 ($everything).
BULK_DATA = "http://hl7.org/fhir/uv/bulkdata"
SYSTEM_EXPORT = f"{BULK_DATA}/OperationDefinition/export"
PATIENT_EXPORT = f"{BULK_DATA}/OperationDefinition/patient-export"
BULK_CAPABILITY = f"{BULK_DATA}/CapabilityStatement/bulk-data"
PATIENT_EVERYTHING = "http://hl7.org/fhir/OperationDefinition/Patient-everything"
INGEST = f"{CANONICAL}/OperationDefinition/ingest"  # ours: POST /fhir/$ingest (docs/fhir.md)
RELEASE_DATE = "2026-11-26"


def capability_statement(settings: FhirSettings) -> dict[str, Any]:
    """What a client can do here: read and search each type, $everything, $export, and import ($ingest)."""
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": RELEASE_DATE,
        "publisher": "fbss",
        "kind": "instance",
        "instantiates": [BULK_CAPABILITY],
        "software": {"name": "fbss", "version": __version__},
        "implementation": {"description": "fbss FHIR R4 API", "url": settings.base_url},
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Reads need a logged-in session (POST /api/session; the cookie). A patient reads their own "
                    "record, a clinician the records of their care teams' patients; administrators read none. "
                    "Unknown parameters are refused (400) unless the request says Prefer: handling=lenient."
                ),
                "security": {
                    "cors": False,
                    "description": "Session cookie of the fbss web app; every read is in the audit log.",
                },
                "resource": [_resource(kind) for kind in READ_TYPES],
                "operation": [
                    {"name": "export", "definition": SYSTEM_EXPORT},
                    {"name": "ingest", "definition": INGEST},
                ],
            }
        ],
    }


def _resource(kind: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "type": kind,
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "versioning": "no-version",
        "readHistory": False,
        "updateCreate": False,
        "searchParam": [{"name": name, "type": kind_of} for name, kind_of in search_parameters(kind).items()],
    }
    if kind == "Patient":
        resource["operation"] = [
            {"name": "everything", "definition": PATIENT_EVERYTHING},
            {"name": "export", "definition": PATIENT_EXPORT},
        ]
    return resource
