"""The NeuPSIG grade of neuropathic pain (Finnerup 2016), with the screening questionnaires beside it.

Possible: a relevant lesion (surgery at levels whose roots are known) and leg pain in a dermatome of those
roots. Probable: plus sensory signs in that distribution, or a confirmed lesion whose signs are hard to show.
Definite: signs plus a confirmatory test in the same distribution: imaging of root compression, arachnoiditis
naming the root, or EMG/NCS radiculopathy. Enhancing epidural scar is not a confirmatory test: scar enhances for
years after any operation and pathological fibrosis cannot be told from ordinary scar (Cosnard 1995).
Screening questionnaires are read by the bands their instrument carries (one definition) and never grade.
"""

from __future__ import annotations

from collections.abc import Iterable

from fbss.clinical import instruments
from fbss.clinical.case import (
    Case,
    DiagnosticTest,
    Enhancement,
    PainRegion,
    Side,
    TestFinding,
    TestFindingType,
    TestKind,
    TestStatus,
    roots_of_level,
)
from fbss.clinical.codes import NEUROPATHIC_PAIN_SCT
from fbss.clinical.criteria.pains import is_no_pain
from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.phenotype.trail import Trail
from fbss.clinical.sources import COSNARD_1995, FINNERUP_2016, Source

# The neuropathic screening questionnaires; each instrument's bands and band source are the published cut-offs.
SCREENS = ("dn4", "dn4_interview", "slanss", "paindetect")
# An instrument's band label as a screen reading.
READING_OF_BAND = {
    "positive": "positive",
    "likely": "positive",
    "negative": "negative",
    "unlikely": "negative",
    "uncertain": "uncertain",
}

# Findings that show a lesion of a root: compression (placed by root or by level), or arachnoiditis (clumped
# roots) counted only when the report names the root.
ROOT_COMPRESSION = frozenset(
    {TestFindingType.DISC_HERNIATION, TestFindingType.FORAMINAL_STENOSIS, TestFindingType.CENTRAL_STENOSIS}
)
ROOT_INJURY = frozenset({TestFindingType.ARACHNOIDITIS})
RADICULOPATHY_ON_EMG = frozenset(
    {TestFindingType.RADICULOPATHY_ACTIVE, TestFindingType.RADICULOPATHY_CHRONIC}
)
IMAGING = frozenset({TestKind.MRI, TestKind.MRI_GADOLINIUM, TestKind.CT})
CONFIRMATORY_TESTS = "MRI showing root compression, arachnoiditis at the root, or EMG/NCS radiculopathy"

GRADE_TITLES = {
    "definite": "Neuropathic pain: definite (NeuPSIG grade)",
    "probable": "Neuropathic pain: probable (NeuPSIG grade)",
    "possible": "Neuropathic pain: possible (NeuPSIG grade)",
    "unlikely": "Neuropathic pain unlikely: the NeuPSIG criteria for 'possible' are not met",
    "unknown": "Neuropathic pain grade cannot be decided from the record",
}


def neuropathic_grade(case: Case, scored: instruments.Histories | None = None) -> Finding:
    """NeuPSIG 2016: possible (lesion + plausible distribution), probable (+ signs), definite (+ test).

    `scored`: the case's scored responses when the caller has them already (`instruments.histories(case)`).
    """
    trail = Trail()
    lesion = operated_roots(case, trail)
    roots = plausible_roots(case, lesion, trail) if lesion else None
    signs = tested = None
    scar_set_aside = False
    if not roots:
        value = "unknown" if roots is None else "unlikely"
    else:
        signs = sensory_signs_in(case, roots, trail)
        tested, scar_set_aside = confirmatory_test_in(case, roots, trail)
        value = grade_from(signs, tested)
        say_what_would_raise_the_grade(signs, tested, trail)
    screens = screening_results(instruments.histories(case) if scored is None else scored, trail)
    screen_sources = tuple(
        source for name in SCREENS if name in screens and (source := _band_source(name)) is not None
    )
    return Finding(
        code="phenotype.neuropathic_grade",
        kind=Kind.PHENOTYPE,
        title=GRADE_TITLES[value],
        status={"unknown": Status.UNKNOWN, "unlikely": Status.NOT_MET}.get(value, Status.MET),
        sources=(FINNERUP_2016, *((COSNARD_1995,) if scar_set_aside else ()), *screen_sources),
        because=tuple(trail.because),
        missing=tuple(trail.missing),
        value=value,
        detail="Even 'definite' does not establish that the lesion causes the pain (NeuPSIG 2016)."
        if value == "definite"
        else None,
        codes=(NEUROPATHIC_PAIN_SCT,) if value in ("probable", "definite") else (),
        data={
            "roots": sorted(roots or ()),
            "sensory_signs": signs,
            "confirmatory_test": tested,
            "screens": screens,
            "screens_grade": False,
        },
    )


