"""The screening trial: length window and the success rule (>= 50% relief, analgesics and activity)."""

import datetime as dt

from fbss.clinical.case import ScsTrial
from fbss.clinical.planning.scs.trial import Outcome, State, evaluate_trial
from fbss.clinical.policy import DEFAULT_POLICY, Policy

TODAY = dt.date(2026, 11, 1)


def trial(**fields: object) -> ScsTrial:
    base: dict[str, object] = {
        "start": "2026-10-20",
        "end": "2026-10-27",
        "baseline_nrs_leg": 8,
        "baseline_nrs_back": 3,
        "baseline_active_minutes": 60,
        "baseline_analgesic_doses": 4,
        "patient_satisfied": True,
        "diary": [
            {"date": f"2026-10-{day}", "nrs_leg": 3, "active_minutes": 120, "analgesic_doses": 2}
            for day in range(21, 28)
        ],
    }
    return ScsTrial.model_validate({**base, **fields})


def test_62_percent_relief_with_fewer_analgesics_and_more_activity_is_a_success() -> None:
    result = evaluate_trial(trial(), DEFAULT_POLICY, TODAY, "leg")
    assert result.outcome is Outcome.SUCCESS
    assert result.region("leg").relief_percent == 62.5  # type: ignore[union-attr]
    assert result.analgesics.direction == "reduced"
    assert result.activity.direction == "increased"
    assert (result.length_days, result.within_window, result.state) == (7, True, State.COMPLETE)


def test_exactly_50_percent_meets_the_threshold_and_49_does_not() -> None:
    diary = [{"date": "2026-10-21", "nrs_leg": 4, "active_minutes": 60, "analgesic_doses": 4}]
    assert evaluate_trial(trial(diary=diary), DEFAULT_POLICY, TODAY, "leg").outcome is Outcome.SUCCESS
    strict = Policy(scs_trial_success_relief_percent=51)
    assert evaluate_trial(trial(diary=diary), strict, TODAY, "leg").outcome is Outcome.NOT_SUCCESSFUL


def test_more_analgesics_fails_even_with_good_relief() -> None:
    diary = [{"date": "2026-10-21", "nrs_leg": 2, "active_minutes": 90, "analgesic_doses": 5}]
    result = evaluate_trial(trial(diary=diary), DEFAULT_POLICY, TODAY, "leg")
    assert result.outcome is Outcome.NOT_SUCCESSFUL
    assert result.analgesics.direction == "increased"


def test_a_tolerance_policy_lets_a_small_rise_count_as_stable() -> None:
    diary = [
        {"date": "2026-10-21", "nrs_leg": 2, "active_minutes": 60, "analgesic_doses": 4},
        {"date": "2026-10-22", "nrs_leg": 2, "active_minutes": 60, "analgesic_doses": 5},
    ]
    result = evaluate_trial(trial(diary=diary), Policy(scs_trial_stable_tolerance=0.2), TODAY, "leg")
    assert result.analgesics.direction == "stable"


def test_dissatisfaction_fails_unless_policy_drops_it() -> None:
    assert (
        evaluate_trial(trial(patient_satisfied=False), DEFAULT_POLICY, TODAY, "leg").outcome
        is Outcome.NOT_SUCCESSFUL
    )
    relaxed = Policy(scs_trial_requires_satisfaction=False)
    assert evaluate_trial(trial(patient_satisfied=False), relaxed, TODAY, "leg").outcome is Outcome.SUCCESS


def test_missing_diary_values_leave_it_undetermined_and_say_what() -> None:
    diary = [{"date": "2026-10-21", "nrs_leg": 2}]
    result = evaluate_trial(trial(diary=diary), DEFAULT_POLICY, TODAY, "leg")
    assert result.outcome is Outcome.UNDETERMINED
    assert {m.path for m in result.missing} == {"scs.trial.diary"}


def test_length_outside_the_window_is_reported() -> None:
    result = evaluate_trial(trial(end="2026-10-31"), DEFAULT_POLICY, TODAY, "leg")
    assert (result.length_days, result.within_window) == (11, False)
    assert any("outside the 3-8 day window" in r for r in result.reasons)


def test_primary_region_follows_predominance_else_the_higher_baseline() -> None:
    assert evaluate_trial(trial(), DEFAULT_POLICY, TODAY, "back").primary_regions == ("back",)
    assert evaluate_trial(trial(), DEFAULT_POLICY, TODAY).primary_regions == ("leg",)
    equal = trial(baseline_nrs_back=8)
    assert evaluate_trial(equal, DEFAULT_POLICY, TODAY).primary_regions == ("leg", "back")


def test_state_from_the_dates() -> None:
    assert evaluate_trial(trial(end="2026-11-03"), DEFAULT_POLICY, TODAY).state is State.IN_PROGRESS
    assert (
        evaluate_trial(trial(start="2026-11-05", end="2026-11-10"), DEFAULT_POLICY, TODAY).state
        is State.PLANNED
    )


def test_neither_baseline_nor_daily_analgesic_counts_names_both() -> None:
    # D44: the diary's daily counts are named, not only the baseline count.
    diary = [{"date": "2026-10-21", "nrs_leg": 3, "active_minutes": 120}]
    result = evaluate_trial(trial(diary=diary, baseline_analgesic_doses=None), DEFAULT_POLICY, TODAY, "leg")
    assert result.outcome is Outcome.UNDETERMINED
    assert {(m.path, m.reason) for m in result.missing} == {
        ("scs.trial.baseline_analgesic_doses", "analgesic use at baseline"),
        ("scs.trial.diary", "daily analgesic doses in the diary"),
    }
