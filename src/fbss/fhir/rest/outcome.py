"""FHIR answers: resources as application/fhir+json, and every refusal or error as an OperationOutcome."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError

from fbss.store.errors import Invalid
from fbss.web.errors import Problem, problem_of

log = logging.getLogger("fbss.fhir")

FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"
# HTTP status -> OperationOutcome issue type (http://hl7.org/fhir/issue-type)
ISSUE_TYPE = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    413: "too-long",
    415: "not-supported",
    429: "throttled",
}
Resource = dict[str, Any]


def fhir_response(body: Resource, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=FHIR_JSON, headers=headers)


def issue(severity: str, code: str, diagnostics: str, expression: str | None = None) -> Resource:
    found: Resource = {"severity": severity, "code": code, "diagnostics": diagnostics}
    if expression:
        found["expression"] = [expression]
    return found


def operation_outcome(*issues: Resource) -> Resource:
    return {"resourceType": "OperationOutcome", "issue": list(issues)}


def render_error(request: Request, error: Exception) -> Response:
    """Any refusal or error under /fhir as an OperationOutcome (bad parameters: 400, not 422)."""
    status, message, errors = problem_of(error)
    if isinstance(error, Invalid | RequestValidationError):
        status, message = 400, "The request is not valid: see the issues."
    if status >= 500:
        log.exception(
            "unhandled error on %s %s", request.method, request.scope.get("route", request.url.path)
        )
    severity = "fatal" if status >= 500 else "error"
    issues = [
        issue(severity, ISSUE_TYPE.get(status, "exception" if status >= 500 else "processing"), message)
    ]
    issues += [issue("error", "invalid", f"{problem.field}: {problem.message}") for problem in errors]
    headers = {"WWW-Authenticate": 'Cookie realm="fbss"'} if status == 401 else None
    return fhir_response(operation_outcome(*issues), status, headers)


class UnsupportedMediaType(Problem):
    status = 415
    message = "Send FHIR JSON (application/fhir+json) or NDJSON (application/fhir+ndjson)."


class TooLarge(Problem):
    status = 413
    message = "The body is too large for one request; send it in parts."
