"""Renal dosing: creatinine clearance (reported, or Cockcroft-Gault) and the dose bands of gabapentin
(Neurontin label, Table 1) and pregabalin (secondary sources); duloxetine avoided below CrCl 30.

With missing inputs nothing is computed: the finding names what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fbss.clinical.case import LabTest, Sex
from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.labs import latest_lab
from fbss.clinical.sources import Source

FEMALE_FACTOR = 0.85  # Cockcroft & Gault 1976


def cockcroft_gault(age_years: float, weight_kg: float, creatinine_mg_dl: float, female: bool) -> float:
    """Creatinine clearance in mL/min: (140 - age) x weight / (72 x serum creatinine), x 0.85 if female."""
    clearance = (140 - age_years) * weight_kg / (72 * creatinine_mg_dl)
    return clearance * FEMALE_FACTOR if female else clearance


@dataclass(frozen=True, slots=True)
class Clearance:
    value: float | None
    method: str | None  # "reported" or "cockcroft_gault"
    because: tuple[Because, ...]
    missing: tuple[Missing, ...]


def creatinine_clearance(ctx: PlanContext) -> Clearance:
    """A recorded CrCl if recent, else Cockcroft-Gault from age, actual weight, sex and a recent creatinine."""
    case, window = ctx.case, ctx.policy.renal_lab_max_age_days
    reported = latest_lab(case, LabTest.CRCL)
    if reported is not None and _recent(ctx, reported[1].date):
        i, lab = reported
        return Clearance(round(lab.value, 1), "reported", (Because(f"labs[{i}].value", lab.value),), ())
    missing: list[Missing] = []
    because: list[Because] = []
    if case.age_years is None:
        missing.append(Missing("age_years", "needed for Cockcroft-Gault"))
    if case.weight_kg is None:
        missing.append(Missing("weight_kg", "needed for Cockcroft-Gault (actual body weight)"))
    if case.sex not in (Sex.FEMALE, Sex.MALE):
        missing.append(Missing("sex", "female or male decides the Cockcroft-Gault factor"))
    creatinine = latest_lab(case, LabTest.CREATININE)
    if creatinine is None or creatinine[1].value <= 0:
        missing.append(Missing("labs", "a serum creatinine is needed for Cockcroft-Gault"))
    elif not _recent(ctx, creatinine[1].date):
        missing.append(
            Missing(
                f"labs[{creatinine[0]}].date", f"the creatinine is older than {window} days (local policy)"
            )
        )
    if egfr := latest_lab(case, LabTest.EGFR):
        because.append(Because(f"labs[{egfr[0]}].value", egfr[1].value, note="eGFR is not CrCl; not used"))
    if missing or creatinine is None or case.age_years is None or case.weight_kg is None:
        return Clearance(None, None, tuple(because), tuple(missing))
    i, lab = creatinine
    value = cockcroft_gault(case.age_years, case.weight_kg, lab.value, case.sex is Sex.FEMALE)
    because += [
        Because("age_years", case.age_years),
        Because("weight_kg", case.weight_kg, note="actual body weight"),
        Because("sex", case.sex.value if case.sex else None),
        Because(f"labs[{i}].value", lab.value, note="creatinine mg/dL" + ("" if lab.date else "; undated")),
    ]
    undated = (
        (Missing(f"labs[{i}].date", "the creatinine is undated: confirm it is recent"),)
        if not lab.date
        else ()
    )
    return Clearance(round(max(value, 0.0), 1), "cockcroft_gault", tuple(because), undated)


def _recent(ctx: PlanContext, when: dt.date | None) -> bool:
    """Undated results are used (and flagged); dated ones must fall within the policy window."""
    return when is None or (ctx.today - when).days <= ctx.policy.renal_lab_max_age_days


@dataclass(frozen=True, slots=True)
class DoseBand:
    """One creatinine-clearance band of a label's renal dosing table."""

    label: str
    lower: float | None  # None: no lower edge
    lower_inclusive: bool
    upper: float | None  # None: no upper edge
    upper_inclusive: bool
    min_mg: float
    max_mg: float
    regimen: str | None
    proportional_below: float | None = None  # the label reduces the dose in proportion to CrCl below this
    label_doses_mg: tuple[float, ...] = ()  # the label's single-dose options in this band ("Dose Regimen")

    def contains(self, crcl: float) -> bool:
        above = self.lower is None or crcl > self.lower or (self.lower_inclusive and crcl == self.lower)
        below = self.upper is None or crcl < self.upper or (self.upper_inclusive and crcl == self.upper)
        return above and below

    def on_upper_edge(self, crcl: float) -> bool:
        """CrCl is this band's inclusive upper edge: a value the table leaves unassigned or gives to two bands."""
        return self.upper_inclusive and crcl == self.upper

    @property
    def is_reduced(self) -> bool:
        return self.upper is not None

    @property
    def doses_per_day(self) -> int | None:
        """Doses a day of the label regimen (None where the sources give none)."""
        return DOSES_PER_DAY.get(self.regimen) if self.regimen else None

    def dose_range(self, crcl: float) -> tuple[float, float]:
        if self.proportional_below is not None and crcl < self.proportional_below:
            factor = crcl / self.proportional_below
            return round(self.min_mg * factor), round(self.max_mg * factor)
        return self.min_mg, self.max_mg


