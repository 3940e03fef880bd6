"""FHIR R4 out: a case and its assessment as a Bundle, or many cases as Bulk Data NDJSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from fbss.clinical.assess import assess
from fbss.clinical.assessment import Assessment
from fbss.clinical.case import Case
from fbss.fhir.codes import CANONICAL
from fbss.fhir.export.assessment_resources import assessment_resources
from fbss.fhir.export.case_resources import case_resources, patient_id

Resource = dict[str, Any]

__all__ = ["case_bundle", "case_resources", "export_resources", "ndjson_files", "patient_id"]


def export_resources(case: Case, assessment: Assessment | None = None) -> list[Resource]:
    """The case's facts and its assessment (assessed now when not given) as R4 resources."""
    assessment = assessment if assessment is not None else assess(case)
    return [*case_resources(case), *assessment_resources(case, assessment)]


def case_bundle(case: Case, assessment: Assessment | None = None) -> Resource:
    """One case as a `collection` Bundle; references are relative to each entry's fullUrl."""
    resources = export_resources(case, assessment)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": f"{case.assessment_date.isoformat()}T00:00:00Z",
        "entry": [
            {"fullUrl": f"{CANONICAL}/{r['resourceType']}/{r['id']}", "resource": r} for r in resources
        ],
    }


def ndjson_files(cases: Iterable[Case]) -> dict[str, bytes]:
    """Bulk Data style output: `<Type>.ndjson` -> one resource a line, for every case."""
    lines: dict[str, list[bytes]] = {}
    seen: set[tuple[str, str]] = set()
    for case in cases:
        for resource in export_resources(case):
            key = (resource["resourceType"], resource["id"])
            if key in seen:
                continue  # shared resources (the knowledge Device) are written once
            seen.add(key)
            lines.setdefault(f"{resource['resourceType']}.ndjson", []).append(orjson.dumps(resource))
    return {name: b"\n".join(rows) + b"\n" for name, rows in sorted(lines.items())}
