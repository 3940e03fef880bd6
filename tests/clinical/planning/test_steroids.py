"""Cumulative epidural steroid (no verified ceiling) and the FDA 2014 warning."""

from fbss.clinical.finding import Severity, Status
from fbss.clinical.planning.safety.procedures import planned
from fbss.clinical.planning.safety.steroids import steroid_checks
from fbss.clinical.policy import Policy

from .factories import context, make_case

ESIS = [
    {
        "kind": "epidural_steroid_injection",
        "sessions": 2,
        "steroid_mg": 80,
        "start": "2026-02-01",
        "end": "2026-05-01",
    },
    {"kind": "epidural_steroid_injection", "sessions": 1, "steroid_mg": 40, "start": "2025-03-01"},
]


def test_cumulative_exposure_counts_sessions_and_milligrams_and_says_no_ceiling_is_verified() -> None:
    ctx = context(make_case(prior_treatments=ESIS))
    (finding,) = steroid_checks(ctx, planned(ctx))
    assert finding.code == "safety.epidural_steroid.cumulative"
    assert finding.data["sessions_total"] == 3
    assert finding.data["sessions_last_12_months"] == 2
    assert finding.data["steroid_mg_recorded"] == 200
    assert finding.data["ceiling_verified"] is False
    assert "No verified source" in (finding.detail or "")


def test_a_clinic_limit_turns_it_into_a_warning() -> None:
    ctx = context(make_case(prior_treatments=ESIS), policy=Policy(esi_max_sessions_per_year=2))
    (finding,) = steroid_checks(ctx, planned(ctx))
    assert finding.severity is Severity.WARNING


def test_a_planned_esi_carries_the_fda_warning() -> None:
    ctx = context(make_case(planned_procedures=[{"procedure": "esi_caudal", "date": "2026-11-10"}]))
    found = {f.code: f for f in steroid_checks(ctx, planned(ctx))}
    warning = found["safety.epidural_steroid.fda_warning"]
    assert (warning.status, warning.severity) == (Status.MET, Severity.WARNING)
    assert "loss of vision, stroke, paralysis and death" in (warning.detail or "")
    assert found["safety.epidural_steroid.cumulative"].status is Status.NOT_MET
