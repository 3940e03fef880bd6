"""The hook services, one function each, listed in SERVICES. Each maps FHIR to the Case, runs the one `assess`,
and turns its findings into cards; none holds a clinical rule of its own."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from fbss.cdshooks import cards
from fbss.cdshooks.models import Action, Card, HookRequest, ServiceDefinition, Suggestion
from fbss.cdshooks.settings import CdsSettings
from fbss.cdshooks.stores import ScsStateStore
from fbss.clinical.assess import assess
from fbss.clinical.assessment import Assessment
from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.planning.safety.renal import label_regimen
from fbss.fhir.codes import FBSS_CODES, UCUM
from fbss.fhir.importer import import_resources
from fbss.fhir.mappers import MAPPERS
from fbss.fhir.mappers.medication import times_per_day
from fbss.fhir.mapping import Context, Part

PATIENT = "{{context.patientId}}"
RECORD_PREFETCH = {
    "patient": f"Patient/{PATIENT}",
    "conditions": f"Condition?patient={PATIENT}",
    "observations": f"Observation?patient={PATIENT}",
    "procedures": f"Procedure?patient={PATIENT}",
    "medicationRequests": f"MedicationRequest?patient={PATIENT}",
    "medicationStatements": f"MedicationStatement?patient={PATIENT}",
    "questionnaireResponses": f"QuestionnaireResponse?patient={PATIENT}",
}
# Keys of a safety finding's data holding the daily dose to suggest instead (planning's renal dose checks set
# `suggested_mg_per_day` to the band maximum when the dose is above it); the first number found is used.
DOSE_LIMIT_KEYS = ("suggested_mg_per_day", "max_dose_mg_per_day", "adjusted_dose_mg_per_day")


@dataclass(slots=True)
class HookCall:
    """One authenticated hook request with the FHIR data gathered for it."""

    request: HookRequest
    resources: list[dict[str, Any]]
    settings: CdsSettings
    scs_state: ScsStateStore
    issuer: str
    today: dt.date
    unavailable: list[str] = field(default_factory=list)

    @property
    def patient_id(self) -> str:
        return str(self.request.context.get("patientId", ""))

    @property
    def patient_url(self) -> str:
        return self.settings.patient_url(self.patient_id)


@dataclass(frozen=True, slots=True)
class Service:
    definition: ServiceDefinition
    run: Callable[[HookCall], list[Card]]


def patient_case(call: HookCall, drafts: list[dict[str, Any]]) -> Case:
    """The patient's Case as of today from the gathered record plus the draft orders."""
    resources = list(call.resources)
    if not any(r.get("resourceType") == "Patient" and r.get("id") == call.patient_id for r in resources):
        resources.insert(0, {"resourceType": "Patient", "id": call.patient_id})
    # Resources of types no mapper reads are skipped, not checked against the schema (they change nothing).
    result = import_resources(
        [*resources, *drafts], call.today, call.settings.order_codes, check_unused=False
    )
    for patient in result.patients:
        if patient.patient == f"Patient/{call.patient_id}" and patient.case is not None:
            return patient.case
    return Case(case_id=call.patient_id, assessment_date=call.today)


# --- patient-view -----------------------------------------------------------------------------------------


def patient_view(call: HookCall) -> list[Card]:
    """Open red flags first, then FBSS met but not coded, work-up still needed, and a changed SCS pathway."""
    case = patient_case(call, [])
    return patient_view_cards(case, assess(case), call)


def patient_view_cards(case: Case, assessment: Assessment, call: HookCall) -> list[Card]:
    """The patient-view cards of one assessed case, most urgent first."""
    found = [cards.card_for(f, call.patient_url) for f in assessment.open_red_flags]
    fbss = assessment.get("criteria.fbss")
    if fbss is not None and fbss.status is Status.MET and not _fbss_coded(case):
        found.append(_add_fbss_condition(fbss, call))
    needed = [
        f
        for f in assessment.of_kind(Kind.WORKUP)
        if f.status is Status.MET and f.data.get("state") == "needed"
    ]
    if needed:
        found.append(_workup_card(needed, call.patient_url))
    found += _scs_change(assessment, call)
    return sorted(found, key=lambda card: ("critical", "warning", "info").index(card.indicator))


def _fbss_coded(case: Case) -> bool:
    return any((d.system, d.code) in FBSS_CODES and d.active is not False for d in case.diagnoses)


def _add_fbss_condition(finding: Finding, call: HookCall) -> Card:
    condition = {
        "resourceType": "Condition",
        "clinicalStatus": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}
            ]
        },
        "verificationStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                    "code": "provisional",
                }
            ]
        },
        "code": {
            "coding": [{"system": c.system, "code": c.code, "display": c.display} for c in finding.codes]
        },
        "subject": {"reference": f"Patient/{call.patient_id}"},
        "recordedDate": call.today.isoformat(),
    }
    action = Action(type="create", description="Add the diagnosis to the problem list", resource=condition)
    suggestion = Suggestion(label="Add FBSS (persistent spinal pain syndrome type 2)", actions=[action])
    summary = "FBSS criteria met but not on the problem list"
    return cards.card_for(finding, call.patient_url, [suggestion], summary)


