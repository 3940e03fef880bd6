"""Older-adult medication cautions (AGS Beers Criteria 2023, people aged 65 or over)."""

from __future__ import annotations

from fbss.clinical.case import LabTest
from fbss.clinical.drugs import CNS_ACTIVE_CLASSES, DrugClass
from fbss.clinical.finding import Because, Finding, Kind, Missing, Severity, Status, code_part
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.planning.safety.labs import latest_lab
from fbss.clinical.planning.safety.uses import CG173_ALTERNATIVES, DrugUse, current_only

BEERS_AGE = 65  # the Beers criteria apply to adults aged 65 and over
# Beers 2023 skeletal muscle relaxants to avoid: the fact sheet names carisoprodol, cyclobenzaprine and
# methocarbamol; a secondary summary of the 2023 criteria (inpharmd.com) lists all six below and excludes the
# antispasticity drugs baclofen and tizanidine (baclofen has its own eGFR criterion).
BEERS_MUSCLE_RELAXANTS = frozenset(
    {"carisoprodol", "chlorzoxazone", "cyclobenzaprine", "metaxalone", "methocarbamol", "orphenadrine"}
)
BEERS_AVOID_NSAIDS = frozenset({"indomethacin", "ketorolac"})
BACLOFEN_EGFR_BELOW = 60.0
NSAID_AVOID_CRCL_BELOW = 30.0
CNS_ACTIVE_LIMIT = 3
FALLS_EXCEPTION = "except for seizure and mood disorders"
RELEVANT = (
    DrugClass.TCA_TERTIARY,
    DrugClass.TCA_SECONDARY,
    DrugClass.SKELETAL_MUSCLE_RELAXANT,
    DrugClass.GABAPENTINOID,
    DrugClass.ANTIEPILEPTIC,
    DrugClass.NSAID,
    *CNS_ACTIVE_CLASSES,
)


def older_adult_checks(
    ctx: PlanContext, uses: tuple[DrugUse, ...], crcl: float | None
) -> tuple[Finding, ...]:
    """Beers 2023 checks on current and proposed drugs; one 'unknown' finding if the age is not recorded."""
    relevant = tuple(use for use in uses if use.has(*RELEVANT))
    if not relevant:
        return ()
    age = ctx.case.age_years
    if age is None:
        return (
            _finding(
                "safety.older_adult",
                "Older-adult medication checks not done: age not recorded",
                Status.UNKNOWN,
                Severity.INFO,
                tuple(use.because for use in relevant),
                missing=(Missing("age_years", "the Beers criteria apply from age 65"),),
            ),
        )
    if age < BEERS_AGE:
        return ()
    age_because = Because("age_years", age)
    findings = [
        *_tricyclics(relevant, age_because),
        *_muscle_relaxants(ctx, relevant, age_because),
        *_opioid_with_gabapentinoid(relevant, age_because),
        *_many_cns_active(uses, age_because),
        *_antiepileptic_with_falls(ctx, relevant, age_because),
        *_nsaids(relevant, age_because, crcl),
    ]
    return tuple(findings)


def _finding(
    code: str,
    title: str,
    status: Status,
    severity: Severity,
    because: tuple[Because, ...],
    detail: str | None = None,
    action: str | None = None,
    missing: tuple[Missing, ...] = (),
) -> Finding:
    return Finding(
        code=code,
        kind=Kind.SAFETY,
        title=title,
        status=status,
        severity=severity,
        because=because,
        missing=missing,
        detail=detail,
        action=action,
        sources=(ref.BEERS_2023,),
    )


def _tricyclics(uses: tuple[DrugUse, ...], age: Because) -> list[Finding]:
    found = []
    for use in uses:
        if use.has(DrugClass.TCA_TERTIARY):
            found.append(
                _finding(
                    f"safety.older_adult.tricyclic.{code_part(use.name)}",
                    f"Avoid {use.described} at age {age.value}: a tertiary tricyclic",
                    Status.MET,
                    Severity.WARNING,
                    (age, use.because),
                    detail="Beers 2023: strongly anticholinergic, sedating, causes orthostatic hypotension.",
                    action="Choose another option (a secondary tricyclic at a low dose or a non-tricyclic) with "
                    "the prescriber."
                    if use.proposed
                    else "Review and, if agreed, taper to another option.",
                )
            )
        elif use.has(DrugClass.TCA_SECONDARY):
            found.append(
                _finding(
                    f"safety.older_adult.tricyclic.{code_part(use.name)}",
                    f"Caution with {use.described} at age {age.value}: start low and watch for "
                    "anticholinergic effects, sedation and falls",
                    Status.MET,
                    Severity.INFO,
                    (age, use.because),
                    detail="Beers 2023 advises avoiding tertiary tricyclics such as amitriptyline at 65 or over; "
                    "a secondary tricyclic is the lower-risk choice when a tricyclic is wanted. Beers 2023 also "
                    "lists strongly anticholinergic antidepressants; whether this one is on that list is not "
                    "confirmed here.",
                )
            )
    return found


def _muscle_relaxants(ctx: PlanContext, uses: tuple[DrugUse, ...], age: Because) -> list[Finding]:
    found = []
    for use in uses:
        if use.name in BEERS_MUSCLE_RELAXANTS:
            found.append(
                _finding(
                    f"safety.older_adult.muscle_relaxant.{code_part(use.name)}",
                    f"Avoid {use.described} at age {age.value}: a skeletal muscle relaxant",
                    Status.MET,
                    Severity.WARNING,
                    (age, use.because),
                    detail="Beers 2023: poorly tolerated, anticholinergic, sedating, raises fracture risk.",
                    action="Review with the prescriber and stop if agreed.",
                )
            )
        elif use.name == "baclofen":
            found.append(_baclofen(ctx, use, age))
    return found


