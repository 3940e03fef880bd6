"""The SCS screening trial: its length against the policy window, and its diary against the success rule.

Success (Practice Parameters 2006; TRIAL-STIM panel): at least 50% pain relief from baseline, with stable or
reduced analgesic use and stable or increased activity, and patient satisfaction. Threshold, satisfaction and
the tolerance for "stable" are policy settings. Pure: `fbss scs-trial` uses the same function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean

from fbss.clinical.case import DiaryEntry, ScsTrial
from fbss.clinical.finding import Missing
from fbss.clinical.policy import Policy

PROCESS_OVERLAP_PERCENT = 80.0  # paraesthesia-era implant rule in PROCESS (secondary source), shown only


class Outcome(StrEnum):
    SUCCESS = "success"
    NOT_SUCCESSFUL = "not_successful"
    UNDETERMINED = "undetermined"


class State(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class RegionRelief:
    region: str
    baseline: int | None
    during: float | None  # mean diary NRS
    relief_percent: float | None
    days_rated: int


@dataclass(frozen=True, slots=True)
class Change:
    baseline: float | None
    during: float | None
    direction: str | None  # "reduced" / "stable" / "increased"


@dataclass(frozen=True, slots=True)
class TrialEvaluation:
    state: State
    length_days: int | None
    within_window: bool | None
    diary_days: int
    primary_regions: tuple[str, ...]
    relief: tuple[RegionRelief, ...]
    analgesics: Change
    activity: Change
    sleep_hours: float | None
    satisfied: bool | None
    outcome: Outcome
    reasons: tuple[str, ...]
    missing: tuple[Missing, ...]
    threshold_percent: float

    def region(self, name: str) -> RegionRelief | None:
        return next((r for r in self.relief if r.region == name), None)

    def to_dict(self) -> dict[str, object]:
        return {
            "state": self.state.value,
            "outcome": self.outcome.value,
            "length_days": self.length_days,
            "within_window": self.within_window,
            "diary_days": self.diary_days,
            "primary_regions": list(self.primary_regions),
            "threshold_percent": self.threshold_percent,
            "relief": [
                {
                    "region": r.region,
                    "baseline": r.baseline,
                    "during": r.during,
                    "relief_percent": r.relief_percent,
                    "days_rated": r.days_rated,
                }
                for r in self.relief
            ],
            "analgesics": _change_dict(self.analgesics),
            "activity": _change_dict(self.activity),
            "sleep_hours": self.sleep_hours,
            "satisfied": self.satisfied,
            "reasons": list(self.reasons),
        }


def _change_dict(change: Change) -> dict[str, object]:
    return {"baseline": change.baseline, "during": change.during, "direction": change.direction}


def trial_state(trial: ScsTrial, today: dt.date) -> State:
    """Planned, in progress or complete, from the trial dates and the assessment date."""
    if trial.start is None:
        return State.UNDATED
    if trial.start > today:
        return State.PLANNED
    if trial.end is None or trial.end > today:
        return State.IN_PROGRESS
    return State.COMPLETE


def trial_length(trial: ScsTrial) -> int | None:
    """Days from the start date to the end date."""
    if trial.start is None or trial.end is None:
        return None
    return (trial.end - trial.start).days


def evaluate_trial(
    trial: ScsTrial, policy: Policy, today: dt.date, predominance: str = "unknown", path: str = "scs.trial"
) -> TrialEvaluation:
    """Evaluate a trial's diary against the success rule of `policy`."""
    entries = _entries_in_trial(trial)
    length = trial_length(trial)
    window = None if length is None else policy.scs_trial_min_days <= length <= policy.scs_trial_max_days
    missing: list[Missing] = []
    if length is None:
        missing.append(Missing(f"{path}.start" if trial.start is None else f"{path}.end", "trial dates"))
    relief = (
        _relief("leg", trial.baseline_nrs_leg, entries),
        _relief("back", trial.baseline_nrs_back, entries),
    )
    primary = _primary_regions(predominance, trial)
    analgesics = _change(trial.baseline_analgesic_doses, [e.analgesic_doses for e in entries], policy)
    activity = _change(trial.baseline_active_minutes, [e.active_minutes for e in entries], policy)
    sleep = [e.sleep_hours for e in entries if e.sleep_hours is not None]
    outcome, reasons, more_missing = _judge(trial, policy, relief, primary, analgesics, activity, path)
    if window is False:
        reasons.append(
            f"Trial length {length} days is outside the {policy.scs_trial_min_days}-{policy.scs_trial_max_days} "
            "day window (Practice Parameters: three to eight days usually suffice)"
        )
    if (
        trial.paraesthesia_overlap_percent is not None
        and trial.paraesthesia_overlap_percent < PROCESS_OVERLAP_PERCENT
    ):
        reasons.append(
            f"Paraesthesia overlap {trial.paraesthesia_overlap_percent:g}%: PROCESS required at least 80% "
            "(paraesthesia-based systems; secondary source)"
        )
    return TrialEvaluation(
        state=trial_state(trial, today),
        length_days=length,
        within_window=window,
        diary_days=len(entries),
        primary_regions=primary,
        relief=relief,
        analgesics=analgesics,
        activity=activity,
        sleep_hours=round(fmean(sleep), 1) if sleep else None,
        satisfied=trial.patient_satisfied,
        outcome=outcome,
        reasons=tuple(reasons),
        missing=(*missing, *more_missing),
        threshold_percent=policy.scs_trial_success_relief_percent,
    )


