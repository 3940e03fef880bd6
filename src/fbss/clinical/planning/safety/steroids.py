"""Epidural steroid exposure: the cumulative dose from earlier injections (no verified ceiling exists, and
the finding says so) and the FDA 2014 warning whenever an epidural steroid injection is planned or proposed."""

from __future__ import annotations

from fbss.clinical.case import PriorTreatment, TreatmentKind
from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.procedures import ESI_KINDS, ProcedureTarget

YEAR_DAYS = 365


def steroid_checks(ctx: PlanContext, targets: tuple[ProcedureTarget, ...]) -> tuple[Finding, ...]:
    """Cumulative epidural steroid exposure and the FDA warning for planned or proposed ESIs."""
    esi_targets = tuple(t for t in targets if t.kind in ESI_KINDS)
    found: list[Finding] = []
    exposure = _cumulative_exposure(ctx, bool(esi_targets))
    if exposure is not None:
        found.append(exposure)
    if esi_targets:
        found.append(_fda_warning(esi_targets))
    return tuple(found)


def _cumulative_exposure(ctx: PlanContext, esi_ahead: bool) -> Finding | None:
    earlier = [
        (i, t)
        for i, t in enumerate(ctx.case.prior_treatments)
        if t.kind is TreatmentKind.EPIDURAL_STEROID_INJECTION
    ]
    if not earlier and not esi_ahead:
        return None
    sessions = sessions_last_year = 0
    steroid_mg = 0.0
    because: list[Because] = []
    missing: list[Missing] = []
    unknown_dose = 0
    for i, treatment in earlier:
        count = sessions_of(treatment)
        sessions += count
        if within_last_year(ctx, treatment):
            sessions_last_year += count
        because.append(Because(f"prior_treatments[{i}].sessions", treatment.sessions))
        if treatment.steroid_mg is None:
            unknown_dose += count
            missing.append(Missing(f"prior_treatments[{i}].steroid_mg", "steroid dose per injection"))
        else:
            steroid_mg += count * treatment.steroid_mg
            because.append(Because(f"prior_treatments[{i}].steroid_mg", treatment.steroid_mg))
        if treatment.sessions is None:
            missing.append(Missing(f"prior_treatments[{i}].sessions", "counted as one injection"))
        if treatment.end is None and treatment.start is None:
            missing.append(
                Missing(f"prior_treatments[{i}].start", "needed to count injections in the last 12 months")
            )
    limit = ctx.policy.esi_max_sessions_per_year
    over = limit is not None and sessions_last_year >= limit
    title = (
        f"Epidural steroid so far: {sessions} injection{'' if sessions == 1 else 's'}, {sessions_last_year} in the "
        "last 12 months; "
        f"{steroid_mg:g} mg recorded"
        if earlier
        else "No earlier epidural steroid injections recorded"
    )
    detail = (
        "No verified source sets a cumulative epidural steroid ceiling, and none is applied. In practice no "
        "more than 3-4 injections per region in 12 months, with reassessment, is common (secondary source). "
        "Totals add recorded milligrams; different steroids are not equivalent milligram for milligram."
    )
    if limit is not None:
        detail += f" This clinic's limit is {limit} per 12 months."
    return Finding(
        code="safety.epidural_steroid.cumulative",
        kind=Kind.SAFETY,
        title=title + (f": at the clinic's limit of {limit} per 12 months" if over else ""),
        status=Status.MET if earlier else Status.NOT_MET,
        severity=Severity.WARNING if over else Severity.INFO,
        because=tuple(because),
        missing=tuple(missing),
        detail=detail,
        action="Record each injection's steroid and dose; reassess benefit before repeating."
        if earlier
        else None,
        value=steroid_mg if earlier else None,
        sources=(ref.ESI_FREQUENCY_PRACTICE, ref.FDA_ESI_2014),
        data={
            "sessions_total": sessions,
            "sessions_last_12_months": sessions_last_year,
            "steroid_mg_recorded": steroid_mg,
            "sessions_dose_unknown": unknown_dose,
            "ceiling_verified": False,
            "clinic_limit_per_year": limit,
        },
    )


def sessions_of(treatment: PriorTreatment) -> int:
    """Injections in one recorded course; an unrecorded count is one injection."""
    return treatment.sessions if treatment.sessions is not None else 1


def within_last_year(ctx: PlanContext, treatment: PriorTreatment) -> bool:
    """Whether the course ended (or, without an end, started) within 12 months of the assessment date."""
    when = treatment.end or treatment.start
    return when is not None and 0 <= (ctx.today - when).days <= YEAR_DAYS


def recent_injections(ctx: PlanContext) -> list[tuple[int, PriorTreatment]]:
    """Earlier epidural steroid injections within 12 months, with their place in prior_treatments."""
    return [
        (i, t)
        for i, t in enumerate(ctx.case.prior_treatments)
        if t.kind is TreatmentKind.EPIDURAL_STEROID_INJECTION and within_last_year(ctx, t)
    ]


def _fda_warning(targets: tuple[ProcedureTarget, ...]) -> Finding:
    planned = [t for t in targets if not t.proposed]
    because = tuple(
        Because(f"{t.path}.procedure", t.kind.value)
        if t.path
        else Because("plan", t.code, note="proposed by the plan")
        for t in targets
    )
    return Finding(
        code="safety.epidural_steroid.fda_warning",
        kind=Kind.SAFETY,
        title="Epidural steroid injection: FDA warning of rare but serious neurological events",
        status=Status.MET,
        severity=Severity.WARNING if planned else Severity.INFO,
        because=because,
        detail="FDA Drug Safety Communication (April 2014): epidural corticosteroid injection may cause rare but "
        "serious adverse events, including loss of vision, stroke, paralysis and death; epidural use is not "
        "FDA-approved and its effectiveness and safety are not established. A multisociety working group "
        "(Rathmell 2015) set out safeguards on image guidance, contrast, steroid choice and technique.",
        action="Discuss these risks with the patient and record consent; use image guidance with contrast.",
        timeframe="before the injection",
        sources=(ref.FDA_ESI_2014, ref.RATHMELL_2015),
    )
