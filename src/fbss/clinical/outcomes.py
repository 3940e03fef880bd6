"""Outcome change over time: baseline (first scored response) to latest, against the published MCID.

For most scales lower is better; PROMIS physical function and social roles are better when higher. The MCID
thresholds are those of the instruments themselves (NRS 2 points or 30%, Farrar 2001 and Ostelo 2008;
ODI 10 points or 30% and RMDQ 5 points or 30%, Ostelo 2008); where none is verified the change is reported
with `clinically_important` None and the reason in `detail`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from fbss.clinical.case import Case
from fbss.clinical.finding import Because, Finding, Kind, Missing, Status
from fbss.clinical.instruments import INSTRUMENTS, Instrument, ScoredResponse
from fbss.clinical.instruments.registry import Histories, histories
from fbss.clinical.sources import Source


def _sources_of(found: Instrument) -> tuple[Source, ...]:
    if found.mcid_source is None or found.mcid_source in found.sources:
        return found.sources
    return (found.mcid_source, *found.sources)


SOURCES: dict[str, tuple[Source, ...]] = {key: _sources_of(found) for key, found in INSTRUMENTS.items()}

# Float arithmetic on rounded scores (e.g. ODI 45.0 -> 35.0) must not miss a threshold by a rounding error.
TOLERANCE = 1e-9


class Change(NamedTuple):
    """Baseline to latest on one scale, and whether the improvement reaches the MCID."""

    baseline: float
    latest: float
    change: float
    percent_change: float | None
    improvement: float  # positive = better, whatever the scale's direction
    direction: str  # improved / worsened / unchanged
    clinically_important: bool | None


def changes(case: Case, scored: Histories | None = None) -> tuple[Finding, ...]:
    """One OUTCOME finding per instrument (or per subscale where there is no total) answered twice or more.

    `scored`: the case's scored responses when the caller has them already (`histories(case)`).
    """
    scored_responses = histories(case) if scored is None else scored
    findings: list[Finding] = []
    for instrument_id, found in INSTRUMENTS.items():
        series = scored_responses.get(instrument_id, ())
        if len(series) < 2:
            continue
        if found.has_total:
            findings.append(change_finding(found, None, series))
            continue
        for subscale in found.subscale_names:
            if any(subscale in response.score.subscales for response in series):
                findings.append(change_finding(found, subscale, series))
    return tuple(findings)


def value_of(response: ScoredResponse, subscale: str | None) -> float | None:
    score = response.score
    return score.total if subscale is None else score.subscales.get(subscale)


def measure_change(found: Instrument, subscale: str | None, baseline: float, latest: float) -> Change:
    """Change, percent change and improvement from baseline to latest, judged against the MCID."""
    change = latest - baseline
    percent = change / baseline * 100 if baseline else None
    improvement = change if found.is_better_when_higher(subscale) else -change
    return Change(
        baseline=baseline,
        latest=latest,
        change=round(change, 2),
        percent_change=round(percent, 1) if percent is not None else None,
        improvement=round(improvement, 2),
        direction="improved" if improvement > 0 else "worsened" if improvement < 0 else "unchanged",
        clinically_important=reaches_mcid(found, subscale, baseline, improvement),
    )


def reaches_mcid(found: Instrument, subscale: str | None, baseline: float, improvement: float) -> bool | None:
    """Improvement of at least the MCID in points, or of at least the MCID percentage of baseline.

    None where no MCID is verified; PROMIS-29 domains have none on the raw scale.
    """
    if found.mcid is None or (subscale is not None and found.has_total):
        return None
    if improvement >= found.mcid - TOLERANCE:
        return True
    if found.mcid_percent is not None and baseline:
        return improvement / abs(baseline) * 100 >= found.mcid_percent - TOLERANCE
    return False


def change_finding(found: Instrument, subscale: str | None, series: tuple[ScoredResponse, ...]) -> Finding:
    """The OUTCOME finding of one scale: `outcome.<id>` or `outcome.<id>.<subscale>`."""
    code = f"outcome.{found.id}" if subscale is None else f"outcome.{found.id}.{subscale}"
    label = found.name if subscale is None else f"{found.name} {subscale.replace('_', ' ')}"
    with_value = [
        (response, value) for response in series if (value := value_of(response, subscale)) is not None
    ]
    if len(with_value) < 2:
        return _undecided(found, code, label, subscale, series)
    (first, baseline), (last, latest) = with_value[0], with_value[-1]
    measured = measure_change(found, subscale, baseline, latest)
    dates = (_iso(first), _iso(last))
    return Finding(
        code=code,
        kind=Kind.OUTCOME,
        title=_title(found, label, measured),
        status=_status(measured),
        sources=SOURCES[found.id],
        because=(
            Because(f"instruments[{first.position}]", baseline, note=f"baseline, {dates[0]}"),
            Because(f"instruments[{last.position}]", latest, note=f"latest, {dates[1]}"),
        ),
        missing=_no_mcid(found, last) if measured.clinically_important is None else (),
        detail=found.mcid_note if measured.clinically_important is None else None,
        value=measured.change,
        data=_data(found, subscale, measured, (first, last), dates, len(with_value)),
    )


def _no_mcid(found: Instrument, latest: ScoredResponse) -> tuple[Missing, ...]:
    """Nothing in the case can decide importance without a verified MCID: say so, and who judges meanwhile."""
    return (
        Missing(
            f"instruments[{latest.position}]",
            f"{found.mcid_note or 'No verified MCID'}: a verified minimal clinically important difference would "
            "decide it; until then the clinician judges the change with the patient",
        ),
    )


def _status(measured: Change) -> Status:
    if measured.clinically_important is None:
        return Status.UNKNOWN
    return Status.MET if measured.clinically_important else Status.NOT_MET


def _title(found: Instrument, label: str, measured: Change) -> str:
    unit = found.total_unit or ""
    moved = f"{label} {measured.direction} from {measured.baseline:g}{unit} to {measured.latest:g}{unit}"
    if measured.clinically_important is None:
        return f"{moved}; no verified MCID"
    if measured.clinically_important:
        return f"{moved}: a clinically important improvement"
    return f"{moved}: not a clinically important improvement"


def _data(
    found: Instrument,
    subscale: str | None,
    measured: Change,
    responses: tuple[ScoredResponse, ScoredResponse],
    dates: tuple[str | None, str | None],
    scored_count: int,
) -> dict[str, Any]:
    is_mcid_scale = measured.clinically_important is not None
    return {
        "baseline": measured.baseline,
        "latest": measured.latest,
        "change": measured.change,
        "percent_change": measured.percent_change,
        "mcid": found.mcid if is_mcid_scale else None,
        "mcid_percent": found.mcid_percent if is_mcid_scale else None,
        "clinically_important": measured.clinically_important,
        "improvement": measured.improvement,
        "direction": measured.direction,
        "higher_is_better": found.is_better_when_higher(subscale),
        "subscale": subscale,
        "unit": found.total_unit,
        "baseline_date": dates[0],
        "latest_date": dates[1],
        "baseline_position": responses[0].position,
        "latest_position": responses[1].position,
        "responses": scored_count,
    }


def _undecided(
    found: Instrument, code: str, label: str, subscale: str | None, series: tuple[ScoredResponse, ...]
) -> Finding:
    missing = tuple(
        Missing(
            f"instruments[{response.position}].answers",
            f"not scorable: item(s) {', '.join(response.score.missing_items)} unanswered",
        )
        for response in series
        if value_of(response, subscale) is None
    )
    return Finding(
        code=code,
        kind=Kind.OUTCOME,
        title=f"{label} change cannot be measured: fewer than two scorable responses",
        status=Status.UNKNOWN,
        sources=SOURCES[found.id],
        missing=missing,
        data={
            "baseline": None,
            "latest": None,
            "change": None,
            "percent_change": None,
            "mcid": None,
            "clinically_important": None,
            "subscale": subscale,
            "responses": len(series),
        },
    )


def _iso(response: ScoredResponse) -> str | None:
    return response.date.isoformat() if response.date else None
