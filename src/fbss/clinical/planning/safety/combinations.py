"""Combinations to flag at any age: serotonergic pairs, an opioid with a gabapentinoid, and duloxetine with
liver disease or heavy alcohol use. Pairs are taken among current drugs, and between a current drug and one
the plan proposes (the plan's drug options are alternatives, never a combination among themselves)."""

from __future__ import annotations

from itertools import combinations

from fbss.clinical.drugs import SEROTONERGIC_CLASSES, DrugClass
from fbss.clinical.finding import Because, Finding, Kind, Severity, Status, code_part
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.uses import CG173_ALTERNATIVES, DrugUse, current_only
from fbss.clinical.wording import sentence_start

ANTIDEPRESSANT = (
    DrugClass.SNRI,
    DrugClass.SSRI,
    DrugClass.TCA_TERTIARY,
    DrugClass.TCA_SECONDARY,
    DrugClass.MAOI,
)


def combination_checks(ctx: PlanContext, uses: tuple[DrugUse, ...]) -> tuple[Finding, ...]:
    """Serotonergic pairs, opioid with gabapentinoid, and duloxetine with liver risk."""
    return (
        *_serotonergic_pairs(uses),
        *_opioid_with_gabapentinoid(uses),
        *_duloxetine_with_liver_risk(ctx, uses),
    )


def _pairs(uses: tuple[DrugUse, ...]) -> list[tuple[DrugUse, DrugUse]]:
    return [
        (a, b)
        for a, b in combinations(uses, 2)
        if not (a.proposed and b.proposed)
        and a.name != b.name
        and not ((a.proposed or b.proposed) and {a.name, b.name} <= CG173_ALTERNATIVES)
    ]


def _serotonergic_pairs(uses: tuple[DrugUse, ...]) -> list[Finding]:
    found = []
    for a, b in _pairs(uses):
        if not (a.has(*SEROTONERGIC_CLASSES) and b.has(*SEROTONERGIC_CLASSES)):
            continue
        if not (a.has(*ANTIDEPRESSANT) or b.has(*ANTIDEPRESSANT)):
            continue
        maoi = a.has(DrugClass.MAOI) or b.has(DrugClass.MAOI)
        title = (
            f"{sentence_start(a.described)} with {b.described}: contraindicated (MAO inhibitor)"
            if maoi
            else f"{sentence_start(a.described)} with {b.described}: serotonin syndrome risk"
        )
        found.append(
            Finding(
                code=f"safety.serotonergic.{code_part(a.name)}.{code_part(b.name)}",
                kind=Kind.SAFETY,
                title=title,
                status=Status.MET,
                severity=Severity.URGENT if maoi else Severity.WARNING,
                because=(a.because, b.because),
                detail="Serotonergic antidepressant labelling warns that serotonin syndrome risk rises with "
                "other serotonergic drugs, naming tricyclic antidepressants and tramadol among them; MAO "
                "inhibitors are contraindicated with them. (Class wording; duloxetine's own wording is not "
                "confirmed here.)",
                action=(
                    "Do not combine; choose another option."
                    if maoi
                    else "Avoid the combination where possible; if used, start low and watch for agitation, "
                    "tremor, sweating, fever and diarrhoea."
                ),
                sources=(ref.SEROTONERGIC_LABELS,),
                data={"drugs": [a.name, b.name], "proposed": [u.name for u in (a, b) if u.proposed]},
            )
        )
    return found


def _opioid_with_gabapentinoid(uses: tuple[DrugUse, ...]) -> list[Finding]:
    opioids = [u for u in current_only(uses) if u.has(DrugClass.OPIOID)]
    gabapentinoids = [u for u in uses if u.has(DrugClass.GABAPENTINOID)]
    if not opioids or not gabapentinoids:
        return []
    drugs = (*opioids, *gabapentinoids)
    return [
        Finding(
            code="safety.opioid_gabapentinoid",
            kind=Kind.SAFETY,
            title=f"{sentence_start(', '.join(u.described for u in opioids))} with "
            f"{', '.join(u.described for u in gabapentinoids)}: risk of serious breathing problems",
            status=Status.MET,
            severity=Severity.WARNING,
            because=tuple(u.because for u in drugs),
            detail="FDA (2019): gabapentin and pregabalin with opioids or other CNS depressants can cause "
            "serious breathing difficulties, more so in older people and those with lung disease.",
            action="Start the gabapentinoid at the lowest dose and monitor for sedation and respiratory "
            "depression; review the opioid dose.",
            sources=(ref.FDA_GABAPENTINOIDS_2019,),
            data={"drugs": [u.name for u in drugs]},
        )
    ]


def _duloxetine_with_liver_risk(ctx: PlanContext, uses: tuple[DrugUse, ...]) -> list[Finding]:
    duloxetine = next((u for u in uses if u.name == "duloxetine"), None)
    conditions = ctx.case.conditions
    risks = [
        (field, text)
        for field, value, text in (
            ("advanced_liver_disease", conditions.advanced_liver_disease, "liver disease"),
            ("substantial_alcohol_use", conditions.substantial_alcohol_use, "substantial alcohol use"),
        )
        if value is True
    ]
    if duloxetine is None or not risks:
        return []
    return [
        Finding(
            code="safety.duloxetine_liver",
            kind=Kind.SAFETY,
            title=f"Avoid {duloxetine.described} with {' and '.join(text for _, text in risks)}",
            status=Status.MET,
            severity=Severity.WARNING,
            because=(duloxetine.because, *(Because(f"conditions.{field}", True) for field, _ in risks)),
            detail="The duloxetine label advises avoiding it in hepatic insufficiency, chronic liver disease or "
            "substantial alcohol use (read in secondary copies).",
            action="Choose another option with the prescriber.",
            sources=(ref.DULOXETINE_LABEL,),
        )
    ]
