"""Server-rendered pages (Jinja2 + htmx): sign-in, the clinician workspace, the patient portal, admin."""

from __future__ import annotations

from fastapi import APIRouter

from fbss.web.pages import admin, auth, chart, diary, portal, workspace

router = APIRouter(include_in_schema=False)
for module in (auth, workspace, chart, portal, diary, admin):
    router.include_router(module.router)
