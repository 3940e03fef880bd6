"""Anticoagulants, antiplatelets and NSAIDs before each pain procedure (ASRA pain guideline, Narouze 2018).

Never concludes "safe to proceed": every finding says the hold is agreed with the prescriber. Hold times
that come only from unconfirmed secondary reproductions are reported as such, never as the hold.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fbss.clinical.case import LabTest, MedicationStatus, Prevention, Route
from fbss.clinical.drugs import DrugClass, classes_of
from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status, code_part
from fbss.clinical.planning.context import MedicationRef, PlanContext
from fbss.clinical.planning.safety import holds
from fbss.clinical.planning.safety.bleeding_risk import Category, category
from fbss.clinical.planning.safety.hold_timing import HoldTiming, hold_timing
from fbss.clinical.planning.safety.holds import Advice, HoldRow, Unit
from fbss.clinical.planning.safety.labs import latest_lab
from fbss.clinical.planning.safety.procedures import ProcedureTarget
from fbss.clinical.planning.safety.renal import Clearance, creatinine_clearance
from fbss.clinical.wording import sentence_start, with_article

ANTITHROMBOTIC = (
    DrugClass.ASPIRIN,
    DrugClass.P2Y12_INHIBITOR,
    DrugClass.PHOSPHODIESTERASE_ANTIPLATELET,
    DrugClass.VITAMIN_K_ANTAGONIST,
    DrugClass.DOAC,
    DrugClass.LMWH,
    DrugClass.HEPARIN,
    DrugClass.FONDAPARINUX,
    DrugClass.NSAID,
)
LONGEST_TABLE_HOLD_DAYS = 10  # piroxicam, oxaprozin, prasugrel: a drug stopped longer ago cannot matter
PRESCRIBER = "Agree any stop with the prescriber (and the cardiologist after a coronary stent) first."
# Shown beside every hold number: all hold rows come from secondary reproductions of the ASRA 2018 pain table.
TABLE_STATUS = "ASRA 2018 as reproduced, secondary source"


@dataclass(frozen=True, slots=True)
class Pairing:
    ref: MedicationRef
    target: ProcedureTarget
    category: Category
    clearance: Clearance | None = None  # for rows whose hold depends on renal function


def antithrombotic_checks(
    ctx: PlanContext, targets: tuple[ProcedureTarget, ...], clearance: Clearance | None = None
) -> tuple[Finding, ...]:
    """One finding per antithrombotic drug and procedure: the hold, the restart and any INR requirement."""
    findings: list[Finding] = []
    renal = clearance if clearance is not None else creatinine_clearance(ctx)
    for target in targets:
        medications = _relevant_medications(ctx, target)
        if not medications:
            continue  # the bleeding-risk category is only worked out for a drug it applies to
        cat = category(ctx, target.kind, target.level)
        findings.extend(_check(ctx, Pairing(ref, target, cat, renal)) for ref in medications)
    return tuple(findings)


def _relevant_medications(ctx: PlanContext, target: ProcedureTarget) -> tuple[MedicationRef, ...]:
    """Current antithrombotics, and ones stopped shortly before a dated procedure (a hold under way)."""
    found = list(ctx.taking(*ANTITHROMBOTIC))
    if target.date is not None:
        for i, med in enumerate(ctx.case.medications):
            if med.status is MedicationStatus.STOPPED and med.stop is not None:
                gap = (target.date - med.stop).days
                ref = MedicationRef(i, med, classes_of(med.name, med.rxnorm))
                if 0 <= gap <= LONGEST_TABLE_HOLD_DAYS and ref.has(*ANTITHROMBOTIC):
                    found.append(ref)
    return tuple(sorted(found, key=lambda r: r.position))


def rows_for(ref: MedicationRef) -> tuple[tuple[HoldRow, ...], tuple[Missing, ...]]:
    """The table rows that apply to a medication, and what is missing when the choice is ambiguous."""
    med = ref.medication
    if ref.has(DrugClass.NSAID):
        return (holds.nsaid_row(ref.name),), ()
    if ref.name == "aspirin":
        if med.prevention is Prevention.SECONDARY or after_stent(ref):
            return (holds.ASPIRIN_SECONDARY,), ()
        if med.prevention is Prevention.PRIMARY:
            return (holds.ASPIRIN_PRIMARY,), ()
        return holds.BY_INGREDIENT["aspirin"], (
            Missing(f"{ref.path}.prevention", "primary or secondary prevention decides the aspirin hold"),
        )
    if ref.name == "heparin":
        if med.route is Route.INTRAVENOUS:
            return (holds.HEPARIN_IV,), ()
        if med.route is Route.SUBCUTANEOUS:
            return (holds.HEPARIN_SC,), ()
        return holds.BY_INGREDIENT["heparin"], (
            Missing(f"{ref.path}.route", "intravenous or subcutaneous heparin have different holds"),
        )
    if ref.name == "enoxaparin":
        intent = (med.indication or "").lower()
        if "prophyla" in intent:
            return (holds.ENOXAPARIN_PROPHYLACTIC,), ()
        if "therap" in intent or "treatment" in intent:
            return (holds.LMWH_THERAPEUTIC,), ()
        return holds.BY_INGREDIENT["enoxaparin"], (
            Missing(f"{ref.path}.indication", "prophylactic or therapeutic dose decides the enoxaparin hold"),
        )
    return holds.BY_INGREDIENT.get(ref.name, ()), ()


def after_stent(ref: MedicationRef) -> bool:
    """The recorded indication mentions a stent."""
    return "stent" in (ref.medication.indication or "").lower()


def with_cardiologist(ref: MedicationRef) -> bool:
    """A P2Y12 inhibitor for secondary prevention or after a stent, or aspirin after a stent: any stop is a
    shared assessment with the prescribing cardiologist (fact sheet 5.2 rules, ASRA 2018 reproductions)."""
    if ref.has(DrugClass.P2Y12_INHIBITOR):
        return ref.medication.prevention is Prevention.SECONDARY or after_stent(ref)
    return ref.name == "aspirin" and after_stent(ref)


def _check(ctx: PlanContext, pair: Pairing) -> Finding:
    rows, missing = rows_for(pair.ref)
    if len(rows) != 1:
        return _ambiguous(ctx, pair, rows, missing)
    row = rows[0]
    advice = row.advice(pair.category.effective)
    if advice.holds and with_cardiologist(pair.ref):
        advice = replace(advice, shared_assessment=True)
    held = hold_timing(pair.target, pair.ref.medication, advice, row)
    title, status, severity = _headline(pair, row, advice, held)
    return Finding(
        code=f"safety.antithrombotic.{code_part(pair.ref.name)}.{pair.target.code}",
        kind=Kind.SAFETY,
        title=title,
        status=status,
        severity=severity,
        because=_because(ctx, pair, advice),
        missing=(*missing, *held.missing, *_renal_missing(pair, row, advice)),
        detail=_detail(pair, row, advice, held),
        action=_action(pair, row, advice, held),
        timeframe="before the procedure" if status is Status.MET else None,
        value=advice.hold.text() if advice.hold is not None and row.from_table else None,
        sources=row.sources,
        data=_data(ctx, pair, row, advice, held),
    )


def _headline(pair: Pairing, row: HoldRow, advice: Advice, held: HoldTiming) -> tuple[str, Status, Severity]:
    drug, where = sentence_start(pair.ref.name), _where(pair)
    if held.stopped_days_before is not None and advice.hold is not None:
        days = held.stopped_days_before
        reported = advice.hold.text() + (f", {TABLE_STATUS}" if row.from_table else ", reported, unconfirmed")
        stopped = f"{drug} stopped {days} day{'' if days == 1 else 's'} before {where}"
        if held.long_enough is False:
            return f"{stopped}: shorter than the hold ({reported})", Status.MET, Severity.WARNING
        if held.long_enough is True:
            return (
                f"{stopped}: covers the hold ({reported}); prescriber agreement still required",
                Status.MET,
                Severity.INFO,
            )
        if advice.hold.unit is Unit.DAYS:
            return f"{stopped}: within the range reported ({reported})", Status.MET, Severity.WARNING
        return (
            f"{stopped}: record the time of the last dose to show the {reported} hold is covered",
            Status.MET,
            Severity.WARNING,
        )
    if advice.shared_assessment and with_cardiologist(pair.ref):
        why = "after a stent" if after_stent(pair.ref) else "for secondary prevention"
        reported = (
            f"; secondary sources report {advice.hold.text()} (unconfirmed)"
            if advice.hold is not None and not row.from_table
            else ""
        )
        return (
            f"{drug} before {where}: shared assessment with the prescribing cardiologist ({why}) before any "
            f"stop{reported}",
            Status.MET,
            Severity.WARNING,
        )
    if advice.hold is not None and not row.from_table:
        renal = (
            f", {row.renal_hold.text()} with impaired renal function" if row.renal_hold is not None else ""
        )
        return (
            f"{drug} before {where}: agree the hold with the prescriber and local protocol; secondary sources "
            f"report {advice.hold.text()}{renal} (unconfirmed)",
            Status.MET,
            Severity.WARNING,
        )
    if advice.hold is not None:
        inr = " and a normal INR" if advice.normal_inr else ""
        return (
            f"{drug} before {where}: hold {advice.hold.text()} ({TABLE_STATUS}){inr}",
            Status.MET,
            Severity.WARNING,
        )
    if advice.text is not None:
        return f"{drug} before {where}: hold for {advice.text} ({TABLE_STATUS})", Status.MET, Severity.WARNING
    if advice.shared_assessment:
        return (
            f"{drug} before {where}: no fixed hold; decide with the prescriber (shared assessment)",
            Status.MET,
            Severity.WARNING,
        )
    if not row.from_table:
        return (
            f"{drug} before {where}: secondary sources report no routine hold (unconfirmed); confirm with "
            "the prescriber",
            Status.NOT_MET,
            Severity.INFO,
        )
    return f"{drug} before {where}: no routine hold suggested", Status.NOT_MET, Severity.INFO


def _where(pair: Pairing) -> str:
    cat = pair.category
    risk = f"{cat.effective.label} bleeding risk"
    if cat.effective != cat.base:
        risk += f", raised from {cat.base.label}"
    proposed = "the proposed " if pair.target.proposed else "the "
    return f"{proposed}{pair.target.name} ({risk})"


def _detail(pair: Pairing, row: HoldRow, advice: Advice, held: HoldTiming) -> str:
    parts: list[str] = []
    if row.from_table:
        parts.append("Hold suggested by the ASRA 2018 pain table (as reproduced; secondary source).")
    elif advice.hold is not None:
        parts.append(
            f"Secondary reproductions of the ASRA 2018 pain table report {advice.hold.text()} before "
            f"{with_article(pair.category.effective.label + '-risk procedure')}; not confirmed against the Narouze 2018 table."
        )
    # a low-risk procedure with no routine hold: the hold's notes and renal variants do not apply
    hold_applies = row.from_table or advice.hold is not None
    if row.renal_hold is not None and hold_applies:
        parts.append(f"With impaired renal function they report {row.renal_hold.text()}.")
        parts.append(_renal_sentence(pair.clearance))
    if row.note and hold_applies:
        parts.append(row.note + ".")
    restart = row.restart(pair.category.effective)
    if restart is not None:
        marker = "" if row.from_table else " (reported, unconfirmed)"
        parts.append(f"Restart {restart.text()} after the procedure{marker}, once the proceduralist agrees.")
    if advice.normal_inr:
        parts.append(
            "The INR must be normal before the procedure; the table gives no number: use the local range."
        )
    cat = pair.category
    if cat.raised_by:
        parts.append(f"Category raised one level for: {', '.join(cat.raised_by)}.")
    if cat.to_consider:
        parts.append(f"Also weigh: {'; '.join(cat.to_consider)}.")
    if not cat.confirmed:
        parts.append(
            "The caudal route is not named in the reproduced category list: classed with other ESIs."
        )
    if held.stop_by is not None:
        parts.append(
            f"To cover the hold, stop on or before {held.stop_by.isoformat()} (days counted from the stop "
            "date to the procedure date)."
        )
    return " ".join(parts)


def _renal_sentence(clearance: Clearance | None) -> str:
    """The patient's renal function beside a hold that depends on it; the sources set no clearance cut-off."""
    if clearance is None or clearance.value is None:
        return (
            "Renal function is not known here: record a creatinine, weight, age and sex to judge whether the "
            "longer hold applies."
        )
    return (
        f"This patient's creatinine clearance is {clearance.value:g} mL/min; the sources give no clearance "
        "below which the longer hold applies: decide it with the prescriber."
    )


