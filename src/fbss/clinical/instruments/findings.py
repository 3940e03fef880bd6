"""SCORE findings: the latest response to each instrument, and the back and leg NRS of the pain reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fbss.clinical.finding import Because, Coding, Finding, Kind, Missing, Status
from fbss.clinical.instruments import phq9
from fbss.clinical.instruments.base import Instrument, ScoredResponse
from fbss.clinical.instruments.registry import INSTRUMENTS, Histories, histories
from fbss.clinical.sources import FARRAR_2001, Source

if TYPE_CHECKING:
    from fbss.clinical.case import Case, PainReport

LOINC = "http://loinc.org"
PAIN_RATING_FIELDS = ("nrs_average", "nrs_now", "nrs_worst")  # the order PainReport.intensity uses


def _sources_of(instrument: Instrument) -> tuple[Source, ...]:
    extra = (instrument.mcid_source, instrument.band_source)
    return (*instrument.sources, *(s for s in extra if s is not None and s not in instrument.sources))


def _total_codes(instrument: Instrument) -> tuple[Coding, ...]:
    if instrument.loinc_total is None:
        return ()
    return (Coding(LOINC, instrument.loinc_total, instrument.loinc_total_display or instrument.name),)


SOURCES: dict[str, tuple[Source, ...]] = {key: _sources_of(found) for key, found in INSTRUMENTS.items()}
TOTAL_CODES: dict[str, tuple[Coding, ...]] = {key: _total_codes(found) for key, found in INSTRUMENTS.items()}


def score_findings(case: Case, scored: Histories | None = None) -> tuple[Finding, ...]:
    """One SCORE finding per instrument answered (its latest response), then `score.nrs_back` and `score.nrs_leg`.

    `scored`: the case's scored responses when the caller has them already (`histories(case)`).
    """
    scored_responses = histories(case) if scored is None else scored
    findings = [
        score_finding(case, found, scored_responses[instrument_id])
        for instrument_id, found in INSTRUMENTS.items()
        if instrument_id in scored_responses
    ]
    findings.append(pain_report_nrs(case, "back"))
    findings.append(pain_report_nrs(case, "leg"))
    return tuple(findings)


def score_finding(case: Case, found: Instrument, responses: tuple[ScoredResponse, ...]) -> Finding:
    """The SCORE finding of the latest of one instrument's scored responses (oldest first)."""
    latest = responses[-1]
    score = latest.score
    computed = score.total is not None if found.has_total else bool(score.subscales)
    answers = case.instruments[latest.position].answers
    return Finding(
        code=f"score.{found.id}",
        kind=Kind.SCORE,
        title=_score_title(found, latest) if computed else f"{found.name} cannot be scored: items unanswered",
        status=Status.MET if computed else Status.UNKNOWN,
        sources=SOURCES[found.id],
        because=_score_because(found, latest, answers, case),
        missing=tuple(
            _missing_item(found, latest.position, item_id, computed) for item_id in score.missing_items
        ),
        detail=score.note,
        value=score.total,
        codes=TOTAL_CODES[found.id] if score.total is not None else (),
        data=_score_data(found, latest, responses=len(responses)),
    )


def _score_title(found: Instrument, latest: ScoredResponse) -> str:
    score = latest.score
    if score.total is None:
        parts = ", ".join(f"{name.replace('_', ' ')} {value:g}" for name, value in score.subscales.items())
        return f"{found.name}: {parts}"
    unit = found.total_unit or ""
    band = f" ({score.band.replace('_', ' ')})" if score.band else ""
    return f"{found.name}: {score.total:g}{unit} of {score.maximum:g}{unit}{band}"


def _score_because(
    found: Instrument, latest: ScoredResponse, answers: dict[str, Any], case: Case
) -> tuple[Because, ...]:
    position = latest.position
    ordered = tuple(map(answers.get, found.item_ids))
    taken_on = (
        Because(f"instruments[{position}].date", latest.date.isoformat() if latest.date else None)
        if latest.dated
        else Because("assessment_date", case.assessment_date.isoformat(), note="undated response")
    )
    because = [Because(f"instruments[{position}].answers", ordered, note="in item order"), taken_on]
    if phq9.ITEM9_POSITIVE in latest.score.flags:
        because.append(
            Because(
                f"instruments[{position}].answers.{phq9.ITEM9}",
                answers.get(phq9.ITEM9),
                note=phq9.ITEM9_POSITIVE,
            )
        )
    return tuple(because)


def _missing_item(found: Instrument, position: int, item_id: str, computed: bool) -> Missing:
    item = found.item(item_id)
    label = item.label if item else item_id
    consequence = "" if computed else f"; {found.name} is not scored with it missing"
    return Missing(
        f"instruments[{position}].answers.{item_id}", f"item {item_id} ({label}) unanswered{consequence}"
    )


def _score_data(found: Instrument, latest: ScoredResponse, responses: int) -> dict[str, Any]:
    score = latest.score
    return {
        "instrument": found.id,
        "band": score.band,
        "subscales": dict(score.subscales),
        "position": latest.position,
        "date": latest.date.isoformat() if latest.date else None,
        "dated": latest.dated,
        "minimum": score.minimum,
        "maximum": score.maximum,
        "unit": found.total_unit,
        "flags": list(score.flags),
        "answered": score.answered,
        "missing_items": list(score.missing_items),
        "responses": responses,
        "off_label": found.off_label_after_surgery,
    }


def pain_report_nrs(case: Case, region: str) -> Finding:
    """`score.nrs_<region>`: the 0-10 rating of the pain report of that region; for legs, the worse one."""
    reports = [(position, report) for position, report in enumerate(case.pain) if report.region == region]
    rated = [(position, report) for position, report in reports if report.intensity is not None]
    code = f"score.nrs_{region}"
    if not rated:
        return Finding(
            code=code,
            kind=Kind.SCORE,
            title=f"{region.capitalize()} pain rating not recorded",
            status=Status.UNKNOWN,
            sources=(FARRAR_2001,),
            missing=_missing_rating(region, reports),
            data=_nrs_data(case, None, None, None),
        )
    position, report = max(rated, key=lambda entry: entry[1].intensity or 0)
    field = _rating_field(report)
    value = report.intensity
    return Finding(
        code=code,
        kind=Kind.SCORE,
        title=f"{region.capitalize()} pain NRS {value} of 10",
        status=Status.MET,
        sources=(FARRAR_2001,),
        because=(Because(f"pain[{position}].{field}", value),),
        value=value,
        data=_nrs_data(case, position, report, field),
    )


def _rating_field(report: PainReport) -> str:
    return next(name for name in PAIN_RATING_FIELDS if getattr(report, name) is not None)


def _missing_rating(region: str, reports: list[tuple[int, PainReport]]) -> tuple[Missing, ...]:
    if reports:
        return tuple(
            Missing(f"pain[{position}].nrs_average", f"the {region} pain report has no 0-10 rating")
            for position, _ in reports
        )
    return (
        Missing("pain", f"no {region} pain report: record {region} pain with its 0-10 rating (0 if none)"),
    )


def _nrs_data(
    case: Case, position: int | None, report: PainReport | None, field: str | None
) -> dict[str, Any]:
    return {
        "band": None,
        "subscales": {},
        "position": position,
        "date": case.assessment_date.isoformat(),
        "minimum": 0,
        "maximum": 10,
        "flags": [],
        "rating": field,
        "side": report.side.value if report is not None and report.side is not None else None,
    }
