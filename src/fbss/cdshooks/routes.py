"""CDS Hooks inside the web app: `extension(state, settings)` mounts /cds-services on the app's database.

The service authenticates EHRs by their signed JWTs (fbss.cdshooks.auth), not by the app's session, so its
endpoints are public for the session guard and check their tokens themselves. The replay (`jti`), feedback and
SCS-state stores are tables of the app's database, shared by every process. Card links open the patient's
page in the app when an import has tied the EHR's patient id to one of our patients.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import PrivateAttr

from fbss.cdshooks.router import create_router
from fbss.cdshooks.settings import CdsSettings
from fbss.cdshooks.store import database_stores
from fbss.fhir.rest.identities import find_patient
from fbss.settings import CdsHooksSettings
from fbss.web.access import public
from fbss.web.app import Extension
from fbss.web.state import WebState

PatientFinder = Callable[[str], int | None]


class AppCdsSettings(CdsSettings):
    """CdsSettings whose card links go to our patient's page, found from the EHR's patient id."""

    _find_patient: PatientFinder | None = PrivateAttr(default=None)

    def patient_url(self, patient_id: str) -> str:
        ours = self._find_patient(patient_id) if self._find_patient is not None else None
        # An EHR patient no import has tied to ours gets no link (an empty URL): a page of someone else would
        # be worse than none.
        return f"{self.public_base_url}/patients/{ours}" if ours is not None else ""


def extension(state: WebState, settings: CdsHooksSettings | None) -> Extension:
    """The /cds-services router on this app's database, configured from the CDS Hooks settings."""
    settings = settings or CdsHooksSettings()
    cds = cds_settings(settings, patient_finder(state))
    router = create_router(cds, database_stores(state.database.engine), now=state.clock.now)
    for route in router.routes:
        endpoint = getattr(route, "endpoint", None)
        if endpoint is not None:
            public()(endpoint)  # the JWT is checked by the service itself
    return Extension(router=router)


def cds_settings(settings: CdsHooksSettings, find: PatientFinder | None = None) -> AppCdsSettings:
    """The service's settings from the app's (FBSS_CDS_*), with card links resolved by `find`."""
    built = AppCdsSettings(
        service_base_url=settings.service_url(),
        public_base_url=settings.app_base_url,
        trusted_issuers=settings.issuers(),
        clock_skew_seconds=settings.clock_skew_seconds,
        max_token_age_seconds=settings.max_token_age_seconds,
        fetch_timeout_seconds=settings.fetch_timeout_seconds,
        order_codes=settings.order_codes,
    )
    built._find_patient = find
    return built


def patient_finder(state: WebState) -> PatientFinder:
    """Our patient id for an EHR's patient id, through the FHIR identities imports recorded."""

    def find(ehr_patient_id: str) -> int | None:
        if not ehr_patient_id:
            return None
        with state.database.transaction() as session:
            return find_patient(session, [f"Patient/{ehr_patient_id}"])

    return find