def _renal_missing(pair: Pairing, row: HoldRow, advice: Advice) -> tuple[Missing, ...]:
    if (
        row.renal_hold is None
        or advice.hold is None
        or pair.clearance is None
        or pair.clearance.value is not None
    ):
        return ()
    return pair.clearance.missing


def _action(pair: Pairing, row: HoldRow, advice: Advice, held: HoldTiming) -> str:
    drug = pair.ref.name
    if held.long_enough is False:
        return f"Review the {drug} stop date or the procedure date with the prescriber and the proceduralist."
    if advice.shared_assessment and with_cardiologist(pair.ref):
        return (
            f"Agree whether and when to stop {drug} with the prescribing cardiologist (shared assessment and "
            "risk stratification), and the proceduralist; record the agreed plan."
        )
    if not row.from_table and advice.hold is not None:
        return (
            f"Agree the {drug} hold before this {pair.category.effective.label}-risk procedure with the "
            "prescriber and the local protocol."
        )
    if advice.holds or advice.shared_assessment:
        return f"{PRESCRIBER} Record the agreed plan for {drug}."
    return "Confirm with the proceduralist; no routine hold is suggested for this category."


def _because(ctx: PlanContext, pair: Pairing, advice: Advice) -> tuple[Because, ...]:
    ref, target = pair.ref, pair.target
    found = [Because(f"{ref.path}.name", ref.name)]
    if ref.medication.stop is not None:
        found.append(Because(f"{ref.path}.stop", ref.medication.stop.isoformat()))
    if target.path is not None:
        found.append(Because(f"{target.path}.procedure", target.kind.value))
        if target.date is not None:
            found.append(Because(f"{target.path}.date", target.date.isoformat()))
    else:
        found.append(Because("plan", target.code, note="proposed by the plan"))
    found.extend(b for b in pair.category.because if b.path != f"{ref.path}.name")
    if advice.normal_inr and (inr := latest_lab(ctx.case, LabTest.INR)) is not None:
        found.append(Because(f"labs[{inr[0]}].value", inr[1].value, note="latest INR"))
    return tuple(found)