def _workup_card(needed: list[Finding], patient_url: str) -> Card:
    first = needed[0]
    card = cards.card_for(
        first, patient_url, summary=f"Work-up still needed: {len(needed)} test(s) or review(s)"
    )
    listing = "\n".join(f"- {finding.title}" for finding in needed)
    return card.model_copy(update={"detail": f"{listing}\n\n{card.detail}"})


def _scs_change(assessment: Assessment, call: HookCall) -> list[Card]:
    pathway = assessment.of_kind(Kind.SCS)
    if not pathway:
        return []
    state = orjson.dumps(sorted((f.code, f.status.value) for f in pathway)).decode()
    before = call.scs_state.swap(f"{call.issuer}|{call.patient_id}", state)
    met = [f for f in pathway if f.status is Status.MET]
    if before == state or (before is None and not met):
        return []
    lead = met[0] if met else pathway[0]
    return [cards.card_for(lead, call.patient_url, summary=f"SCS pathway changed: {lead.title}")]


# --- order-select and order-sign --------------------------------------------------------------------------


def order_sign(call: HookCall) -> list[Card]:
    """Safety cards for the draft orders being signed."""
    return _order_cards(call, _draft_orders(call.request.context))


def order_select(call: HookCall) -> list[Card]:
    """Safety cards for the orders just selected (among the drafts)."""
    selected = set(call.request.context.get("selections", ()))
    drafts = [
        r for r in _draft_orders(call.request.context) if f"{r.get('resourceType')}/{r.get('id')}" in selected
    ]
    return _order_cards(call, drafts)


def _draft_orders(context: dict[str, Any]) -> list[dict[str, Any]]:
    bundle = context.get("draftOrders") or {}
    return [
        e["resource"]
        for e in bundle.get("entry", ())
        if isinstance(e, dict) and isinstance(e.get("resource"), dict)
    ]


def _order_cards(call: HookCall, drafts: list[dict[str, Any]]) -> list[Card]:
    case = patient_case(call, drafts)
    return order_cards(assess(case), draft_positions(case, drafts, call), call)


def order_cards(assessment: Assessment, positions: dict[str, dict[str, Any]], call: HookCall) -> list[Card]:
    """Cards for the safety findings that concern a draft order (`positions`: Case path -> draft): each met
    one, and each unknown one (a check the record could not decide), which says so and names what is missing."""
    found: list[Card] = []
    for finding in assessment.of_kind(Kind.SAFETY):
        if finding.status not in (Status.MET, Status.UNKNOWN):
            continue
        touched = [positions[p] for p in _paths(finding) if p in positions]
        if not touched:
            continue
        if finding.status is Status.UNKNOWN:
            found.append(cards.unchecked_card_for(finding, call.patient_url))
        else:
            found.append(cards.card_for(finding, call.patient_url, _dose_suggestion(finding, touched)))
    return sorted(found, key=lambda card: ("critical", "warning", "info").index(card.indicator))


def draft_positions(case: Case, drafts: list[dict[str, Any]], call: HookCall) -> dict[str, dict[str, Any]]:
    """`medications[i]` / `planned_procedures[j]` -> the draft order that became it."""
    context = Context(as_of=call.today, order_codes=dict(call.settings.order_codes))
    positions: dict[str, dict[str, Any]] = {}
    for draft in drafts:
        mapper = MAPPERS.get(str(draft.get("resourceType")))
        if mapper is None:
            continue
        for outcome in mapper(draft, context):
            if isinstance(outcome, Part) and outcome.target in ("medications", "planned_procedures"):
                entries = getattr(case, outcome.target)
                if outcome.value in entries:
                    positions[f"{outcome.target}[{entries.index(outcome.value)}]"] = draft
    return positions


def _paths(finding: Finding) -> list[str]:
    roots = []
    for because in finding.because:
        root = because.path.split(".", 1)[0]
        if root.startswith(("medications[", "planned_procedures[")):
            roots.append(root)
    return roots


def _dose_suggestion(finding: Finding, drafts: list[dict[str, Any]]) -> list[Suggestion] | None:
    limit = next(
        (finding.data[k] for k in DOSE_LIMIT_KEYS if isinstance(finding.data.get(k), int | float)), None
    )
    requests = [d for d in drafts if d.get("resourceType") == "MedicationRequest"]
    if limit is None or not requests:
        return None
    regimen = _label_regimen(finding, float(limit))
    if regimen is not None:
        per_day, per_dose, wording = regimen
        total = per_day * per_dose
        updated = _with_regimen(requests[0], per_day, per_dose, wording)
        description = (
            f"Change the dose to {per_dose:g} mg {wording} ({total:g} mg per day; at most {limit:g}); "
            "check the product strength"
        )
        label = f"Use the label's renal dose: {per_dose:g} mg {wording} ({total:g} mg/day)"
    else:
        updated = _with_daily_dose(requests[0], float(limit))
        description = f"Change the dose to at most {limit:g} mg per day"
        label = f"Use the renally adjusted dose ({limit:g} mg/day)"
    action = Action(type="update", description=description, resource=updated)
    return [Suggestion(label=label, isRecommended=True, actions=[action])]


