"""Platelet count and INR read against the usual adult reference limits before pain procedures.

No platelet or INR limit for pain procedures is verified in the sources held here (published limits for neuraxial
procedures differ between bodies), so nothing here decides that a procedure may go ahead. A result outside the
usual reference limits is shown with the procedures it bears on: a bleeding tendency moves a procedure's
bleeding-risk category up one level (ASRA 2018, fact sheet 5.1) and coagulopathy is an absolute contraindication
to SCS (Practice Parameters 2006). An INR is read only in a patient not taking an anticoagulant (on one, the
hold findings carry the INR requirement).
"""

from __future__ import annotations

from dataclasses import dataclass

from fbss.clinical.case import LabTest
from fbss.clinical.drugs import ANTICOAGULANT_CLASSES
from fbss.clinical.finding import Because, Finding, Kind, Severity, Status
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.labs import latest_lab
from fbss.clinical.planning.safety.procedures import ProcedureTarget
from fbss.clinical.sources import NAROUZE_2018, PRACTICE_PARAMETERS_2006, Source

# StatPearls (PMID 31194365): thrombocytopenia is a platelet count below 150 x10^9/L in adults.
PLATELETS_LOWER_LIMIT = 150.0
# Mayo Clinic, prothrombin time test: an INR of 1.1 or below is normal in healthy people.
INR_UPPER_LIMIT = 1.1


@dataclass(frozen=True, slots=True)
class OutsideResult:
    """One coagulation result outside the usual reference limits."""

    text: str
    because: Because
    source: Source


def results_outside_reference(ctx: PlanContext) -> tuple[OutsideResult, ...]:
    """The latest platelet count and (without an anticoagulant) INR, where outside the usual limits."""
    found: list[OutsideResult] = []
    platelets = latest_lab(ctx.case, LabTest.PLATELETS)
    if platelets is not None and platelets[1].value < PLATELETS_LOWER_LIMIT:
        i, lab = platelets
        found.append(
            OutsideResult(
                f"platelet count {lab.value:g} x10^9/L (below the adult lower limit of {PLATELETS_LOWER_LIMIT:g})",
                Because(f"labs[{i}].value", lab.value, note="platelets"),
                ref.PLATELET_REFERENCE,
            )
        )
    inr = latest_lab(ctx.case, LabTest.INR)
    if inr is not None and inr[1].value > INR_UPPER_LIMIT and not ctx.taking(*ANTICOAGULANT_CLASSES):
        i, lab = inr
        found.append(
            OutsideResult(
                f"INR {lab.value:g} without an anticoagulant (normal is {INR_UPPER_LIMIT:g} or below)",
                Because(f"labs[{i}].value", lab.value, note="inr"),
                ref.INR_REFERENCE,
            )
        )
    return tuple(found)


def coagulation_lab_checks(ctx: PlanContext, targets: tuple[ProcedureTarget, ...]) -> tuple[Finding, ...]:
    """One finding when a procedure is planned or proposed and a coagulation result is outside the limits."""
    outside = results_outside_reference(ctx)
    if not outside or not targets:
        return ()
    names = sorted({t.name for t in targets})
    results = "; ".join(o.text for o in outside)
    return (
        Finding(
            code="safety.coagulation_results",
            kind=Kind.SAFETY,
            title=f"Coagulation results outside the usual limits before procedures: {results}",
            status=Status.MET,
            severity=Severity.WARNING,
            because=tuple(o.because for o in outside),
            detail=f"Bears on: {', '.join(names)}. A bleeding tendency moves a procedure's bleeding-risk "
            "category up one level (ASRA 2018), and coagulopathy is an absolute contraindication to spinal cord "
            "stimulation (Practice Parameters 2006). No platelet or INR limit for pain procedures is verified in "
            "the sources held here: the laboratory's own reference interval and the local protocol decide.",
            action="Repeat or explain the result and agree with the proceduralist before any procedure; "
            "haematology review if it persists.",
            timeframe="before the procedure",
            sources=(*dict.fromkeys(o.source for o in outside), NAROUZE_2018, PRACTICE_PARAMETERS_2006),
            data={"results": [o.text for o in outside], "procedures": names},
        ),
    )
