"""Renal dose checks: each current gabapentinoid or duloxetine against its creatinine-clearance band, and the
limit that would apply to one the plan proposes. `data` carries what a CDS card needs to offer a new dose."""

from __future__ import annotations

from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import MedicationRef, PlanContext
from fbss.clinical.planning.safety.older_adults import BEERS_AGE
from fbss.clinical.planning.safety.renal import BANDS, DIALYSIS_SUPPLEMENT, Clearance, band_for
from fbss.clinical.sources import Source

RENALLY_DOSED = ("gabapentin", "pregabalin", "duloxetine")
DULOXETINE_AVOID_BELOW_CRCL = 30.0  # duloxetine label (secondary copies)
BEERS_GABAPENTINOID_CRCL = 60.0  # Beers 2023: reduce gabapentinoid dose below CrCl 60 in older adults


def renal_dose_findings(
    ctx: PlanContext, clearance: Clearance, proposed: tuple[str, ...]
) -> tuple[Finding, ...]:
    """Dose checks for current gabapentinoids and duloxetine, and the limits for ones the plan proposes."""
    current = [r for r in ctx.medications if r.name in RENALLY_DOSED]
    findings = [_check(ctx, clearance, r.name, r) for r in current]
    if clearance.value is not None:
        taken = {r.name for r in current}
        for drug in proposed:
            if drug in RENALLY_DOSED and drug not in taken and _limit_applies(drug, clearance.value):
                findings.append(_check(ctx, clearance, drug, None))
    return tuple(findings)


def _limit_applies(drug: str, crcl: float) -> bool:
    if drug == "duloxetine":
        return crcl < DULOXETINE_AVOID_BELOW_CRCL
    return band_for(drug, crcl).is_reduced


def _check(ctx: PlanContext, clearance: Clearance, drug: str, med: MedicationRef | None) -> Finding:
    if drug == "duloxetine":
        return _duloxetine(clearance, med)
    return _gabapentinoid(ctx, clearance, drug, med)


def _base_data(drug: str, med: MedicationRef | None, crcl: float | None) -> dict[str, object]:
    current = med.medication.dose_mg_per_day if med is not None else None
    return {
        "medication": drug,
        "position": med.position if med is not None else None,
        "crcl_ml_min": crcl,
        "band": None,
        "max_mg_per_day": None,
        "current_mg_per_day": current,
        "suggested_mg_per_day": None,
    }


def _because(clearance: Clearance, med: MedicationRef | None) -> tuple[Because, ...]:
    found = list(clearance.because)
    if med is not None:
        found.insert(0, Because(f"{med.path}.name", med.name))
        found.insert(1, Because(f"{med.path}.dose_mg_per_day", med.medication.dose_mg_per_day))
    else:
        found.insert(0, Because("plan", None, note="proposed by the plan"))
    return tuple(found)


def _unknown_clearance(drug: str, clearance: Clearance, med: MedicationRef | None, source: Source) -> Finding:
    return Finding(
        code=f"safety.renal_dose.{drug}",
        kind=Kind.SAFETY,
        title=f"{drug.capitalize()}: renal dose not checked (creatinine clearance unknown)",
        status=Status.UNKNOWN,
        severity=Severity.WARNING,
        because=_because(clearance, med),
        missing=clearance.missing,
        action="Record what is missing; no dose is computed without it.",
        sources=(source,),
        data=_base_data(drug, med, None),
    )


