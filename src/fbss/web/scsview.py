"""What the SCS pages show: the trial as recorded, its diary day by day, and a small chart of daily pain.

Arrangement only. Whether the trial succeeded, where the patient stands and what comes next are the
assessment's `scs.*` findings (fbss.clinical.planning.scs); nothing here judges a trial.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fbss.clinical.case import Case, DiaryEntry, ScsTrial
from fbss.clinical.finding import Kind
from fbss.store.models import Observation

# Plot area of the chart, in SVG user units (the image scales to its box).
WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 34, 26, 12, 30
NRS_MAX = 10
REGIONS = (("leg", "Leg pain"), ("back", "Back pain"))
TRIAL_OUTCOME = "scs.trial.outcome"


@dataclass(frozen=True, slots=True)
class DiaryRow:
    """One diary day; `observation` is the record row when the day was entered as a diary entry."""

    entry: DiaryEntry
    observation: Observation | None
    in_trial: bool


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    value: int
    day: dt.date


@dataclass(frozen=True, slots=True)
class Series:
    region: str
    label: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True, slots=True)
class Level:
    """A horizontal line: a baseline, or the relief target the trial's outcome finding reports."""

    region: str
    label: str
    value: float
    y: float


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True)
class NrsChart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    series: tuple[Series, ...]
    baselines: tuple[Level, ...]
    targets: tuple[Level, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    description: str


def trial_of(case: Case) -> ScsTrial | None:
    """The trial of the Case as assessed (its diary joined from the record), if one is recorded."""
    return case.scs.trial if case.scs is not None else None


def has_trial(case: Case) -> bool:
    trial = trial_of(case)
    return trial is not None and trial.start is not None


def latest_scs(observations: Sequence[Observation]) -> Observation | None:
    """The `scs` observation the Case takes (the latest), the one a new record of the trial builds on."""
    rows = [row for row in observations if row.kind == "scs"]
    return max(rows, key=lambda row: (row.observed_on, row.id)) if rows else None


def diary_rows(trial: ScsTrial | None, observations: Sequence[Observation]) -> list[DiaryRow]:
    """The trial's diary by date, each day with its record row when it has one."""
    if trial is None:
        return []
    rows = {row.payload.get("date"): row for row in observations if row.kind == "scs_diary"}
    return [
        DiaryRow(entry, rows.get(entry.date.isoformat()), _within(trial, entry.date))
        for entry in sorted(trial.diary, key=lambda e: e.date)
    ]


def _within(trial: ScsTrial, day: dt.date) -> bool:
    return (trial.start is None or day >= trial.start) and (trial.end is None or day <= trial.end)


def nrs_chart(trial: ScsTrial, outcome: Mapping[str, Any] | None) -> NrsChart | None:
    """Daily back and leg NRS against the baselines, and the relief target when the outcome finding gives one."""
    entries = sorted((e for e in trial.diary if _within(trial, e.date)), key=lambda e: e.date)
    if not entries:
        return None
    first = min(d for d in (trial.start, entries[0].date) if d is not None)
    last = max(d for d in (trial.end, entries[-1].date) if d is not None)
    span = max((last - first).days, 1)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + (right - LEFT) * (day - first).days / span

    def y(value: float) -> float:
        return bottom - (bottom - TOP) * value / NRS_MAX

    series = tuple(
        Series(
            region,
            label,
            tuple(
                Point(x(e.date), y(value), value, e.date)
                for e in entries
                if (value := getattr(e, f"nrs_{region}")) is not None
            ),
        )
        for region, label in REGIONS
    )
    baselines = tuple(
        Level(region, f"{label} before the trial", value, y(value))
        for region, label in REGIONS
        if (value := getattr(trial, f"baseline_nrs_{region}")) is not None
    )
    targets = _targets(outcome, y)
    return NrsChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        series=tuple(s for s in series if s.points),
        baselines=baselines,
        targets=targets,
        x_ticks=_day_ticks(first, last, x),
        y_ticks=tuple(Tick(y(value), str(value)) for value in (0, 2, 4, 6, 8, 10)),
        description=_describe(entries, series, baselines, targets),
    )


def _targets(outcome: Mapping[str, Any] | None, y: Any) -> tuple[Level, ...]:
    """The NRS the outcome finding's relief threshold asks for, on the pain(s) it judges the trial by."""
    data = (outcome or {}).get("data") or {}
    threshold = data.get("threshold_percent")
    if threshold is None:
        return ()
    primary = set(data.get("primary_regions") or ())
    found = []
    for relief in data.get("relief") or ():
        if relief.get("region") in primary and relief.get("baseline"):
            value = relief["baseline"] * (1 - threshold / 100)
            label = f"{relief['region'].capitalize()} pain target ({threshold:g}% relief)"
            found.append(Level(relief["region"], label, value, y(value)))
    return tuple(found)


def _day_ticks(first: dt.date, last: dt.date, x: Any) -> tuple[Tick, ...]:
    days = (last - first).days
    step = max(1, -(-days // 8))  # at most about nine labels
    ticks = (first + dt.timedelta(days=offset) for offset in range(0, days + 1, step))
    return tuple(Tick(x(day), day.strftime("%d %b")) for day in ticks)


def _describe(
    entries: Sequence[DiaryEntry],
    series: Sequence[Series],
    baselines: Sequence[Level],
    targets: Sequence[Level],
) -> str:
    parts = [f"Diary from {entries[0].date.isoformat()} to {entries[-1].date.isoformat()}."]
    for line in series:
        values = ", ".join(str(p.value) for p in line.points)
        parts.append(f"{line.label} each day (0-10): {values}." if values else f"{line.label}: not rated.")
    parts.extend(f"{level.label}: {level.value:g}." for level in (*baselines, *targets))
    parts.append("The same days are in the diary table.")
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class ScsSection:
    """The chart's SCS pathway section: the `scs.*` findings, the trial as recorded, its diary and chart."""

    findings: list[dict[str, Any]]
    trial: ScsTrial | None
    rows: list[DiaryRow]
    chart: NrsChart | None
    latest: Observation | None


def scs_section(case: Case, result: Mapping[str, Any], observations: Sequence[Observation]) -> ScsSection:
    findings = [f for f in result.get("findings", []) if f["kind"] == Kind.SCS.value]
    outcome = next((f for f in findings if f["code"] == TRIAL_OUTCOME), None)
    trial = trial_of(case)
    return ScsSection(
        findings=findings,
        trial=trial,
        rows=diary_rows(trial, observations),
        chart=nrs_chart(trial, outcome) if trial is not None else None,
        latest=latest_scs([row for row in observations if row.observed_on <= case.assessment_date]),
    )


def with_trial(scs: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """The SCS record with the trial's fields replaced; the rest (diary, prerequisites, implant) kept."""
    return {**scs, "trial": {**(scs.get("trial") or {}), **fields}}
