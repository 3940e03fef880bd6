"""The FastAPI application, built from explicit settings: `create_app(settings)`.

Every route passes the one access guard (fbss.web.access). Other packages add routes by providing a module
`fbss.<name>.routes` (for <name> in EXTENSIONS) with a factory `extension(state, settings) -> Extension` (or a
plain APIRouter named `router`); their endpoints declare access with `fbss.web.access.allow` / `public` like
ours, or the guard refuses them. An extension may render the errors under its path prefix its own way (FHIR's
OperationOutcome) and run background work started and stopped with the app (the Bulk Data export worker).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fbss import __version__
from fbss.settings import CdsHooksSettings, FhirSettings, Settings
from fbss.store.db import Database
from fbss.web import api, errors, pages
from fbss.web.access import guard
from fbss.web.state import WEB, Clock, WebState, build_state

EXTENSIONS = ("fhir", "cdshooks")

SECURITY_HEADERS = {
    b"content-security-policy": (
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"same-origin",
    b"cache-control": b"no-store",
}


@dataclass(frozen=True, slots=True)
class Extension:
    """What an optional package adds to the app: its routes, how errors under `prefix` are rendered, and
    background work started with the app and stopped before the database closes."""

    router: APIRouter
    prefix: str | None = None
    render_error: Callable[[Request, Exception], Response] | None = None
    start: Callable[[], None] | None = None
    stop: Callable[[], None] | None = None


def create_app(
    settings: Settings,
    database: Database | None = None,
    clock: Clock | None = None,
    server: bool = False,
    fhir: FhirSettings | None = None,
    cds: CdsHooksSettings | None = None,
) -> FastAPI:
    """A complete application on the given settings (and database and clock, when a test provides them).

    `server`: this app owns the process (fbss serve), so it may tune process-wide things at startup.
    `fhir`, `cds`: the FHIR API's and the CDS Hooks service's settings; read from the environment when not given.
    """
    state = build_state(settings, database, clock)
    extensions = load_extensions(
        state,
        {
            "fhir": fhir if fhir is not None else FhirSettings(),
            "cdshooks": cds if cds is not None else CdsHooksSettings(),
        },
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if server:
            # What is loaded at startup (rules, schemas, templates) lives as long as the process: keep it out
            # of the garbage collector's full passes, which otherwise add ~100 ms to every ~15th chart view.
            gc.collect()
            gc.freeze()
        for extension in extensions:
            if extension.start is not None:
                extension.start()
        yield
        for extension in extensions:
            if extension.stop is not None:
                extension.stop()
        state.database.dispose()

    app = FastAPI(
        title="fbss",
        summary="Care of people with failed back surgery syndrome (persistent spinal pain syndrome type 2)",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN; pages must work offline
        redoc_url=None,
        dependencies=[Depends(guard)],
        lifespan=lifespan,
    )
    app.state.web = state
    errors.install(app)
    _render_errors_by_prefix(app, extensions)
    app.include_router(api.router)
    app.include_router(pages.router)
    for extension in extensions:
        # FHIR describes itself (CapabilityStatement) and CDS Hooks by discovery: /api/openapi.json stays the
        # JSON API's description.
        app.include_router(extension.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app


def load_extensions(state: WebState, options: Mapping[str, Any]) -> list[Extension]:
    """The extensions of optional packages (FHIR REST, CDS Hooks) that are installed, built for this app."""
    found: list[Extension] = []
    for name in EXTENSIONS:
        module_name = f"fbss.{name}.routes"
        if not (importlib.util.find_spec(f"fbss.{name}") and importlib.util.find_spec(module_name)):
            continue
        module = importlib.import_module(module_name)
        factory = getattr(module, "extension", None)
        extension = factory(state, options.get(name)) if factory is not None else Extension(module.router)
        if not isinstance(extension, Extension) or not isinstance(extension.router, APIRouter):
            raise TypeError(f"{module_name} gave no Extension with an APIRouter")
        found.append(extension)
    return found


def _render_errors_by_prefix(app: FastAPI, extensions: list[Extension]) -> None:
    """Errors under an extension's path prefix are rendered by the extension; all others as before."""
    renderers: list[tuple[str, Callable[[Request, Exception], Response]]] = [
        (e.prefix, e.render_error) for e in extensions if e.prefix and e.render_error
    ]
    if not renderers:
        return
    for kind, previous in list(app.exception_handlers.items()):
        app.add_exception_handler(kind, _by_prefix(renderers, previous))


def _by_prefix(
    renderers: list[tuple[str, Callable[[Request, Exception], Response]]],
    previous: Callable[[Request, Any], Awaitable[Response] | Response],
) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, error: Exception) -> Response:
        for prefix, render in renderers:
            if _under(request.url.path, prefix):
                return render(request, error)
        answer = previous(request, error)
        return await answer if isinstance(answer, Awaitable) else answer

    return handle


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


class SecurityHeaders:
    """Adds the content security policy and related headers, and the app's own time, to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")
        started = time.perf_counter()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name, value)
                    for name, value in SECURITY_HEADERS.items()
                    if name not in present and not (static and name == b"cache-control")
                ]
                # Server-Timing: the time spent in the app until the response starts (bench/web_latency.py)
                elapsed_ms = (time.perf_counter() - started) * 1000
                extra.append((b"server-timing", f"app;dur={elapsed_ms:.2f}".encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