def _gabapentinoid(ctx: PlanContext, clearance: Clearance, drug: str, med: MedicationRef | None) -> Finding:
    _, source = BANDS[drug]
    sources: tuple[Source, ...] = (source, ref.COCKCROFT_GAULT_1976)
    if clearance.value is None:
        return _unknown_clearance(drug, clearance, med, source)
    crcl = clearance.value
    band = band_for(drug, crcl)
    low, high = band.dose_range(crcl)
    regimen = f", {band.regimen}" if band.regimen else ""
    range_text = f"{low:g}-{high:g} mg/day{regimen}"
    data = _base_data(drug, med, crcl) | {"band": band.label, "max_mg_per_day": high, "min_mg_per_day": low}
    data["regimen"] = band.regimen
    notes = _gabapentinoid_notes(ctx, drug, band.proportional_below is not None and crcl < 15, crcl)
    if band.on_upper_edge(crcl):
        notes.insert(
            0, f"CrCl {crcl:g} mL/min sits on the edge between two bands; the more cautious band is used."
        )
    if any("Beers" in n for n in notes):
        sources = (*sources, ref.BEERS_2023)
    missing: tuple[Missing, ...] = clearance.missing
    if med is None:
        title = f"{drug.capitalize()}, if started: at CrCl {crcl:g} mL/min the range is {range_text}"
        status, severity, action = Status.MET, Severity.INFO, f"Start within {range_text}."
        data["suggested_mg_per_day"] = None
    else:
        current = med.medication.dose_mg_per_day
        if current is None:
            title = f"{drug.capitalize()}: check the dose against {range_text} for CrCl {crcl:g} mL/min"
            status, severity = Status.UNKNOWN, Severity.WARNING
            action = f"Record the daily dose; the label range at this clearance is {range_text}."
            missing = (*missing, Missing(f"{med.path}.dose_mg_per_day", "needed to compare with the band"))
        elif current > high:
            title = (
                f"{drug.capitalize()} {current:g} mg/day is above the {high:g} mg/day maximum for CrCl "
                f"{crcl:g} mL/min"
            )
            status, severity = Status.MET, Severity.WARNING
            action = f"Reduce to at most {high:g} mg/day{regimen}, with the prescriber."
            data["suggested_mg_per_day"] = high
        else:
            below = " (below the usual range)" if current < low else ""
            title = f"{drug.capitalize()} {current:g} mg/day fits the range for CrCl {crcl:g} mL/min{below}"
            status, severity, action = Status.NOT_MET, None, None
            data["suggested_mg_per_day"] = current
        if (
            med.medication.doses_per_day
            and band.regimen
            and band.doses_per_day != med.medication.doses_per_day
        ):
            notes.append(
                f"The label regimen in this band is {band.regimen}; "
                f"{med.medication.doses_per_day} doses a day are recorded."
            )
    return Finding(
        code=f"safety.renal_dose.{drug}",
        kind=Kind.SAFETY,
        title=title,
        status=status,
        severity=severity,
        because=_because(clearance, med),
        missing=missing,
        detail=" ".join([f"Band {band.label} mL/min: {range_text}.", *notes]),
        action=action,
        value=high,
        sources=sources,
        data=data,
    )


def _gabapentinoid_notes(ctx: PlanContext, drug: str, proportional: bool, crcl: float) -> list[str]:
    notes: list[str] = []
    if proportional:
        notes.append("Below CrCl 15 the label reduces the daily dose in proportion to clearance.")
    if drug == "pregabalin":
        notes.append("Pregabalin bands are from secondary sources; doses per day differ between them.")
    if ctx.case.conditions.on_dialysis:
        notes.append(f"On haemodialysis: add {DIALYSIS_SUPPLEMENT[drug]}.")
    age = ctx.case.age_years
    if age is not None and age >= BEERS_AGE and crcl < BEERS_GABAPENTINOID_CRCL:
        notes.append("Beers 2023 also advises a reduced dose below CrCl 60 in people aged 65 or over.")
    return notes


def _duloxetine(clearance: Clearance, med: MedicationRef | None) -> Finding:
    source = ref.DULOXETINE_LABEL
    if clearance.value is None:
        return _unknown_clearance("duloxetine", clearance, med, source)
    crcl = clearance.value
    avoid = crcl < DULOXETINE_AVOID_BELOW_CRCL
    data = _base_data("duloxetine", med, crcl) | {"band": "<30" if avoid else ">=30", "avoid": avoid}
    if not avoid:
        data["suggested_mg_per_day"] = data["current_mg_per_day"]
    who = "duloxetine" if med is not None else "duloxetine (proposed)"
    title = (
        f"Avoid {who}: creatinine clearance {crcl:g} mL/min is below 30"
        if avoid
        else f"Duloxetine: no renal restriction at creatinine clearance {crcl:g} mL/min"
    )
    return Finding(
        code="safety.renal_dose.duloxetine",
        kind=Kind.SAFETY,
        title=title,
        status=Status.MET if avoid else Status.NOT_MET,
        severity=Severity.WARNING if avoid else None,
        because=_because(clearance, med),
        missing=clearance.missing,
        detail="The duloxetine label advises avoiding it below CrCl 30 mL/min (read in secondary copies).",
        action=(
            "Stop or do not start duloxetine; choose another option with the prescriber." if avoid else None
        ),
        sources=(source, ref.COCKCROFT_GAULT_1976),
        data=data,
    )
