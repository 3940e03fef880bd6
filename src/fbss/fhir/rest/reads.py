"""The read side of the FHIR API: metadata, read and search of every type, Patient read and $everything.

Every route is for patients (their own record) and clinicians (their care teams' patients); the guard in
fbss.web.access refuses anyone else first. Every read is one audited unit of work, with an entry per patient
whose record was read; an id the caller may not see answers 404 exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from fastapi import APIRouter, Request, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fbss.fhir.codes import CASE_ID_SYSTEM
from fbss.fhir.rest.access import may_read, visible_to
from fbss.fhir.rest.capability import capability_statement
from fbss.fhir.rest.identities import IDENTIFIER
from fbss.fhir.rest.outcome import fhir_response
from fbss.fhir.rest.params import Problems, check_format, instant, is_lenient
from fbss.fhir.rest.record import owner_of, patient_record, patient_resource
from fbss.fhir.rest.search import (
    EXPORT_TYPES,
    READ_TYPES,
    Search,
    last_updated,
    paged,
    paging,
    parse_search,
    searchset,
)
from fbss.settings import FhirSettings
from fbss.store import audit
from fbss.store.audit import Outcome
from fbss.store.errors import Invalid, NotFound
from fbss.store.models import FhirIdentity, Observation, Patient, Role
from fbss.web.access import allow, public
from fbss.web.context import Ctx, CtxDep

EVERYTHING_PARAMETERS = frozenset({"_since", "_type", "_count", "_offset", "_format"})


def add_fixed_routes(router: APIRouter, settings: FhirSettings) -> None:
    """metadata, Patient search and read, and $everything (before the per-type catch-alls)."""

    @router.get("/metadata")
    @public()
    def metadata() -> Response:
        """The CapabilityStatement (no patient data, so no login needed)."""
        return fhir_response(capability_statement(settings))

    @router.get("/Patient")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def search_patients(request: Request, ctx: CtxDep) -> Response:
        items = request.query_params.multi_items()
        search = parse_search("Patient", items, settings, is_lenient(request.headers.get("prefer")))
        with ctx.work("fhir.search", "fhir/Patient") as session:
            ids = _matching_patients(session, ctx, search)
            page = ids[search.offset : search.offset + search.count]
            found = {p.id: p for p in session.scalars(select(Patient).where(Patient.id.in_(page)))}
            resources = [patient_resource(session, found[i], ctx.today()) for i in page]
            _audit_reads(ctx, session, page, "fhir/Patient")
        bundle = searchset(
            settings, "/Patient", search.used, resources, len(ids), search.count, search.offset
        )
        return fhir_response(bundle)

    @router.get("/Patient/{patient_id}")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def read_patient(patient_id: int, request: Request, ctx: CtxDep) -> Response:
        _only_format(request)
        with ctx.work("fhir.read", f"fhir/Patient/{patient_id}") as session:
            patient = session.get(Patient, patient_id)
            if patient is None:
                raise NotFound("Patient")
            return fhir_response(patient_resource(session, patient, ctx.today()))

    @router.get("/Patient/{patient_id}/$everything")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def everything(patient_id: int, request: Request, ctx: CtxDep) -> Response:
        """Every resource of the patient's record (Bundle searchset), with _since, _type and paging."""
        items = request.query_params.multi_items()
        kinds, since, count, offset = _everything_parameters(items, settings, request.headers.get("prefer"))
        with ctx.work("fhir.everything", f"fhir/Patient/{patient_id}/$everything") as session:
            record = patient_record(session, patient_id, ctx.today())
        chosen = [
            r
            for r in record.resources
            if (not kinds or r["resourceType"] in kinds)
            and (since is None or (last_updated(r) or since) > since)
        ]
        used = [(name, value) for name, value in items if name in ("_since", "_type")]
        path = f"/Patient/{patient_id}/$everything"
        return fhir_response(paged(settings, path, used, chosen, count, offset))


def add_type_routes(router: APIRouter, settings: FhirSettings) -> None:
    """Search and read of every other type: register these last, they match any path."""

    @router.get("/{resource_type}")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def search_type(resource_type: str, request: Request, ctx: CtxDep) -> Response:
        """Search one type within the records of the patients named (a patient: their own)."""
        lenient = is_lenient(request.headers.get("prefer"))
        with ctx.work("fhir.search", f"fhir/{resource_type}") as session:
            if resource_type not in READ_TYPES:
                raise NotFound("resource type")
            search = parse_search(resource_type, request.query_params.multi_items(), settings, lenient)
            patients = _searched_patients(session, ctx, search)
            matches = []
            for patient_id in patients:
                record = patient_record(session, patient_id, ctx.today())
                matches += [r for r in record.of_type(resource_type) if search.matches(r)]
            _audit_reads(ctx, session, patients, f"fhir/{resource_type}")
        bundle = paged(settings, f"/{resource_type}", search.used, matches, search.count, search.offset)
        return fhir_response(bundle)

    @router.get("/{resource_type}/{resource_id}")
    @allow(Role.PATIENT, Role.CLINICIAN)
    def read(resource_type: str, resource_id: str, request: Request, ctx: CtxDep) -> Response:
        """One resource by id; another patient's, or an unknown one, is 404 alike."""
        _only_format(request)
        owner = owner_of(resource_id)
        where = f"fhir/{resource_type}/{resource_id}"
        with ctx.work("fhir.read", where, patient_id=owner) as session:
            if resource_type not in READ_TYPES:
                raise NotFound("resource type")
            if owner is None or not may_read(session, ctx.user, owner):
                raise NotFound(resource_type)
            found = patient_record(session, owner, ctx.today()).find(resource_type, resource_id)
            if found is None:
                raise NotFound(resource_type)
        return fhir_response(found)


