"""The `/cds-services` router: discovery, the hook endpoints and feedback. Auth, validation and error answers
are each done in one place here; the services only turn a gathered record into cards."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
import orjson
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ValidationError

from fbss.cdshooks.auth import Caller, JwksFetcher, JwtVerifier, Unauthorized
from fbss.cdshooks.models import CardsResponse, Discovery, FeedbackRequest, HookRequest
from fbss.cdshooks.prefetch import FhirFetcher, HttpFhirFetcher, PrefetchUnavailable, gather
from fbss.cdshooks.services import SERVICES, HookCall, Service
from fbss.cdshooks.settings import CdsSettings
from fbss.cdshooks.stores import Stores
from fbss.fhir import schema

log = logging.getLogger("fbss.cdshooks")
PREFIX = "/cds-services"
# Checking a token, mapping a record and assessing it is CPU work under one GIL (and a write to the token store):
# more threads at it only slow each other and starve the event loop that reads and answers requests, which
# stretches the slowest answers (bench/cdshooks_latency.py, 20 clients: p99 0.9-1.3 s with 20 at once, 0.35-0.4 s
# with 2). Two at once still pass the GIL back and forth: one at a time costs 1.5-4 ms less server CPU per request
# (2026-11-25, 2 workers: 11.4-12.2 ms against 14.2-15.4 ms). Requests beyond this wait their turn in the loop;
# fetching from an EHR's FHIR server (when the prefetch is incomplete) waits outside the turns.
ASSESSING_AT_ONCE = 1
T = TypeVar("T")


class _Refusal(Exception):
    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def create_router(
    settings: CdsSettings,
    stores: Stores,
    fetcher: FhirFetcher | None = None,
    fetch_jwks: JwksFetcher | None = None,
    now: Callable[[], dt.datetime] | None = None,
) -> APIRouter:
    """The CDS Hooks router, prefix `/cds-services`, built from its dependencies."""
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    schema.prepare()  # once, at startup: every hook request checks its resources against the R4 schema
    verifier = JwtVerifier(settings, stores.replay, fetch_jwks, clock)
    fhir = fetcher or HttpFhirFetcher(settings.fetch_timeout_seconds)
    router = APIRouter(prefix=PREFIX)
    assessing = _Turns(ASSESSING_AT_ONCE)

    def answer(handle: Callable[[], BaseModel | dict[str, Any]]) -> Response:
        try:
            body = handle()
        except _Refusal as refusal:
            return _refused(refusal)
        if isinstance(body, BaseModel):
            return _json(body.model_dump(exclude_none=True), 200)
        return _json(body, 200)

    def caller(request: Request, body: bytes, path: str) -> Caller:
        try:
            return verifier.verify(request.headers.get("authorization"), f"{settings.service_base_url}{path}")
        except Unauthorized as error:
            log.info("cds-hooks: refused a request to %s: %s", path, error)
            raise _Refusal(401) from error

    @router.get("")
    def discovery() -> Response:
        """The services offered (no patient data, so no token needed)."""
        return answer(lambda: Discovery(services=[service.definition for service in SERVICES.values()]))

    @router.post("/{service_id}")
    async def call_service(service_id: str, request: Request) -> Response:
        body = await request.body()

        def checked() -> tuple[Service, HookRequest, Caller]:
            who = caller(request, body, f"/{service_id}")
            service = SERVICES.get(service_id)
            if service is None:
                raise _Refusal(404, "no such service")
            hook = _parsed(HookRequest, body)
            if hook.hook != service.definition.hook:
                raise _Refusal(400, f"this service answers {service.definition.hook}, not {hook.hook}")
            if not isinstance(hook.context.get("patientId"), str):
                raise _Refusal(400, "context.patientId is required")
            return service, hook, who

        def gathered(service: Service, hook: HookRequest, who: Caller) -> HookCall:
            try:
                found = gather(hook, service.definition.prefetch or {}, who.issuer, fhir)
            except PrefetchUnavailable as error:
                raise _Refusal(412, str(error)) from error
            return HookCall(
                hook,
                found.resources,
                settings,
                stores.scs_state,
                who.issuer.iss,
                clock().date(),
                found.unavailable,
            )

        def cards(service: Service, call: HookCall) -> Response:
            return _json(CardsResponse(cards=service.run(call)).model_dump(exclude_none=True), 200)

        def answered() -> Response | tuple[Service, HookRequest, Caller]:
            """The answer, or what to fetch for when a prefetch key is missing (fetched outside the turns)."""
            try:
                service, hook, who = checked()
                if not _all_prefetched(hook, service):
                    return service, hook, who
                return cards(service, gathered(service, hook, who))
            except _Refusal as refusal:
                return _refused(refusal)

        # The usual request carries its whole prefetch: token, mapping, assessment and cards in one turn.
        done = await assessing.run(answered)
        if isinstance(done, Response):
            return done
        service, hook, who = done
        try:  # waiting on the EHR's FHIR server happens outside the turns
            call = await _in_thread(lambda: gathered(service, hook, who))
        except _Refusal as refusal:
            return _refused(refusal)
        return await assessing.run(lambda: cards(service, call))

    @router.post("/{service_id}/feedback")
    async def feedback(service_id: str, request: Request) -> Response:
        body = await request.body()

        def handle() -> dict[str, Any]:
            caller(request, body, f"/{service_id}/feedback")
            if service_id not in SERVICES:
                raise _Refusal(404, "no such service")
            entries = _parsed(FeedbackRequest, body)
            received = clock()
            stored = sum(
                stores.feedback.record(service_id, entry.model_dump(exclude_none=True), received)
                for entry in entries.feedback
            )
            return {"stored": stored, "duplicates": len(entries.feedback) - stored}

        return await _in_thread(lambda: answer(handle))

    return router


async def _in_thread(work: Callable[[], T]) -> T:
    return await anyio.to_thread.run_sync(work)


class _Turns:
    """Runs CPU-bound work in worker threads, at most `size` at a time; the rest wait in the event loop."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.limiter: anyio.CapacityLimiter | None = None  # made on first use: anyio needs the running loop

    async def run(self, work: Callable[[], T]) -> T:
        if self.limiter is None:
            self.limiter = anyio.CapacityLimiter(self.size)
        return await anyio.to_thread.run_sync(work, limiter=self.limiter)


def _all_prefetched(hook: HookRequest, service: Service) -> bool:
    """Whether the EHR sent every prefetch the service asks for (nothing to fetch)."""
    sent = hook.prefetch or {}
    return all(key in sent for key in service.definition.prefetch or {})


def _refused(refusal: _Refusal) -> Response:
    if refusal.status == 401:
        return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return _json({"error": refusal.message}, refusal.status)


def _parsed(model: type[Any], body: bytes) -> Any:
    try:
        return model.model_validate(orjson.loads(body))
    except orjson.JSONDecodeError as error:
        raise _Refusal(400, "the body is not JSON") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise _Refusal(400, f"{where}: {first['msg']}") from error


def _json(body: Any, status: int) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")
