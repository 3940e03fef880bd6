"""NSAID cautions at any age: kidney, gastrointestinal bleeding and cardiovascular risk, raised only when the
case records a risk factor (the general warnings sit in the catalogue entry)."""

from __future__ import annotations

from fbss.clinical.drugs import ANTICOAGULANT_CLASSES, ANTIPLATELET_CLASSES, DrugClass
from fbss.clinical.finding import Because, Finding, Kind, Severity, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.uses import DrugUse, current_only
from fbss.clinical.sources import Source
from fbss.clinical.wording import sentence_start

GASTROPROTECTION_AGE_ABOVE = 75  # Scottish polypharmacy guidance: add a PPI above age 75
SEVERE_RENAL_CRCL = 30.0  # Beers 2023 avoids NSAIDs below CrCl 30 in older adults; shown to all as a caution


def nsaid_checks(ctx: PlanContext, uses: tuple[DrugUse, ...], crcl: float | None) -> tuple[Finding, ...]:
    """Kidney, bleeding and cardiovascular cautions for current and proposed NSAIDs."""
    nsaids = tuple(u for u in uses if u.has(DrugClass.NSAID))
    if not nsaids:
        return ()
    others = tuple(u for u in current_only(uses) if not u.has(DrugClass.NSAID))
    return tuple(
        finding
        for finding in (
            _renal(ctx, nsaids, others, crcl),
            _gastrointestinal(ctx, nsaids, others),
            _cardiovascular(ctx, nsaids),
        )
        if finding is not None
    )


def _names(nsaids: tuple[DrugUse, ...]) -> str:
    return " / ".join(u.described for u in nsaids)


def _finding(
    code: str, title: str, because: list[Because], detail: str, action: str, sources: tuple[Source, ...]
) -> Finding:
    return Finding(
        code=code,
        kind=Kind.SAFETY,
        title=title,
        status=Status.MET,
        severity=Severity.WARNING,
        because=tuple(because),
        detail=detail,
        action=action,
        sources=sources,
    )


def _renal(
    ctx: PlanContext, nsaids: tuple[DrugUse, ...], others: tuple[DrugUse, ...], crcl: float | None
) -> Finding | None:
    reasons: list[str] = []
    because = [u.because for u in nsaids]
    if crcl is not None and crcl < SEVERE_RENAL_CRCL:
        reasons.append(f"creatinine clearance {crcl:g} mL/min")
        because.append(Because("finding:safety.renal_function", crcl))
    if ctx.case.conditions.advanced_renal_disease:
        reasons.append("advanced kidney disease")
        because.append(Because("conditions.advanced_renal_disease", True))
    ace = [u for u in others if u.has(DrugClass.ACE_INHIBITOR_OR_ARB)]
    diuretics = [u for u in others if u.has(DrugClass.DIURETIC)]
    if ace and diuretics:
        reasons.append(f"with {ace[0].name} and {diuretics[0].name}, the 'triple whammy'")
        because += [ace[0].because, diuretics[0].because]
    if not reasons:
        return None
    return _finding(
        "safety.nsaid.renal",
        f"{sentence_start(_names(nsaids))}: kidney risk ({'; '.join(reasons)})",
        because,
        "NICE NG59 asks that cardio-renal risk be weighed before an NSAID; Beers 2023 advises avoiding NSAIDs "
        "below CrCl 30 in people aged 65 or over; an NSAID with an ACE inhibitor or ARB and a diuretic risks "
        "acute kidney injury.",
        "Prefer another option; if an NSAID is used, check kidney function and keep the course short.",
        (ref.NG59_LBP_DRUGS, ref.BEERS_2023, ref.NSAID_UK_CAUTIONS),
    )


def _gastrointestinal(
    ctx: PlanContext, nsaids: tuple[DrugUse, ...], others: tuple[DrugUse, ...]
) -> Finding | None:
    reasons: list[str] = []
    because = [u.because for u in nsaids]
    age = ctx.case.age_years
    if age is not None and age > GASTROPROTECTION_AGE_ABOVE:
        reasons.append(f"age {age}")
        because.append(Because("age_years", age))
    if ctx.case.conditions.peptic_ulcer_history:
        reasons.append("a previous peptic ulcer")
        because.append(Because("conditions.peptic_ulcer_history", True))
    for label, classes in (
        ("an anticoagulant or antiplatelet", (*ANTICOAGULANT_CLASSES, *ANTIPLATELET_CLASSES)),
        ("a corticosteroid", (DrugClass.CORTICOSTEROID,)),
        ("an SSRI", (DrugClass.SSRI,)),
    ):
        hits = [u for u in others if u.has(*classes)]
        if hits:
            reasons.append(f"{label}: {', '.join(u.name for u in hits)}")
            because += [u.because for u in hits]
    if not reasons:
        return None
    return _finding(
        "safety.nsaid.gastrointestinal",
        f"{sentence_start(_names(nsaids))}: gastrointestinal bleeding risk ({'; '.join(reasons)})",
        because,
        "NSAIDs can cause gastrointestinal bleeding without warning, more often in older people (FDA labelling); "
        "UK polypharmacy guidance adds a proton pump inhibitor above age 75, after an ulcer, or with "
        "antithrombotics, corticosteroids or SSRIs.",
        "Avoid if possible; otherwise add gastroprotection and use the lowest dose for the shortest time.",
        (ref.NSAID_UK_CAUTIONS, ref.FDA_NSAID_2015),
    )


def _cardiovascular(ctx: PlanContext, nsaids: tuple[DrugUse, ...]) -> Finding | None:
    conditions = ctx.case.conditions
    risks = [
        (field, text)
        for field, value, text in (
            ("cardiovascular_disease", conditions.cardiovascular_disease, "cardiovascular disease"),
            ("heart_failure", conditions.heart_failure, "heart failure"),
        )
        if value is True
    ]
    if not risks:
        return None
    return _finding(
        "safety.nsaid.cardiovascular",
        f"{sentence_start(_names(nsaids))} with {' and '.join(t for _, t in risks)}: heart attack and stroke risk",
        [*(u.because for u in nsaids), *(Because(f"conditions.{f}", True) for f, _ in risks)],
        "FDA (2015): non-aspirin NSAIDs raise the risk of heart attack and stroke from the first weeks of use, "
        "more with higher doses and longer use, with or without heart disease; not for pain after coronary "
        "artery bypass surgery.",
        "Prefer a non-NSAID option; if used, the lowest dose for the shortest time.",
        (ref.FDA_NSAID_2015,),
    )