def grade_from(signs: bool | None, tested: bool | None) -> str:
    """The grade once a lesion and a plausible distribution are established."""
    if signs and tested:
        return "definite"
    # NeuPSIG 2016, Fig. 2 note c: a confirmed lesion whose signs are hard to show stays "probable".
    if signs or tested:
        return "probable"
    return "possible"


def say_what_would_raise_the_grade(signs: bool | None, tested: bool | None, trail: Trail) -> None:
    """Name the examination or test still missing, and the grade it would give with what is already known."""
    if signs is None and not any(gap.path.startswith("exam.sensory[") for gap in trail.missing):
        trail.lacks(
            "exam.sensory",
            "sensory signs in the painful dermatomes would raise the grade to "
            + ("'definite'" if tested else "'probable'"),
        )
    if tested is not None:
        return
    if signs:
        reason = f"{CONFIRMATORY_TESTS} would confirm the lesion (grade 'definite')"
    elif signs is False:
        reason = (
            f"{CONFIRMATORY_TESTS} would confirm the lesion; without sensory signs the grade would be "
            "'probable' at most (NeuPSIG 2016)"
        )
    else:
        reason = (
            f"{CONFIRMATORY_TESTS} would confirm the lesion: grade 'probable' alone, 'definite' with sensory "
            "signs in the same distribution"
        )
    trail.lacks("tests", reason)


def operated_roots(case: Case, trail: Trail) -> frozenset[str]:
    """Roots a surgical lesion may involve: the traversing and exiting roots of every operated level."""
    if not case.surgeries:
        trail.lacks("surgeries", "the operated levels tell which nerve roots a surgical lesion may involve")
        return frozenset()
    roots: set[str] = set()
    for i, surgery in enumerate(case.surgeries):
        if not surgery.levels:
            trail.lacks(f"surgeries[{i}].levels", "operated levels decide the plausible pain distribution")
            continue
        trail.saw(f"surgeries[{i}].levels", surgery.levels)
        for level in surgery.levels:
            roots |= roots_of_level(level)
    return frozenset(roots)


def plausible_roots(case: Case, lesion: frozenset[str], trail: Trail) -> frozenset[str] | None:
    """Dermatomes of leg pain that belong to operated roots; empty if none; None if the record cannot say."""
    if not case.pain:
        trail.lacks("pain", "back and leg pain reports decide whether the distribution is plausible")
        return None
    if not any_pain(case, trail):
        trail.lacks(
            "pain",
            "no pain recorded: every pain report is rated 0; neuropathic pain is pain first (NeuPSIG 2016), "
            "so there is nothing to grade",
        )
        return None
    legs = [(i, p) for i, p in enumerate(case.pain) if p.region is PainRegion.LEG and not is_no_pain(p)]
    if not legs:
        trail.saw("pain", "no leg pain reported", "radicular neuropathic pain needs pain in a root territory")
        return frozenset()
    undecided = False
    matched: set[str] = set()
    for i, report in legs:
        if not report.dermatomes:
            trail.lacks(f"pain[{i}].dermatomes", "the leg pain's dermatomes decide a plausible distribution")
            undecided = True
            continue
        trail.saw(f"pain[{i}].dermatomes", report.dermatomes)
        matched |= set(report.dermatomes) & lesion
    if matched:
        return frozenset(matched)
    return None if undecided else frozenset()


def any_pain(case: Case, trail: Trail) -> bool:
    """Whether any pain report is pain; a report rated 0 on every recorded NRS is not (as in criteria.fbss)."""
    for i, report in enumerate(case.pain):
        if is_no_pain(report):
            trail.saw(f"pain[{i}]", f"{report.region.value} rated 0", "an NRS of 0 everywhere is no pain")
    return any(not is_no_pain(report) for report in case.pain)


def sensory_signs_in(case: Case, roots: frozenset[str], trail: Trail) -> bool | None:
    """Sensory loss, allodynia or hyperalgesia in one of `roots`; None when not examined or not localised."""
    if case.exam is None or case.exam.sensory is None:
        return None
    unlocalised = False
    legs = {p.side for p in case.pain if p.region is PainRegion.LEG and not is_no_pain(p)}
    for i, sign in enumerate(case.exam.sensory):
        if sign.saddle:
            continue
        if sign.root is None:
            unlocalised = True
            trail.lacks(f"exam.sensory[{i}].root", "the dermatome of a sensory sign decides if it matches")
        elif sign.root in roots and sides_match(sign.side, legs):
            trail.saw(f"exam.sensory[{i}]", f"{sign.kind.value} {sign.root} {sign.side.value}")
            return True
    if unlocalised:
        return None
    trail.saw("exam.sensory", "no sensory sign in the painful dermatomes")
    return False


