"""The FHIR API's place in the web app: `extension(state, settings)` gives fbss.web.app the /fhir router, the
OperationOutcome rendering of its errors, and the Bulk Data export worker started and stopped with the app."""

from __future__ import annotations

from fastapi import APIRouter

from fbss.fhir.bulk_worker import ExportWorker
from fbss.fhir.rest.bulk_routes import add_bulk_routes
from fbss.fhir.rest.ingest_routes import add_ingest_routes
from fbss.fhir.rest.outcome import render_error
from fbss.fhir.rest.reads import add_fixed_routes, add_type_routes
from fbss.settings import FhirSettings
from fbss.web.app import Extension
from fbss.web.state import WebState

PREFIX = "/fhir"


def extension(state: WebState, settings: FhirSettings | None) -> Extension:
    """The FHIR REST API (read, search, $everything, $export, $ingest) on this app's database."""
    settings = settings or FhirSettings()
    worker = ExportWorker(state.database, state.clock, state.audit_key, settings)
    router = APIRouter(prefix=PREFIX)
    # Fixed paths first: "/Patient/$export" must not be read as a patient id, nor "/bulk/..." as a type.
    add_bulk_routes(router, settings, worker.wake)
    add_ingest_routes(router)
    add_fixed_routes(router, settings)
    add_type_routes(router, settings)
    return Extension(
        router=router,
        prefix=PREFIX,
        render_error=render_error,
        start=worker.start if settings.bulk_worker else None,
        stop=worker.stop if settings.bulk_worker else None,
    )
