"""Templates (autoescaped Jinja2) and the helpers that lay out an assessment document by the Finding shape.

Renderers know the shape (Finding.to_dict), never the rules: a finding of a new kind or code shows up
without a template change. Open red flags always come first, then the one-screen summary the text report
shows too (fbss.render.summary), then the findings by kind with the not-met ones folded away.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from fbss.clinical.finding import Kind, Status
from fbss.render.summary import Summary, summarize
from fbss.web.state import WEB, web_state

KIND_LABELS: dict[str, str] = {
    Kind.RED_FLAG.value: "Red flags",
    Kind.SAFETY.value: "Safety checks",
    Kind.CRITERIA.value: "FBSS criteria",
    Kind.PHENOTYPE.value: "Pain phenotype",
    Kind.SCORE.value: "Scores",
    Kind.OUTCOME.value: "Change since baseline",
    Kind.DIFFERENTIAL.value: "Possible causes",
    Kind.WORKUP.value: "Work-up",
    Kind.REFERRAL.value: "Referral",
    Kind.PLAN.value: "Plan",
    Kind.TREATMENT.value: "Treatment options",
    Kind.SCS.value: "Spinal cord stimulation pathway",
    Kind.DATA_QUALITY.value: "Data quality",
}
STATUS_LABELS = {"met": "yes", "not_met": "no", "unknown": "undecided", "not_applicable": "not applicable"}
SHOWN_IN_FULL = frozenset({Status.MET.value, Status.UNKNOWN.value})


def make_templates() -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(WEB / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        kind_label=lambda kind: KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()),
        status_label=lambda status: STATUS_LABELS.get(status, status),
        humanize=humanize,
        split_by_status=split_by_status,
    )
    environment.filters["humanize"] = humanize
    environment.filters["show"] = show_value
    return Jinja2Templates(env=environment)


def humanize(value: Any) -> str:
    """snake_case codes as words (pain_management -> pain management); true/false as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def show_value(value: Any) -> str:
    """An input's value as a reader expects it: yes/no, lists joined, no float noise, absent said in words."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple):
        return ", ".join(show_value(item) for item in value)
    return str(value)


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A page or fragment, with the user, the CSRF token and the deployment's emergency contacts."""
    state = web_state(request)
    base = {
        "principal": getattr(request.state, "principal", None),
        "csrf_token": getattr(request.state, "csrf_token", None) or "",
        "emergency_number": state.settings.emergency_number,
        "crisis_resources": state.settings.crisis_resources,
        "demo": state.settings.demo,
    }
    return state.templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status_code, headers=headers
    )


# --- laying out an assessment document ----------------------------------------------------------------------


def open_red_flags(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Red flags that are met, most urgent first (the order assess() gives them)."""
    return [
        f for f in result.get("findings", []) if f["kind"] == Kind.RED_FLAG.value and f["status"] == "met"
    ]


def other_red_flags(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        f for f in result.get("findings", []) if f["kind"] == Kind.RED_FLAG.value and f["status"] != "met"
    ]


def sections(result: Mapping[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The non-red-flag findings grouped by kind, in the order the assessment lists them."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for finding in result.get("findings", []):
        if finding["kind"] != Kind.RED_FLAG.value:
            grouped.setdefault(finding["kind"], []).append(finding)
    return list(grouped.items())


def split_by_status(findings: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Met and undecided findings (shown), and the not met or not applicable ones (folded away)."""
    shown = [f for f in findings if f["status"] in SHOWN_IN_FULL]
    return shown, [f for f in findings if f["status"] not in SHOWN_IN_FULL]


def summary_of(result: Mapping[str, Any]) -> Summary:
    """The one-screen summary of an assessment document (the same the text report prints)."""
    return summarize(result.get("findings", []))


def findings_of(result: Mapping[str, Any], *kinds: Kind) -> list[dict[str, Any]]:
    wanted = {kind.value for kind in kinds}
    return [finding for finding in result.get("findings", []) if finding["kind"] in wanted]


def finding(result: Mapping[str, Any], code: str) -> dict[str, Any] | None:
    return next((f for f in result.get("findings", []) if f["code"] == code), None)
