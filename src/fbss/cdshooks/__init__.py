"""CDS Hooks 2.0.1 service: discovery, patient-view, order-select and order-sign, and feedback.

`create_router(settings, stores)` builds the FastAPI router mounted at `/cds-services`; its dependencies (the
settings, the `jti` replay store, the feedback store, the SCS-state store and the FHIR fetcher) are passed in.
"""

from __future__ import annotations

from fbss.cdshooks.router import create_router
from fbss.cdshooks.settings import CdsSettings, TrustedIssuer
from fbss.cdshooks.stores import Stores

__all__ = ["CdsSettings", "Stores", "TrustedIssuer", "create_router"]
