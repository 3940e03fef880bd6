"""The JSON API under /api: the same access rules as the pages, described at /api/openapi.json."""

from __future__ import annotations

from fastapi import APIRouter

from fbss.web.api import admin, auth, patients, records, team

router = APIRouter(prefix="/api")
for module in (auth, patients, records, team, admin):
    router.include_router(module.router)