def _data(
    ctx: PlanContext, pair: Pairing, row: HoldRow, advice: Advice, held: HoldTiming
) -> dict[str, object]:
    restart = row.restart(pair.category.effective)
    interval = advice.hold.to_dict() if advice.hold is not None else None
    return {
        "medication": pair.ref.name,
        "position": pair.ref.position,
        "procedure": pair.target.code,
        "procedure_position": pair.target.position,
        "procedure_date": pair.target.date.isoformat() if pair.target.date else None,
        **pair.category.to_dict(),
        "hold": interval if row.from_table else None,
        "hold_text": advice.text,
        "reported_hold": None if row.from_table else interval,
        "reported_hold_impaired_renal": row.renal_hold.to_dict() if row.renal_hold else None,
        # Every row we hold is a secondary reproduction; none is verified in the Narouze 2018 table itself.
        "hold_confirmed": False,
        "hold_source": "ASRA 2018 pain table as reproduced (secondary)"
        if row.from_table
        else "secondary reproductions, not the ASRA table",
        "shared_assessment": advice.shared_assessment,
        "cardiologist": with_cardiologist(pair.ref),
        "normal_inr_required": advice.normal_inr,
        "restart": restart.to_dict() if restart is not None else None,
        "stopped_days_before": held.stopped_days_before,
        "held_long_enough": held.long_enough,
        "stop_by": held.stop_by.isoformat() if held.stop_by else None,
        "prescriber_agreement_required": True,
    }


