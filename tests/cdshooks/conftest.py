"""A real CDS Hooks server on a free loopback port (uvicorn in a thread), an EHR's signing keys, and a small
FHIR server on the same app for the fetch-when-prefetch-is-missing tests."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, RSAKey
from sqlalchemy import create_engine

from fbss.cdshooks import CdsSettings, TrustedIssuer, create_router
from fbss.cdshooks.store import sql_stores
from fbss.clinical.case import Case
from fbss.fhir.export import case_resources
from tests.fhir.conftest import RICH_CASE

ISSUER = "https://ehr.example.org"
FHIR_TOKEN = "fhir-access-token-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Ehr:
    """The calling EHR: its keys, and the record its FHIR server holds."""

    ec_key: ECKey = field(default_factory=lambda: ECKey.generate_key("P-384", parameters={"kid": "ec-1"}))
    rsa_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "rsa-1"}))
    jku_key: ECKey = field(default_factory=lambda: ECKey.generate_key("P-384", parameters={"kid": "jku-1"}))
    record: list[dict[str, Any]] = field(default_factory=list)
    tokens_seen: list[str] = field(default_factory=list)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.ec_key.as_dict(private=False), self.rsa_key.as_dict(private=False)]}


@dataclass
class Server:
    base: str
    ehr: Ehr
    stores: Any

    def url(self, path: str) -> str:
        return f"{self.base}/cds-services{path}"

    def token(
        self,
        path: str,
        claims: dict[str, Any] | None = None,
        header: dict[str, Any] | None = None,
        key: Any = None,
        algorithm: str = "ES384",
    ) -> str:
        now = int(time.time())
        body = {
            "iss": ISSUER,
            "sub": "ehr-client",
            "aud": self.url(path),
            "iat": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
            **(claims or {}),
        }
        body = {k: v for k, v in body.items() if v is not None}
        signing = key or (self.ehr.rsa_key if algorithm == "RS384" else self.ehr.ec_key)
        head = {"alg": algorithm, "kid": signing.kid or "k", **(header or {})}
        return jwt.encode(head, body, signing, algorithms=[algorithm])

    def post(
        self, path: str, body: dict[str, Any], token: str | None = None, **token_args: Any
    ) -> httpx.Response:
        bearer = token if token is not None else self.token(path, **token_args)
        return httpx.post(
            self.url(path), json=body, headers={"Authorization": f"Bearer {bearer}"}, timeout=30
        )


def _fhir_stub(ehr: Ehr) -> FastAPI:
    app = FastAPI()

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        return {"keys": [ehr.jku_key.as_dict(private=False)]}

    @app.get("/fhir/{kind}/{rid}")
    def read(kind: str, rid: str, request: Request) -> JSONResponse:
        ehr.tokens_seen.append(request.headers.get("authorization", ""))
        if request.headers.get("authorization") != f"Bearer {FHIR_TOKEN}":
            return JSONResponse({"resourceType": "OperationOutcome", "issue": []}, status_code=401)
        for resource in ehr.record:
            if resource["resourceType"] == kind and resource.get("id") == rid:
                return JSONResponse(resource)
        return JSONResponse({"resourceType": "OperationOutcome", "issue": []}, status_code=404)

    @app.get("/fhir/{kind}")
    def search(kind: str, request: Request) -> JSONResponse:
        ehr.tokens_seen.append(request.headers.get("authorization", ""))
        if request.headers.get("authorization") != f"Bearer {FHIR_TOKEN}":
            return JSONResponse({"resourceType": "OperationOutcome", "issue": []}, status_code=401)
        patient = request.query_params.get("patient")
        entries = [
            {"resource": r, "search": {"mode": "match"}}
            for r in ehr.record
            if r["resourceType"] == kind
            and str(r.get("subject", r.get("patient", {})).get("reference")) == f"Patient/{patient}"
        ]
        return JSONResponse({"resourceType": "Bundle", "type": "searchset", "entry": entries})

    return app


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve_cds(tmp_path_factory.mktemp("cds"), {"urn:site:orders|ESI-IL": "esi_interlaminar"})


def serve_cds(folder: Path, order_codes: dict[str, str]) -> Iterator[Server]:
    """The real CDS Hooks router in uvicorn on a free loopback port, with its FHIR stub and a SQLite store in
    `folder`, trusting the test EHR; `order_codes` maps the site's order codes (as a site configures them)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    ehr = Ehr()
    settings = CdsSettings(
        service_base_url=f"{base}/cds-services",
        public_base_url=base,
        trusted_issuers=(
            TrustedIssuer(
                iss=ISSUER, jwks=ehr.jwks(), jku_allowed=(f"{base}/jwks",), fhir_servers=(f"{base}/fhir",)
            ),
        ),
        order_codes=order_codes,
    )
    stores = sql_stores(create_engine(f"sqlite:///{folder / 'cds.sqlite3'}"))
    app = _fhir_stub(ehr)
    app.include_router(create_router(settings, stores))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the CDS Hooks test server did not start")
        time.sleep(0.02)
    yield Server(base, ehr, stores)
    running.should_exit = True
    thread.join(timeout=10)


def prefetch_of(resources: list[dict[str, Any]], patient_id: str) -> dict[str, Any]:
    """The patient-view prefetch an EHR would send for these resources."""
    kinds = {
        "conditions": "Condition",
        "observations": "Observation",
        "procedures": "Procedure",
        "medicationRequests": "MedicationRequest",
        "medicationStatements": "MedicationStatement",
        "questionnaireResponses": "QuestionnaireResponse",
    }
    prefetch: dict[str, Any] = {
        "patient": next(r for r in resources if r["resourceType"] == "Patient" and r["id"] == patient_id)
    }
    for key, kind in kinds.items():
        entries = [{"resource": r} for r in resources if r["resourceType"] == kind]
        prefetch[key] = {"resourceType": "Bundle", "type": "searchset", "entry": entries}
    return prefetch


def hook_request(hook: str, patient_id: str, prefetch: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/1", "patientId": patient_id, **extra.pop("context", {})},
        **extra,
    }
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


@pytest.fixture
def rich_record() -> tuple[str, list[dict[str, Any]]]:
    """A patient with an open red flag (PHQ-9 item 9 answered above 0), as the EHR's FHIR resources."""
    case = Case.model_validate({**RICH_CASE, "assessment_date": dt.date.today().isoformat()})
    resources = case_resources(case)
    return resources[0]["id"], resources


@pytest.fixture
def hs384_key() -> OctKey:
    return OctKey.generate_key(384)