def confirmatory_test_in(case: Case, roots: frozenset[str], trail: Trail) -> tuple[bool | None, bool]:
    """(a root lesion in `roots` shown since the operation, whether enhancing scar was seen and set aside)."""
    # A test from before the latest operation shows the lesion that was operated on, not today's. An undated
    # test cannot be placed after a dated operation, so it does not confirm; its date is asked for instead.
    last = max((s.date for s in case.surgeries if s.date is not None), default=None)
    resulted = [
        (i, t)
        for i, t in enumerate(case.tests)
        if t.status is TestStatus.RESULTED and (t.kind in IMAGING or t.kind is TestKind.EMG_NCS)
    ]
    relevant = [(i, t) for i, t in resulted if last is None or (t.date is not None and t.date >= last)]
    for i, test in resulted:
        if test.date is None and last is not None:
            ask_for_date_of_undated(i, test, roots, last.isoformat(), trail)
    scar = False
    for i, test in relevant:
        for j, finding in enumerate(test.findings):
            if confirms_root_lesion(test, finding, roots):
                trail.saw(f"tests[{i}].findings[{j}]", f"{test.kind.value}: {finding.type.value}")
                return True, scar
            if is_scar(finding):
                scar = True
                trail.saw(
                    f"tests[{i}].findings[{j}]",
                    f"{test.kind.value}: {finding.type.value}",
                    "enhancing scar is not a confirmatory test: it follows any operation (Cosnard 1995)",
                )
    if relevant:
        trail.saw("tests", "no root lesion in the painful dermatomes on the resulted tests")
        return False, scar
    return None, scar


def ask_for_date_of_undated(
    i: int, test: DiagnosticTest, roots: frozenset[str], last_operation: str, trail: Trail
) -> None:
    """An undated test that would confirm a root lesion: its date decides whether it shows today's lesion."""
    if any(confirms_root_lesion(test, finding, roots) for finding in test.findings):
        trail.saw(
            f"tests[{i}]",
            f"{test.kind.value}, undated",
            "a root lesion in the distribution, but the test cannot be placed after the operation: not counted",
        )
        trail.lacks(
            f"tests[{i}].date",
            f"'definite' needs a test showing the current lesion (NeuPSIG 2016); a test from before the latest "
            f"operation ({last_operation}) shows the lesion operated on: dated on or after it, this one confirms",
        )


def is_scar(finding: TestFinding) -> bool:
    """Epidural fibrosis, or material that enhances throughout on gadolinium MRI (scar, not disc)."""
    return finding.type is TestFindingType.EPIDURAL_FIBROSIS or finding.enhancement is Enhancement.HOMOGENEOUS


def confirms_root_lesion(test: DiagnosticTest, finding: TestFinding, roots: frozenset[str]) -> bool:
    """Whether one test finding shows a lesion of one of `roots`."""
    if finding.concordant is False:
        return False
    if test.kind is TestKind.EMG_NCS:
        return finding.type in RADICULOPATHY_ON_EMG and finding.root in roots
    if is_scar(finding) or finding.type not in ROOT_COMPRESSION | ROOT_INJURY:
        return False
    if finding.root is not None:
        return finding.root in roots
    injury = finding.type in ROOT_INJURY
    return not injury and finding.level is not None and bool(roots_of_level(finding.level) & roots)


def sides_match(side: Side | None, others: Iterable[Side | None]) -> bool:
    """Whether a side is compatible with any of `others` (unknown or bilateral match everything)."""
    return any(
        side is None or other is None or Side.BILATERAL in (side, other) or side is other for other in others
    )


def screening_results(scored: instruments.Histories, trail: Trail) -> dict[str, dict[str, object]]:
    """The latest DN4, DN4-interview, S-LANSS and painDETECT totals read by their instruments' bands."""
    results: dict[str, dict[str, object]] = {}
    for name in SCREENS:
        responses = scored.get(name, ())
        latest = responses[-1] if responses else None
        if latest is None or latest.score.total is None:
            continue
        reading = screen_reading(latest.score.band)
        trail.saw(f"instruments[{latest.position}]", latest.score.total, f"{name}: {reading}")
        results[name] = {"total": latest.score.total, "reading": reading}
    return results


def screen_reading(band: str | None) -> str:
    """'positive', 'negative' or 'uncertain': an instrument's own band for a total, as a screen reading."""
    return READING_OF_BAND.get(band or "", "uncertain")


def _band_source(instrument_id: str) -> Source | None:
    return instruments.INSTRUMENTS[instrument_id].band_source