def _ambiguous(
    ctx: PlanContext, pair: Pairing, rows: tuple[HoldRow, ...], missing: tuple[Missing, ...]
) -> Finding:
    risk = pair.category.effective
    options = [f"{row.drug}: {_advice_text(row.advice(risk))}" for row in rows]
    no_data = not rows
    title = f"{sentence_start(pair.ref.name)} before {_where(pair)}: " + (
        "no hold data held here; agree with the prescriber"
        if no_data
        else "the hold depends on details not recorded"
    )
    sources = rows[0].sources if rows else holds.TABLE
    return Finding(
        code=f"safety.antithrombotic.{code_part(pair.ref.name)}.{pair.target.code}",
        kind=Kind.SAFETY,
        title=title,
        status=Status.UNKNOWN,
        severity=Severity.WARNING,
        because=_because(ctx, pair, Advice()),
        missing=missing,
        detail=" ".join(options) if options else None,
        action=f"{PRESCRIBER} Record the missing detail so the hold can be shown.",
        timeframe="before the procedure",
        sources=sources,
        data={
            "medication": pair.ref.name,
            "position": pair.ref.position,
            "procedure": pair.target.code,
            "procedure_position": pair.target.position,
            **pair.category.to_dict(),
            "candidates": options,
            "prescriber_agreement_required": True,
        },
    )


def _advice_text(advice: Advice) -> str:
    if advice.hold is not None:
        return f"hold {advice.hold.text()}" + (" and normal INR" if advice.normal_inr else "")
    if advice.text is not None:
        return f"hold for {advice.text}"
    return "shared assessment" if advice.shared_assessment else "no routine hold"
