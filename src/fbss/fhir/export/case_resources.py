"""FHIR R4 out, the facts: Case -> Patient, Procedure, Observation, DiagnosticReport, MedicationStatement /
MedicationRequest, QuestionnaireResponse, ServiceRequest, Condition.

Standard elements and verified codes are filled for other systems to read; every resource is tagged as fbss
case facts and carries the exact Case part in our extension, so importing the export gives back the same Case.
Ids are derived from the case and the position of each fact, so exporting twice gives identical output.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from fbss.clinical.case import (
    Case,
    Diagnosis,
    DiagnosticTest,
    InstrumentResponse,
    LabResult,
    Medication,
    MedicationStatus,
    PainReport,
    PlannedProcedure,
    PriorTreatment,
    Surgery,
    TestStatus,
)
from fbss.clinical.units import CANONICAL_UNIT
from fbss.fhir import extensions
from fbss.fhir.codes import (
    BODY_HEIGHT,
    BODY_WEIGHT,
    CASE_ID_SYSTEM,
    LAB_CODES,
    LAB_EXPORT_CODE,
    LOINC,
    RXNORM,
    SURGERY_CODES,
    SURGERY_EXPORT_CODE,
    THERAPY_CODES,
    UCUM,
    our_extension,
    our_system,
)
from fbss.fhir.mappers import diagnostic_report, medication, observation, patient, procedure, service_request
from fbss.fhir.mappers.questionnaire_response import OUR_QUESTIONNAIRE
from fbss.fhir.mapping import CASE_TAG

Resource = dict[str, Any]
_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,40}$")
_UCUM_OF_CANONICAL = {"mL/min/1.73m2": "mL/min/{1.73_m2}"}
_TEST_STATUS = {
    TestStatus.ORDERED: "registered",
    TestStatus.RESULTED: "final",
    TestStatus.CANCELLED: "cancelled",
}
_CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"


def patient_id(case: Case) -> str:
    """The case id when it is a valid FHIR id (up to 40 characters), else a digest of the case."""
    if case.case_id and _FHIR_ID.match(case.case_id):
        return case.case_id
    basis = case.case_id or case.model_dump_json()
    return "c" + hashlib.sha256(basis.encode()).hexdigest()[:24]


def case_resources(case: Case) -> list[Resource]:
    """Every fact of the case as R4 resources, the Patient first."""
    pid = patient_id(case)
    found: list[Resource] = [_patient(case, pid)]
    found += _body_size(case, pid)
    parts: list[tuple[str, tuple[Any, ...], Callable[[Any, str, str, Case], Resource]]] = [
        ("surgery", case.surgeries, _surgery),
        ("pain", case.pain, _pain),
        ("test", case.tests, _test),
        ("lab", case.labs, _lab),
        ("medication", case.medications, _medication),
        ("treatment", case.prior_treatments, _prior_treatment),
        ("instrument", case.instruments, _instrument),
        ("planned", case.planned_procedures, _planned),
        ("diagnosis", case.diagnoses, _diagnosis),
    ]
    for name, items, build in parts:
        found += [build(item, f"{pid}-{name}-{index}", pid, case) for index, item in enumerate(items)]
    if case.exam is not None:
        found.append(_exam(case, pid))
    return found


def resource_for_path(case: Case, path: str) -> str:
    """The reference (Type/id) of the exported resource that holds a Case path such as `labs[2].value`."""
    pid = patient_id(case)
    match = re.match(r"^([a-z_]+)(?:\[(\d+)\])?", path)
    if not match:
        return f"Patient/{pid}"
    field, index = match[1], match[2]
    kinds = {
        "surgeries": ("Procedure", "surgery"),
        "pain": ("Observation", "pain"),
        "tests": ("DiagnosticReport", "test"),
        "labs": ("Observation", "lab"),
        "prior_treatments": ("Procedure", "treatment"),
        "instruments": ("QuestionnaireResponse", "instrument"),
        "planned_procedures": ("ServiceRequest", "planned"),
        "diagnoses": ("Condition", "diagnosis"),
    }
    if field == "medications" and index is not None and int(index) < len(case.medications):
        return f"{_medication_type(case.medications[int(index)])}/{pid}-medication-{index}"
    if field in kinds and index is not None:
        kind, name = kinds[field]
        return f"{kind}/{pid}-{name}-{index}"
    if field == "exam":
        return f"Observation/{pid}-exam"
    return f"Patient/{pid}"


def _base(kind: str, rid: str, case_part: tuple[str, BaseModel] | None = None) -> Resource:
    resource: Resource = {"resourceType": kind, "id": rid, "meta": {"tag": [dict(CASE_TAG)]}}
    if case_part is not None:
        name, model = case_part
        resource["extension"] = [extensions.extension(name, model)]
    return resource


def _subject(pid: str) -> dict[str, str]:
    return {"reference": f"Patient/{pid}"}


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    return {"system": system, "code": code, **({"display": display} if display else {})}


def _patient(case: Case, pid: str) -> Resource:
    resource = _base("Patient", pid)
    if case.case_id:
        resource["identifier"] = [{"system": CASE_ID_SYSTEM, "value": case.case_id}]
    if case.sex:
        resource["gender"] = case.sex.value
    facts = extensions.encode(case, patient.PATIENT_FIELDS)
    if facts:
        resource["extension"] = [{"url": our_extension(patient.CASE_FACTS), "extension": facts}]
    return resource


def _body_size(case: Case, pid: str) -> list[Resource]:
    found = []
    for value, known, unit, rid in (
        (case.weight_kg, BODY_WEIGHT, "kg", f"{pid}-weight"),
        (case.height_cm, BODY_HEIGHT, "cm", f"{pid}-height"),
    ):
        if value is None:
            continue
        found.append(
            {
                "resourceType": "Observation",
                "id": rid,
                "status": "final",
                "category": [_vital_signs()],
                "code": {"coding": [_coding(LOINC, known.code, known.display)]},
                "subject": _subject(pid),
                "effectiveDateTime": case.assessment_date.isoformat(),
                "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
            }
        )
    return found


def _vital_signs() -> dict[str, Any]:
    system = "http://terminology.hl7.org/CodeSystem/observation-category"
    return {"coding": [_coding(system, "vital-signs", "Vital Signs")]}


def _surgery(surgery: Surgery, rid: str, pid: str, case: Case) -> Resource:
    resource = _base("Procedure", rid, (procedure.SURGERY, surgery))
    resource.update(status="completed", subject=_subject(pid))
    coding = [_coding(our_system("surgery-type"), surgery.type.value)]
    if surgery.type in SURGERY_EXPORT_CODE:
        system, code = SURGERY_EXPORT_CODE[surgery.type]
        coding.insert(0, _coding(system, code, SURGERY_CODES[(system, code)][1].display))
    resource["code"] = {"coding": coding, **({"text": surgery.description} if surgery.description else {})}
    if surgery.date:
        resource["performedDateTime"] = surgery.date.isoformat()
    if surgery.levels:
        resource["bodySite"] = [{"text": level} for level in surgery.levels]
    return resource


def _pain(report: PainReport, rid: str, pid: str, case: Case) -> Resource:
    resource = _base("Observation", rid, (observation.PAIN_REPORT, report))
    code = _coding(our_system("observation"), f"pain-{report.region.value}", f"{report.region.value} pain")
    resource.update(status="final", code={"coding": [code]}, subject=_subject(pid))
    if report.intensity is not None:
        resource["valueInteger"] = report.intensity
    return resource


def _exam(case: Case, pid: str) -> Resource:
    assert case.exam is not None
    resource = _base("Observation", f"{pid}-exam", (observation.EXAM, case.exam))
    code = _coding(our_system("observation"), "physical-exam", "Physical examination")
    resource.update(status="final", code={"coding": [code]}, subject=_subject(pid))
    if case.exam.date:
        resource["effectiveDateTime"] = case.exam.date.isoformat()
    return resource


def _test(test: DiagnosticTest, rid: str, pid: str, case: Case) -> Resource:
    resource = _base("DiagnosticReport", rid, (diagnostic_report.TEST, test))
    resource.update(
        status=_TEST_STATUS[test.status],
        code={"coding": [_coding(our_system("test-kind"), test.kind.value)]},
        subject=_subject(pid),
    )
    if test.date:
        resource["effectiveDateTime"] = test.date.isoformat()
    if test.report:
        resource["conclusion"] = test.report
    if test.findings:
        system = our_system("test-finding")
        resource["conclusionCode"] = [{"coding": [_coding(system, f.type.value)]} for f in test.findings]
    return resource


def _lab(lab: LabResult, rid: str, pid: str, case: Case) -> Resource:
    coding = [_coding(our_system("lab-test"), lab.test.value)]
    if lab.test in LAB_EXPORT_CODE:
        code = LAB_EXPORT_CODE[lab.test]
        coding.insert(0, _coding(LOINC, code, LAB_CODES[code][1].display))
    unit = CANONICAL_UNIT[lab.test.value]
    resource: Resource = {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": [
            {"coding": [_coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")]}
        ],
        "code": {"coding": coding},
        "subject": _subject(pid),
        "valueQuantity": {
            "value": lab.value,
            "unit": unit,
            "system": UCUM,
            "code": _UCUM_OF_CANONICAL.get(unit, unit),
        },
    }
    if lab.date:
        resource["effectiveDateTime"] = lab.date.isoformat()
    return resource


def _medication_type(item: Medication) -> str:
    return "MedicationRequest" if item.status is MedicationStatus.PLANNED else "MedicationStatement"


def _medication(item: Medication, rid: str, pid: str, case: Case) -> Resource:
    kind = _medication_type(item)
    resource = _base(kind, rid, (medication.MEDICATION, item))
    concept: dict[str, Any] = {"text": item.name}
    if item.rxnorm:
        concept["coding"] = [_coding(RXNORM, item.rxnorm, item.name)]
    resource.update(medicationCodeableConcept=concept, subject=_subject(pid))
    if kind == "MedicationRequest":
        resource.update(status="draft", intent="proposal")
    else:
        resource["status"] = "active" if item.status is MedicationStatus.ACTIVE else "stopped"
        if item.start or item.stop:
            period = {"start": item.start, "end": item.stop}
            resource["effectivePeriod"] = {k: v.isoformat() for k, v in period.items() if v}
    if item.dose_mg_per_day is not None:
        text = f"{item.dose_mg_per_day:g} mg per day"
        if item.doses_per_day:
            text += f" in {item.doses_per_day} doses"
        resource["dosageInstruction" if kind == "MedicationRequest" else "dosage"] = [{"text": text}]
    return resource


def _prior_treatment(item: PriorTreatment, rid: str, pid: str, case: Case) -> Resource:
    resource = _base("Procedure", rid, (procedure.PRIOR_TREATMENT, item))
    coding = [_coding(our_system("treatment-kind"), item.kind.value)]
    for (system, code), (kind, known) in THERAPY_CODES.items():
        if kind is item.kind:
            coding.insert(0, _coding(system, code, known.display))
            break
    resource.update(status="completed", code={"coding": coding}, subject=_subject(pid))
    if item.start or item.end:
        period = {"start": item.start, "end": item.end}
        resource["performedPeriod"] = {k: v.isoformat() for k, v in period.items() if v}
    return resource


def _instrument(item: InstrumentResponse, rid: str, pid: str, case: Case) -> Resource:
    resource = _base("QuestionnaireResponse", rid)
    resource.update(
        questionnaire=f"{OUR_QUESTIONNAIRE}{item.instrument.value}", status="completed", subject=_subject(pid)
    )
    if item.date:
        resource["authored"] = item.date.isoformat()
    resource["item"] = [_answer_item(link_id, value) for link_id, value in item.answers.items()]
    return resource


def _answer_item(link_id: str, value: bool | int | None) -> dict[str, Any]:
    if value is None:
        return {"linkId": link_id}
    key = "valueBoolean" if isinstance(value, bool) else "valueInteger"
    return {"linkId": link_id, "answer": [{key: value}]}


def _planned(item: PlannedProcedure, rid: str, pid: str, case: Case) -> Resource:
    resource = _base("ServiceRequest", rid, (service_request.PLANNED, item))
    code = _coding(service_request.PROCEDURE_KIND_SYSTEM, item.procedure.value)
    resource.update(status="active", intent="plan", code={"coding": [code]}, subject=_subject(pid))
    if item.date:
        resource["occurrenceDateTime"] = item.date.isoformat()
    if item.level:
        resource["bodySite"] = [{"text": item.level}]
    return resource


def _diagnosis(item: Diagnosis, rid: str, pid: str, case: Case) -> Resource:
    resource = _base("Condition", rid)
    resource.update(code={"coding": [_coding(item.system, item.code, item.display)]}, subject=_subject(pid))
    if item.active is not None:
        status = "active" if item.active else "inactive"
        resource["clinicalStatus"] = {"coding": [_coding(_CLINICAL_STATUS, status)]}
    if item.onset:
        resource["onsetDateTime"] = item.onset.isoformat()
    return resource