def _label_regimen(finding: Finding, limit: float) -> tuple[int, float, str] | None:
    """The label regimen of the finding's band (the clinical core's `label_regimen`: doses a day and the largest
    label dose within `limit`), with its wording; None when the core gives none (e.g. pregabalin)."""
    drug, band, wording = (finding.data.get(k) for k in ("medication", "band", "regimen"))
    if not (isinstance(drug, str) and isinstance(band, str) and isinstance(wording, str)):
        return None
    found = label_regimen(drug, band, limit)
    return (*found, wording) if found is not None else None


def _with_regimen(request: dict[str, Any], per_day: int, per_dose: float, wording: str) -> dict[str, Any]:
    """The draft with its first dosage line set to `per_dose` mg `per_day` times a day (Timing.repeat; a
    Timing.code that would contradict it is dropped, bounds and counts are kept)."""
    updated = orjson.loads(orjson.dumps(request))
    lines = updated.get("dosageInstruction") or [{}]
    line = dict(lines[0])
    kept = {k: v for k, v in line.get("timing", {}).get("repeat", {}).items() if k in _REPEAT_KEPT}
    line["timing"] = {"repeat": {**kept, "frequency": per_day, "period": 1, "periodUnit": "d"}}
    line["text"] = f"{per_dose:g} mg {wording} ({per_day * per_dose:g} mg per day)"
    dose = {"value": per_dose, "unit": "mg", "system": UCUM, "code": "mg"}
    line["doseAndRate"] = [{"doseQuantity": dose}]
    updated["dosageInstruction"] = [line, *lines[1:]]
    return dict(updated)


# Timing.repeat elements that say how long or how many times, not how often (FHIR R4 Timing), kept on an update.
_REPEAT_KEPT = ("boundsDuration", "boundsRange", "boundsPeriod", "count", "countMax")


def _with_daily_dose(request: dict[str, Any], mg_per_day: float) -> dict[str, Any]:
    """The draft's own frequency with a dose per administration that keeps the day at most `mg_per_day`
    (rounded down to 0.1 mg), for findings whose band has no label regimen."""
    updated = orjson.loads(orjson.dumps(request))
    lines = updated.get("dosageInstruction") or [{}]
    line = dict(lines[0])
    times = times_per_day(
        line.get("timing")
    )  # from Timing.repeat or a BID/TID/QID/QD code, as the import reads it
    per_day = int(times) if times is not None and times == int(times) and times >= 1 else None
    line["text"] = f"{mg_per_day:g} mg per day" + (f" in {per_day} doses" if per_day else "")
    if per_day:
        per_dose = math.floor(mg_per_day / per_day * 10) / 10
        dose = {"value": per_dose, "unit": "mg", "system": UCUM, "code": "mg"}
        line["doseAndRate"] = [{"doseQuantity": dose}]
    else:
        line.pop("doseAndRate", None)
    updated["dosageInstruction"] = [line, *lines[1:]]
    return dict(updated)


def _definition(
    hook: str, service_id: str, title: str, description: str, prefetch: dict[str, str]
) -> ServiceDefinition:
    return ServiceDefinition(
        hook=hook, id=service_id, title=title, description=description, prefetch=prefetch
    )


SERVICES: dict[str, Service] = {
    "fbss-patient-view": Service(
        _definition(
            "patient-view",
            "fbss-patient-view",
            "FBSS assessment",
            "Open red flags, FBSS criteria met but not coded, work-up still needed, and changes on the spinal "
            "cord stimulation pathway, for people with persistent pain after spine surgery.",
            RECORD_PREFETCH,
        ),
        patient_view,
    ),
    "fbss-order-sign": Service(
        _definition(
            "order-sign",
            "fbss-order-sign",
            "FBSS order safety",
            "Safety checks of draft orders: gabapentinoid dose for kidney function, antithrombotic hold before "
            "an epidural injection or SCS trial, serotonergic combinations, opioid with a gabapentinoid.",
            RECORD_PREFETCH,
        ),
        order_sign,
    ),
    "fbss-order-select": Service(
        _definition(
            "order-select",
            "fbss-order-select",
            "FBSS order safety (on selection)",
            "The order-sign safety checks, for the orders just selected.",
            RECORD_PREFETCH,
        ),
        order_select,
    ),
}
