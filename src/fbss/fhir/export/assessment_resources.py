"""FHIR R4 out, the conclusions: Assessment -> Condition (FBSS), Observation per score, DetectedIssue per open
red flag or safety finding, ServiceRequest per planned step, referral and needed test, one CarePlan, a Task per
care-team step, and a Provenance naming the knowledge version and every source.

All are tagged `derived`: an import skips them and assesses the case again, so nothing is read back twice.
Statuses say what the software is: FBSS is `provisional` until a clinician confirms it, requests are `draft`.
"""

from __future__ import annotations

import re
from typing import Any

from fbss.clinical.assessment import Assessment
from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Kind, Severity, Status
from fbss.clinical.instruments import INSTRUMENTS
from fbss.clinical.sources import Source
from fbss.fhir.codes import CANONICAL, LOINC, our_system
from fbss.fhir.export.case_resources import patient_id, resource_for_path
from fbss.fhir.mapping import DERIVED_TAG

Resource = dict[str, Any]
FINDING_SYSTEM = our_system("finding")
_SEVERITY = {
    Severity.EMERGENCY: "high",
    Severity.URGENT: "high",
    Severity.WARNING: "moderate",
    Severity.INFO: "low",
}
_SAFE_ID = re.compile(r"[^A-Za-z0-9\-.]")


def assessment_resources(case: Case, assessment: Assessment) -> list[Resource]:
    """The assessment as standard resources, the Provenance last."""
    pid = patient_id(case)
    found: list[Resource] = []
    for finding in assessment.findings:
        found += _for_finding(case, pid, finding)
    requests = [r for r in found if r["resourceType"] == "ServiceRequest"]
    if requests:
        found.append(_care_plan(case, pid, requests))
    found.append(_device(assessment))
    found.append(_provenance(case, pid, assessment, found))
    return found


def source_url(source: Source) -> str:
    """The source's own URL, else its DOI as a URL, else its entry in our source list."""
    if source.url:
        return source.url
    if source.doi:
        return f"https://doi.org/{source.doi}"
    return f"{CANONICAL}/source/{source.id}"


def _for_finding(case: Case, pid: str, finding: Finding) -> list[Resource]:
    if finding.code == "criteria.fbss" and finding.status is Status.MET:
        return [_fbss_condition(case, pid, finding)]
    if finding.kind is Kind.SCORE and finding.value is not None:
        return [_score(case, pid, finding)]
    if finding.kind in (Kind.RED_FLAG, Kind.SAFETY) and finding.status is Status.MET:
        return [_detected_issue(case, pid, finding)]
    if finding.kind is Kind.PLAN and finding.status is not Status.NOT_APPLICABLE:
        request = _request(case, pid, finding, "plan")
        return [request, *_task(pid, finding, request)]
    if finding.kind is Kind.REFERRAL and finding.status is Status.MET:
        return [_request(case, pid, finding, "proposal")]
    if finding.kind is Kind.WORKUP and finding.status is Status.MET and finding.data.get("state") == "needed":
        return [_request(case, pid, finding, "proposal")]
    return []


def _rid(pid: str, finding: Finding, suffix: str = "") -> str:
    return _SAFE_ID.sub("-", f"{pid}-{finding.code}{suffix}")[:64]


def _base(kind: str, rid: str) -> Resource:
    return {"resourceType": kind, "id": rid, "meta": {"tag": [dict(DERIVED_TAG)]}}


def _finding_code(finding: Finding) -> dict[str, Any]:
    return {"coding": [{"system": FINDING_SYSTEM, "code": finding.code}], "text": finding.title}


def _evidence(case: Case, finding: Finding) -> list[dict[str, str]]:
    references = dict.fromkeys(resource_for_path(case, because.path) for because in finding.because)
    return [{"reference": reference} for reference in references]


def _fbss_condition(case: Case, pid: str, finding: Finding) -> Resource:
    resource = _base("Condition", _rid(pid, finding))
    verification = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
    clinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
    codes = [{"system": c.system, "code": c.code, "display": c.display} for c in finding.codes]
    resource.update(
        clinicalStatus={"coding": [{"system": clinical, "code": "active"}]},
        verificationStatus={"coding": [{"system": verification, "code": "provisional"}]},
        code={"coding": codes, "text": finding.title},
        subject={"reference": f"Patient/{pid}"},
        recordedDate=case.assessment_date.isoformat(),
    )
    evidence = _evidence(case, finding)
    if evidence:
        resource["evidence"] = [{"detail": evidence}]
    return resource


