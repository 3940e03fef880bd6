"""Refusals and errors, rendered in one place: JSON for the API, a page or an htmx fragment for people.

Every error names its field where there is one. Nothing about the patient goes into an error message or log.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from fbss.store.errors import Conflict, FieldError, Invalid, NotFound, StoreError, field_path

log = logging.getLogger("fbss.web")


class Problem(Exception):
    """A refusal with its HTTP status and a message fit to show."""

    status = 400
    message = "The request could not be handled."

    def __init__(self, message: str | None = None, errors: list[FieldError] | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message
        self.errors = errors or []


class NotAuthenticated(Problem):
    status = 401
    message = "Please log in."


class Forbidden(Problem):
    status = 403
    message = "Your account may not do this."


class PatientNotFound(Problem):
    status = 404
    message = "No such patient record."


class Throttled(Problem):
    status = 429
    message = "Too many failed logins. Wait a few minutes and try again."


class RouteWithoutRule(Problem):
    status = 500
    message = "This page has no access rule, so it is closed to everyone."


CONFLICT_MESSAGE = (
    "Someone else changed this record after you opened it, so your change was not saved. "
    "Reload to see the latest version, then make your change again."
)


def problem_of(error: Exception) -> tuple[int, str, list[FieldError]]:
    """The status, message and field errors for any error the app lets through."""
    if isinstance(error, Problem):
        return error.status, error.message, error.errors
    if isinstance(error, Conflict):
        return 409, CONFLICT_MESSAGE, []
    if isinstance(error, Invalid):
        return 422, "Nothing was saved: please correct the fields named below.", error.errors
    if isinstance(error, NotFound):
        return 404, f"No such {error.args[0] if error.args else 'record'}.", []
    if isinstance(error, RequestValidationError):
        return 422, "Nothing was saved: please correct the fields named below.", _request_errors(error)
    if isinstance(error, StarletteHTTPException):
        return error.status_code, str(error.detail), []
    return 500, "Something went wrong on our side; nothing was saved.", []


def _request_errors(error: RequestValidationError) -> list[FieldError]:
    found = []
    for problem in error.errors():
        location = tuple(
            part for part in problem.get("loc", ()) if part not in ("body", "query", "path", "form")
        )
        found.append(FieldError(field_path(location) or "request", str(problem.get("msg", "is not valid"))))
    return found


def wants_json(request: Request) -> bool:
    """API paths, and clients that ask for JSON and not HTML, get JSON errors; pages get HTML."""
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or (
        "application/json" in accept and "text/html" not in accept
    )


def error_response(request: Request, error: Exception) -> Response:
    status, message, errors = problem_of(error)
    if status >= 500:
        log.exception(
            "unhandled error on %s %s", request.method, request.scope.get("route", request.url.path)
        )
    if wants_json(request):
        body = {"error": {"status": status, "message": message, "errors": [e.to_dict() for e in errors]}}
        return JSONResponse(body, status_code=status, headers=_auth_header(status))
    if status == 401:
        login = "/login?" + urlencode({"next": request.url.path})
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": login})
        return RedirectResponse(login, status_code=303)
    return _html_error(request, status, message, errors)


def _auth_header(status: int) -> dict[str, str]:
    return {"WWW-Authenticate": 'Cookie realm="fbss"'} if status == 401 else {}


def _html_error(request: Request, status: int, message: str, errors: list[FieldError]) -> Response:
    from fbss.web.render import render

    context: dict[str, Any] = {"status": status, "message": message, "errors": errors}
    if request.headers.get("HX-Request"):
        trigger = request.headers.get("HX-Trigger")
        target = f"#{trigger}-errors" if trigger else "#page-errors"
        headers = {"HX-Retarget": target, "HX-Reswap": "innerHTML", "HX-Reselect": ".problem"}
        return render(request, "_errors.html", context, status_code=status, headers=headers)
    return render(request, "error.html", context, status_code=status)


def install(app: FastAPI) -> None:
    """Route every refusal and error through error_response."""

    async def handle(request: Request, error: Exception) -> Response:
        return error_response(request, error)

    for kind in (Problem, StoreError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle)