DOSES_PER_DAY = {"once daily": 1, "twice daily": 2, "three times daily": 3}
# Neurontin label Table 1: >= 60: 900-3600 mg/day TID; > 30-59: 400-1400 BID; > 15-29: 200-700 QD; < 15:
# 100-300 QD, reduced in proportion to CrCl below 15. The label leaves 15, 30 and 59-60 unassigned: values
# from 30 to below 60 join the BID band, and 30 and 15 exactly join the band below (the more cautious one).
# Single-dose options of Table 1 ("Dose Regimen (mg)"; fact sheet treatment-safety.md 3.2): >= 60: 300, 400, 600,
# 800, 1200 TID; > 30-59: 200, 300, 400, 500, 700 BID; > 15-29: 200, 300, 400, 500, 700 QD; < 15: 100, 125, 150,
# 200, 300 QD.
GABAPENTIN_BANDS = (
    DoseBand(">=60", 60, True, None, False, 900, 3600, "three times daily", None, (300, 400, 600, 800, 1200)),
    DoseBand(">30-59", 30, False, 60, False, 400, 1400, "twice daily", None, (200, 300, 400, 500, 700)),
    DoseBand(">15-29", 15, False, 30, True, 200, 700, "once daily", None, (200, 300, 400, 500, 700)),
    DoseBand("<15", None, False, 15, True, 100, 300, "once daily", 15, (100, 125, 150, 200, 300)),
)
# Pregabalin (secondary sources; band edges and doses per day unconfirmed): >= 60: 150-600; 30-60: 75-300;
# 15-30: 25-150; < 15: 25-75 mg/day. Shared edges (60, 30, 15) go to the band below, as for gabapentin.
PREGABALIN_BANDS = (
    DoseBand(">=60", 60, False, None, False, 150, 600, None),
    DoseBand("30-60", 30, False, 60, True, 75, 300, None),
    DoseBand("15-30", 15, False, 30, True, 25, 150, None),
    DoseBand("<15", None, False, 15, True, 25, 75, None),
)
BANDS: dict[str, tuple[tuple[DoseBand, ...], Source]] = {
    "gabapentin": (GABAPENTIN_BANDS, ref.NEURONTIN_LABEL),
    "pregabalin": (PREGABALIN_BANDS, ref.PREGABALIN_RENAL),
}
DIALYSIS_SUPPLEMENT = {
    "gabapentin": "a supplementary dose after each 4-hour haemodialysis session (125-350 mg, matching the "
    "maintenance dose; Neurontin label)",
    "pregabalin": "a supplementary dose of 25-100 mg after each 4-hour haemodialysis session (secondary sources)",
}


def label_regimen(drug: str, band_label: str, at_most_mg_per_day: float) -> tuple[int, float] | None:
    """The label regimen of a drug's band with its largest single-dose option whose daily total is at most
    `at_most_mg_per_day`: (doses per day, mg per dose). None where the band has no label regimen (pregabalin:
    doses per day UNVERIFIED, fact sheet 3.3) or no option fits (below CrCl 15 the label reduces in proportion)."""
    if drug not in BANDS:
        return None
    bands, _ = BANDS[drug]
    band = next((b for b in bands if b.label == band_label), None)
    if band is None or band.doses_per_day is None:
        return None
    per_day = band.doses_per_day
    fitting = [dose for dose in band.label_doses_mg if dose * per_day <= at_most_mg_per_day]
    return (per_day, max(fitting)) if fitting else None


def band_for(drug: str, crcl: float) -> DoseBand:
    """The renal dose band of a gabapentinoid for a creatinine clearance (mL/min)."""
    bands, _ = BANDS[drug]
    return next(band for band in bands if band.contains(crcl))


def clearance_finding(ctx: PlanContext, clearance: Clearance, for_current_drugs: bool = True) -> Finding:
    """The creatinine clearance the renal dosing used, or what is missing to compute it (a warning when a
    current drug needs it, information when only proposed ones do)."""
    sources = (ref.COCKCROFT_GAULT_1976, ref.NEURONTIN_LABEL)
    if clearance.value is None:
        return Finding(
            code="safety.renal_function",
            kind=Kind.SAFETY,
            title="Creatinine clearance cannot be worked out: renal doses not computed",
            status=Status.UNKNOWN,
            severity=Severity.WARNING if for_current_drugs else Severity.INFO,
            because=clearance.because,
            missing=clearance.missing,
            action="Record a recent serum creatinine, weight, age and sex (or a measured CrCl) before dosing "
            "gabapentin, pregabalin or duloxetine, or using an NSAID.",
            sources=sources,
        )
    how = "Cockcroft-Gault, actual body weight" if clearance.method == "cockcroft_gault" else "as recorded"
    return Finding(
        code="safety.renal_function",
        kind=Kind.SAFETY,
        title=f"Creatinine clearance {clearance.value:g} mL/min ({how})",
        status=Status.MET,
        because=clearance.because,
        missing=clearance.missing,
        detail="Cockcroft-Gault assumes stable renal function (as the Neurontin label requires); it is not "
        "valid while creatinine is changing."
        if clearance.method == "cockcroft_gault"
        else None,
        value=clearance.value,
        sources=sources,
        data={"crcl_ml_min": clearance.value, "method": clearance.method, "weight_basis": "actual"},
    )