def _only_format(request: Request) -> None:
    problems = Problems()
    items = request.query_params.multi_items()
    check_format(items, problems)
    lenient = is_lenient(request.headers.get("prefer"))
    for name, _value in items:
        if name != "_format" and not lenient:
            problems.add(name, "a read takes no parameters other than _format")
    problems.raise_any()


def _everything_parameters(
    items: list[tuple[str, str]], settings: FhirSettings, prefer: str | None
) -> tuple[set[str], dt.datetime | None, int, int]:
    problems = Problems()
    kinds: set[str] = set()
    since: dt.datetime | None = None
    for name, value in items:
        if name == "_type":
            for kind in (part for part in value.split(",") if part):
                if kind not in EXPORT_TYPES:
                    problems.add("_type", f"not a resource type of this server: {kind[:64]}")
                kinds.add(kind)
        elif name == "_since":
            since = instant(name, value, problems)
        elif name not in EVERYTHING_PARAMETERS and not is_lenient(prefer):
            problems.add(name, "not a parameter of $everything here")
    count, offset = paging(items, settings, problems)
    check_format(items, problems)
    problems.raise_any()
    return kinds, since, count, offset


def _searched_patients(session: Session, ctx: Ctx, search: Search) -> list[int]:
    """The patients whose records a search reads: those named and readable, or a patient's own. A named
    patient the caller may not read is left out (as if missing), and the refusal audited."""
    named = search.patient_ids()
    if named is None:
        if ctx.user.role is Role.PATIENT and ctx.user.patient_id is not None:
            return [ctx.user.patient_id]
        raise Invalid.one("patient", "name the patient whose record to search: patient=<id>")
    readable = []
    for patient_id in sorted(named):
        if may_read(session, ctx.user, patient_id):
            readable.append(patient_id)
        else:
            event = ctx.user.audit_event(
                "fhir.read", f"fhir/{search.resource_type}", Outcome.NOT_FOUND, patient_id
            )
            audit.append(session, ctx.state.audit_key, event, ctx.now())
    return readable


def _matching_patients(session: Session, ctx: Ctx, search: Search) -> list[int]:
    """The readable patients matching a Patient search, by id (filters run in the database)."""
    query = visible_to(ctx.user)
    for wanted in search.ids:
        query = query.where(Patient.id.in_([int(i) for i in wanted if i.isdigit() and len(i) < 12]))
    for tokens in search.identifiers:
        matched = select(FhirIdentity.patient_id).where(
            FhirIdentity.observation_id.is_(None),
            FhirIdentity.key.in_([f"{IDENTIFIER}{t.system}|{t.code}" for t in tokens if t.system and t.code]),
        )
        mrns = [t.code for t in tokens if t.code and t.system in (None, CASE_ID_SYSTEM)]
        query = query.where(Patient.id.in_(matched) | Patient.mrn.in_(mrns))
    ids = list(session.scalars(query.order_by(Patient.id)))
    if search.updated:
        times = _record_times(session, ids)
        ids = [i for i in ids if all(each.matches(times[i]) for each in search.updated)]
    return ids


def _record_times(session: Session, ids: Iterable[int]) -> dict[int, dt.datetime]:
    wanted = list(ids)
    latest = dict(
        session.execute(
            select(Observation.patient_id, func.max(Observation.updated_at))
            .where(Observation.patient_id.in_(wanted))
            .group_by(Observation.patient_id)
        ).all()
    )
    patients = session.scalars(select(Patient).where(Patient.id.in_(wanted)))
    return {p.id: max(p.updated_at, latest.get(p.id) or p.updated_at) for p in patients}


def _audit_reads(ctx: Ctx, session: Session, patients: Iterable[int], resource: str) -> None:
    """One audit entry per patient whose record a search read (the search itself has its own)."""
    for patient_id in patients:
        event = ctx.user.audit_event("fhir.read", resource, Outcome.OK, patient_id)
        audit.append(session, ctx.state.audit_key, event, ctx.now())