def _baclofen(ctx: PlanContext, use: DrugUse, age: Because) -> Finding:
    egfr = latest_lab(ctx.case, LabTest.EGFR)
    if egfr is None:
        return _finding(
            "safety.older_adult.baclofen",
            f"Baclofen at age {age.value}: kidney function not recorded",
            Status.UNKNOWN,
            Severity.INFO,
            (age, use.because),
            detail="Beers 2023: avoid baclofen when eGFR is below 60.",
            missing=(Missing("labs", "an eGFR decides the baclofen criterion"),),
        )
    low = egfr[1].value < BACLOFEN_EGFR_BELOW
    return _finding(
        "safety.older_adult.baclofen",
        f"Baclofen with eGFR {egfr[1].value:g}: " + ("avoid" if low else "no Beers kidney restriction"),
        Status.MET if low else Status.NOT_MET,
        Severity.WARNING if low else Severity.INFO,
        (age, use.because, Because(f"labs[{egfr[0]}].value", egfr[1].value)),
        detail="Beers 2023: avoid baclofen when eGFR is below 60.",
    )


def _opioid_with_gabapentinoid(uses: tuple[DrugUse, ...], age: Because) -> list[Finding]:
    opioids = [u for u in current_only(uses) if u.has(DrugClass.OPIOID)]
    gabapentinoids = [u for u in uses if u.has(DrugClass.GABAPENTINOID)]
    if not opioids or not gabapentinoids:
        return []
    names = f"{', '.join(u.described for u in opioids)} with {', '.join(u.described for u in gabapentinoids)}"
    return [
        _finding(
            "safety.older_adult.opioid_gabapentinoid",
            f"Avoid an opioid with a gabapentinoid at age {age.value}: {names}",
            Status.MET,
            Severity.WARNING,
            (age, *(u.because for u in (*opioids, *gabapentinoids))),
            detail="Beers 2023: avoid, except when moving from an opioid to a gabapentinoid or using a "
            "gabapentinoid to reduce the opioid dose; use caution in every case.",
            action="If the combination is kept, record which exception applies and monitor for sedation and "
            "breathing problems.",
        )
    ]


def _many_cns_active(uses: tuple[DrugUse, ...], age: Because) -> list[Finding]:
    current = [u for u in current_only(uses) if u.has(*CNS_ACTIVE_CLASSES)]
    switching = any(u.name in CG173_ALTERNATIVES for u in current)
    proposed = [
        u
        for u in uses
        if u.proposed and u.has(*CNS_ACTIVE_CLASSES) and not (switching and u.name in CG173_ALTERNATIVES)
    ]
    names = ", ".join(u.name for u in current)
    if len(current) >= CNS_ACTIVE_LIMIT:
        return [
            _finding(
                "safety.older_adult.cns_active",
                f"{len(current)} CNS-active drugs at age {age.value}: {names}",
                Status.MET,
                Severity.WARNING,
                (age, *(u.because for u in current)),
                detail="Beers 2023: avoid three or more CNS-active drugs (falls and fractures); minimise the number.",
                action="Review which can be reduced or stopped before adding another.",
            )
        ]
    if len(current) == CNS_ACTIVE_LIMIT - 1 and proposed:
        return [
            _finding(
                "safety.older_adult.cns_active",
                f"Adding {' or '.join(u.name for u in proposed)} would make three CNS-active drugs ({names})",
                Status.MET,
                Severity.INFO,
                (age, *(u.because for u in (*current, *proposed))),
                detail="Beers 2023: avoid three or more CNS-active drugs; minimise the number.",
            )
        ]
    return []


def _antiepileptic_with_falls(ctx: PlanContext, uses: tuple[DrugUse, ...], age: Because) -> list[Finding]:
    falls = ctx.case.conditions.history_of_falls
    drugs = [u for u in uses if u.has(DrugClass.ANTIEPILEPTIC, DrugClass.GABAPENTINOID)]
    if falls is not True or not drugs:
        return []
    return [
        _finding(
            "safety.older_adult.antiepileptic_falls",
            f"Avoid {' and '.join(u.described for u in drugs)} with a history of falls at age {age.value}",
            Status.MET,
            Severity.WARNING,
            (age, Because("conditions.history_of_falls", True), *(u.because for u in drugs)),
            detail=f"Beers 2023: avoid antiepileptics (including gabapentinoids) after falls or fractures, "
            f"{FALLS_EXCEPTION}.",
        )
    ]


def _nsaids(uses: tuple[DrugUse, ...], age: Because, crcl: float | None) -> list[Finding]:
    found = []
    for use in uses:
        if not use.has(DrugClass.NSAID):
            continue
        renal = crcl is not None and crcl < NSAID_AVOID_CRCL_BELOW
        avoid = renal or use.name in BEERS_AVOID_NSAIDS
        because = (age, use.because) + (
            (Because("finding:safety.renal_function", crcl),) if crcl is not None else ()
        )
        reason = (
            f"creatinine clearance {crcl:g} mL/min is below 30"
            if renal
            else "indomethacin and ketorolac are to be avoided"
            if use.name in BEERS_AVOID_NSAIDS
            else "avoid chronic use unless alternatives fail and gastroprotection is given"
        )
        found.append(
            _finding(
                f"safety.older_adult.nsaid.{code_part(use.name)}",
                f"{'Avoid' if avoid else 'Limit'} {use.described} at age {age.value}: {reason}",
                Status.MET,
                Severity.WARNING,
                because,
                detail="Beers 2023: avoid chronic non-selective NSAIDs unless alternatives are not effective and "
                "a gastroprotective agent is taken; avoid indomethacin and ketorolac; avoid all NSAIDs when "
                "CrCl is below 30.",
            )
        )
    return found