def _entries_in_trial(trial: ScsTrial) -> tuple[DiaryEntry, ...]:
    entries = sorted(trial.diary, key=lambda e: e.date)
    if trial.start is not None:
        entries = [e for e in entries if e.date >= trial.start]
    if trial.end is not None:
        entries = [e for e in entries if e.date <= trial.end]
    return tuple(entries)


def _relief(region: str, baseline: int | None, entries: Sequence[DiaryEntry]) -> RegionRelief:
    ratings = [getattr(e, f"nrs_{region}") for e in entries]
    rated = [r for r in ratings if r is not None]
    mean = fmean(rated) if rated else None
    relief = round((baseline - mean) / baseline * 100, 1) if baseline and mean is not None else None
    return RegionRelief(region, baseline, round(mean, 2) if mean is not None else None, relief, len(rated))


def _primary_regions(predominance: str, trial: ScsTrial) -> tuple[str, ...]:
    """The pain the trial is judged on: the predominant one; else the higher baseline; both when equal."""
    if predominance in ("leg", "back"):
        return (predominance,)
    leg, back = trial.baseline_nrs_leg, trial.baseline_nrs_back
    if leg is None and back is None:
        return ("leg", "back")
    if back is None or (leg is not None and leg > back):
        return ("leg",)
    if leg is None or back > leg:
        return ("back",)
    return ("leg", "back")


def _change(baseline: int | None, values: Sequence[int | None], policy: Policy) -> Change:
    known = [v for v in values if v is not None]
    during = round(fmean(known), 2) if known else None
    if baseline is None or during is None:
        return Change(baseline, during, None)
    margin = baseline * policy.scs_trial_stable_tolerance
    if during < baseline - margin:
        return Change(baseline, during, "reduced")
    if during > baseline + margin:
        return Change(baseline, during, "increased")
    return Change(baseline, during, "stable")


def _judge(
    trial: ScsTrial,
    policy: Policy,
    relief: tuple[RegionRelief, ...],
    primary: tuple[str, ...],
    analgesics: Change,
    activity: Change,
    path: str,
) -> tuple[Outcome, list[str], list[Missing]]:
    threshold = policy.scs_trial_success_relief_percent
    checks: list[bool | None] = []
    reasons: list[str] = []
    missing: list[Missing] = []
    for region in (r for r in relief if r.region in primary):
        if r_missing := _relief_missing(region, path):
            missing.append(r_missing)
            checks.append(None)
            continue
        assert region.relief_percent is not None
        ok = region.relief_percent >= threshold
        checks.append(ok)
        reasons.append(
            f"{region.region.capitalize()} pain {region.baseline} -> {region.during:g} on average: "
            f"{region.relief_percent:g}% relief ({'meets' if ok else 'below'} the {threshold:g}% threshold)"
        )
    for name, change, good, field, unit, daily in (
        ("Analgesic use", analgesics, ("reduced", "stable"), "analgesic_doses", "doses", "analgesic doses"),
        ("Activity", activity, ("increased", "stable"), "active_minutes", "active minutes", "active minutes"),
    ):
        if change.direction is None:
            # each absent part is named: the baseline, the daily counts of the diary, or both
            if change.baseline is None:
                missing.append(Missing(f"{path}.baseline_{field}", f"{name.lower()} at baseline"))
            if change.during is None:
                missing.append(Missing(f"{path}.diary", f"daily {daily} in the diary"))
            checks.append(None)
        else:
            ok = change.direction in good
            checks.append(ok)
            reasons.append(
                f"{name} {change.direction} ({change.baseline:g} -> {change.during:g} {unit} a day)"
            )
    if policy.scs_trial_requires_satisfaction:
        if trial.patient_satisfied is None:
            missing.append(
                Missing(f"{path}.patient_satisfied", "the Practice Parameters also need satisfaction")
            )
            checks.append(None)
        else:
            checks.append(trial.patient_satisfied)
            reasons.append("Patient satisfied" if trial.patient_satisfied else "Patient not satisfied")
    if any(c is False for c in checks):
        return Outcome.NOT_SUCCESSFUL, reasons, missing
    if any(c is None for c in checks):
        return Outcome.UNDETERMINED, reasons, missing
    return Outcome.SUCCESS, reasons, missing


def _relief_missing(region: RegionRelief, path: str) -> Missing | None:
    if region.baseline is None:
        return Missing(
            f"{path}.baseline_nrs_{region.region}", f"baseline {region.region} pain before the trial"
        )
    if region.baseline == 0:
        return Missing(f"{path}.baseline_nrs_{region.region}", "a baseline of 0 leaves nothing to relieve")
    if region.during is None:
        return Missing(f"{path}.diary", f"daily {region.region} pain ratings during the trial")
    return None