def _score(case: Case, pid: str, finding: Finding) -> Resource:
    resource = _base("Observation", _rid(pid, finding))
    instrument = INSTRUMENTS.get(finding.code.removeprefix("score."))
    coding = [{"system": FINDING_SYSTEM, "code": finding.code}]
    if instrument is not None and instrument.loinc_total:
        coding.insert(0, {"system": LOINC, "code": instrument.loinc_total})
    survey = "http://terminology.hl7.org/CodeSystem/observation-category"
    resource.update(
        status="final",
        category=[{"coding": [{"system": survey, "code": "survey"}]}],
        code={"coding": coding, "text": finding.title},
        subject={"reference": f"Patient/{pid}"},
        valueQuantity={"value": finding.value, "system": "http://unitsofmeasure.org", "code": "{score}"},
    )
    when = finding.data.get("date")
    resource["effectiveDateTime"] = str(when) if when else case.assessment_date.isoformat()
    if finding.data.get("band"):
        resource["interpretation"] = [{"text": str(finding.data["band"])}]
    position = finding.data.get("position")
    if isinstance(position, int):
        resource["derivedFrom"] = [{"reference": resource_for_path(case, f"instruments[{position}]")}]
    return resource


def _detected_issue(case: Case, pid: str, finding: Finding) -> Resource:
    resource = _base("DetectedIssue", _rid(pid, finding))
    resource.update(
        status="final",
        code=_finding_code(finding),
        patient={"reference": f"Patient/{pid}"},
        identifiedDateTime=case.assessment_date.isoformat(),
        detail=finding.detail or finding.title,
    )
    if finding.severity:
        resource["severity"] = _SEVERITY[finding.severity]
    implicated = _evidence(case, finding)
    if implicated:
        resource["implicated"] = implicated
    if finding.action:
        action = {"text": finding.action + (f" ({finding.timeframe})" if finding.timeframe else "")}
        resource["mitigation"] = [{"action": action}]
    sources = [source_url(source) for source in finding.sources]
    resource["reference"] = sources[0]
    return resource


def _request(case: Case, pid: str, finding: Finding, intent: str) -> Resource:
    resource = _base("ServiceRequest", _rid(pid, finding))
    resource.update(
        status="draft",
        intent=intent,
        code=_finding_code(finding),
        subject={"reference": f"Patient/{pid}"},
        authoredOn=case.assessment_date.isoformat(),
    )
    if finding.kind is Kind.REFERRAL:
        resource["category"] = [{"text": "referral"}]
    if finding.action:
        resource["note"] = [{"text": finding.action}]
    reasons = _evidence(case, finding)
    if reasons:
        resource["reasonReference"] = reasons
    return resource


def _task(pid: str, finding: Finding, request: Resource) -> list[Resource]:
    role = finding.data.get("role")
    if not role:
        return []
    task = _base("Task", _rid(pid, finding, "-task"))
    task.update(
        status="requested",
        intent="plan",
        description=finding.title,
        focus={"reference": f"ServiceRequest/{request['id']}"},
        owner={"display": str(role)},
    )
    task["for"] = {"reference": f"Patient/{pid}"}
    return [task]


def _care_plan(case: Case, pid: str, requests: list[Resource]) -> Resource:
    resource = _base("CarePlan", f"{pid}-careplan")
    ordered = sorted(requests, key=lambda r: (r["intent"] != "plan", requests.index(r)))
    resource.update(
        status="draft",
        intent="plan",
        title="FBSS care plan (proposed by fbss; clinicians decide)",
        subject={"reference": f"Patient/{pid}"},
        created=case.assessment_date.isoformat(),
        activity=[{"reference": {"reference": f"ServiceRequest/{r['id']}"}} for r in ordered],
    )
    return resource


def _device(assessment: Assessment) -> Resource:
    version = assessment.knowledge_version
    resource = _base("Device", "fbss-" + _SAFE_ID.sub("-", version))
    resource.update(
        deviceName=[{"name": "fbss clinical knowledge", "type": "model-name"}],
        version=[{"value": version}],
    )
    return resource


def _provenance(case: Case, pid: str, assessment: Assessment, derived: list[Resource]) -> Resource:
    device = next(r for r in derived if r["resourceType"] == "Device")
    resource = _base("Provenance", f"{pid}-provenance")
    targets = [{"reference": f"{r['resourceType']}/{r['id']}"} for r in derived if r is not device]
    resource.update(
        target=targets or [{"reference": f"Patient/{pid}"}],
        occurredDateTime=case.assessment_date.isoformat(),
        recorded=f"{case.assessment_date.isoformat()}T00:00:00Z",
        agent=[
            {
                "who": {
                    "reference": f"Device/{device['id']}",
                    "display": f"fbss, knowledge version {assessment.knowledge_version}",
                }
            }
        ],
        entity=[{"role": "source", "what": {"reference": f"Patient/{pid}"}}],
    )
    policies = sorted({source_url(source) for source in assessment.sources.values()})
    if policies:
        resource["policy"] = policies
    return resource
