"""The clinician's patient list: search, and filters for open red flags, overdue tasks and phenotype."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from fbss.store.accounts import get_user
from fbss.store.models import Role
from fbss.store.patients import PatientQuery, list_patients
from fbss.web.access import allow
from fbss.web.context import CtxDep
from fbss.web.render import render

router = APIRouter()
PAGE_SIZE = 50
MECHANISMS = ("muscle", "nerve", "mixed", "undetermined")


@router.get("/patients")
@allow(Role.CLINICIAN)
def patient_list(
    request: Request,
    ctx: CtxDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    red_flag: bool = False,
    overdue: bool = False,
    mechanism: Annotated[str | None, Query(max_length=20)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    mechanism = mechanism if mechanism in MECHANISMS else None
    where = PatientQuery(q or None, red_flag, overdue, mechanism, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    with ctx.work("list", "patients") as session:
        rows, total = list_patients(session, get_user(session, ctx.user.user_id), ctx.today(), where)
        context = {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "q": q or "",
            "red_flag": red_flag,
            "overdue": overdue,
            "mechanism": mechanism or "",
            "mechanisms": MECHANISMS,
            "today": ctx.today(),
        }
        return render(request, "patients.html", context)
