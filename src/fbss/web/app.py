"""The FastAPI application, built from explicit settings: `create_app(settings)`.

Every route passes the one access guard (fbss.web.access). Other packages can add routes by providing a
module `fbss.<name>.routes` with an APIRouter named `router` (for <name> in EXTENSIONS); their endpoints
declare access with `fbss.web.access.allow` / `public` like ours, or the guard refuses them.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fbss import __version__
from fbss.settings import Settings
from fbss.store.db import Database
from fbss.web import api, errors, pages
from fbss.web.access import guard
from fbss.web.state import WEB, Clock, build_state

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


def create_app(
    settings: Settings, database: Database | None = None, clock: Clock | None = None, server: bool = False
) -> FastAPI:
    """A complete application on the given settings (and database and clock, when a test provides them).

    `server`: this app owns the process (fbss serve), so it may tune process-wide things at startup.
    """
    state = build_state(settings, database, clock)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if server:
            # What is loaded at startup (rules, schemas, templates) lives as long as the process: keep it out
            # of the garbage collector's full passes, which otherwise add ~100 ms to every ~15th chart view.
            gc.collect()
            gc.freeze()
        yield
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
    app.include_router(api.router)
    app.include_router(pages.router)
    for router in extension_routers():
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app


def extension_routers() -> list[APIRouter]:
    """Routers of optional packages (FHIR REST, CDS Hooks) that are installed."""
    found: list[APIRouter] = []
    for name in EXTENSIONS:
        module_name = f"fbss.{name}.routes"
        if importlib.util.find_spec(f"fbss.{name}") and importlib.util.find_spec(module_name):
            router = importlib.import_module(module_name).router
            if not isinstance(router, APIRouter):
                raise TypeError(f"{module_name}.router is not an APIRouter")
            found.append(router)
    return found


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
