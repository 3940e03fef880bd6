"""The NeuPSIG grade of neuropathic pain (Finnerup 2016), with the screening questionnaires beside it.

Possible: a relevant lesion (surgery at levels whose roots are known) and leg pain in a dermatome of those
roots. Probable: plus sensory signs in that distribution, or a confirmed lesion whose signs are hard to show.
Definite: signs plus a confirmatory test (imaging of root compression or injury, EMG/NCS radiculopathy) in the
same distribution. Screening questionnaires are read against their cut-offs and reported; they never grade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.phenotype.trail import Trail
from fbss.clinical.sources import FINNERUP_2016, Source

PEREZ_2007_DN4 = Source(
    "perez-2007-dn4",
    "Perez C, Galvez R, Huelbes S, et al. Validity and reliability of the Spanish version of the DN4 "
    "questionnaire for differential diagnosis of pain syndromes associated to a neuropathic or somatic "
    "component. Health Qual Life Outcomes 2007;5:66 (cut-off >= 4/10)",
    doi="10.1186/1477-7525-5-66",
)
DN4_INTERVIEW_ARABIC_2011 = Source(
    "dn4-interview-arabic-2011",
    "Validity and reliability of the Arabic adapted version of the DN4 questionnaire (interview items) for "
    "differential diagnosis of pain syndromes with a neuropathic or somatic component. Pain Pract "
    "2011;11(2):139-147, PMID 20602717 (cut-off >= 3/7)",
    doi="10.1111/j.1533-2500.2010.00399.x",
)
BENNETT_2005_SLANSS = Source(
    "bennett-2005-slanss",
    "Bennett MI, Smith BH, Torrance N, Potter J. The S-LANSS score for identifying pain of predominantly "
    "neuropathic origin: validation for use in clinical and postal research. J Pain 2005;6(3):149-158 "
    "(>= 12/24: pain of predominantly neuropathic origin likely)",
    doi="10.1016/j.jpain.2004.11.007",
)
FREYNHAGEN_2006_PAINDETECT = Source(
    "freynhagen-2006-paindetect",
    "Freynhagen R, Baron R, Gockel U, Tölle TR. painDETECT: a new screening questionnaire to identify "
    "neuropathic components in patients with back pain. Curr Med Res Opin 2006;22(10):1911-1920 "
    "(<= 12 unlikely, 13-18 uncertain, >= 19 likely)",
    doi="10.1185/030079906X132488",
)


@dataclass(frozen=True, slots=True)
class ScreenRule:
    """A published cut-off: >= `positive_from` positive, <= `negative_to` negative, between uncertain."""

    instrument: str
    positive_from: float
    negative_to: float
    source: Source


SCREEN_RULES = (
    ScreenRule("dn4", positive_from=4, negative_to=3, source=PEREZ_2007_DN4),
    ScreenRule("dn4_interview", positive_from=3, negative_to=2, source=DN4_INTERVIEW_ARABIC_2011),
    ScreenRule("slanss", positive_from=12, negative_to=11, source=BENNETT_2005_SLANSS),
    ScreenRule("paindetect", positive_from=19, negative_to=12, source=FREYNHAGEN_2006_PAINDETECT),
)

# Findings that show a lesion of a root: compression (placed by root or by level) or scar/arachnoiditis
# (counted only when the report names the root, since scar is seen after every operation).
ROOT_COMPRESSION = frozenset(
    {TestFindingType.DISC_HERNIATION, TestFindingType.FORAMINAL_STENOSIS, TestFindingType.CENTRAL_STENOSIS}
)
ROOT_INJURY = frozenset({TestFindingType.ARACHNOIDITIS, TestFindingType.EPIDURAL_FIBROSIS})
RADICULOPATHY_ON_EMG = frozenset(
    {TestFindingType.RADICULOPATHY_ACTIVE, TestFindingType.RADICULOPATHY_CHRONIC}
)
IMAGING = frozenset({TestKind.MRI, TestKind.MRI_GADOLINIUM, TestKind.CT})

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
    if not roots:
        value = "unknown" if roots is None else "unlikely"
    else:
        signs = sensory_signs_in(case, roots, trail)
        tested = confirmatory_test_in(case, roots, trail)
        value = grade_from(signs, tested)
    screens = screening_results(instruments.histories(case) if scored is None else scored, trail)
    return Finding(
        code="phenotype.neuropathic_grade",
        kind=Kind.PHENOTYPE,
        title=GRADE_TITLES[value],
        status={"unknown": Status.UNKNOWN, "unlikely": Status.NOT_MET}.get(value, Status.MET),
        sources=(FINNERUP_2016, *(rule.source for rule in SCREEN_RULES if rule.instrument in screens)),
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
    legs = [(i, p) for i, p in enumerate(case.pain) if p.region is PainRegion.LEG]
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


def sensory_signs_in(case: Case, roots: frozenset[str], trail: Trail) -> bool | None:
    """Sensory loss, allodynia or hyperalgesia in one of `roots`; None when not examined or not localised."""
    if case.exam is None or case.exam.sensory is None:
        trail.lacks("exam.sensory", "sensory signs in the painful dermatomes would make the grade 'probable'")
        return None
    unlocalised = False
    legs = {p.side for p in case.pain if p.region is PainRegion.LEG}
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


def confirmatory_test_in(case: Case, roots: frozenset[str], trail: Trail) -> bool | None:
    """Imaging of root compression or injury, or EMG/NCS radiculopathy, in `roots`, since the operation."""
    # A test from before the latest operation shows the lesion that was operated on, not today's.
    last = max((s.date for s in case.surgeries if s.date is not None), default=None)
    relevant = [
        (i, t)
        for i, t in enumerate(case.tests)
        if t.status is TestStatus.RESULTED
        and (t.kind in IMAGING or t.kind is TestKind.EMG_NCS)
        and (t.date is None or last is None or t.date >= last)
    ]
    for i, test in relevant:
        for j, finding in enumerate(test.findings):
            if confirms_root_lesion(test, finding, roots):
                trail.saw(f"tests[{i}].findings[{j}]", f"{test.kind.value}: {finding.type.value}")
                return True
    if relevant:
        trail.saw("tests", "no root lesion in the painful dermatomes on the resulted tests")
        return False
    trail.lacks("tests", "MRI or EMG/NCS showing the root lesion would confirm it (grade 'definite')")
    return None


def confirms_root_lesion(test: DiagnosticTest, finding: TestFinding, roots: frozenset[str]) -> bool:
    """Whether one test finding shows a lesion of one of `roots`."""
    if finding.concordant is False:
        return False
    if test.kind is TestKind.EMG_NCS:
        return finding.type in RADICULOPATHY_ON_EMG and finding.root in roots
    scar = finding.type in ROOT_INJURY or finding.enhancement is Enhancement.HOMOGENEOUS
    if finding.type not in ROOT_COMPRESSION | ROOT_INJURY:
        return False
    if finding.root is not None:
        return finding.root in roots
    return not scar and finding.level is not None and bool(roots_of_level(finding.level) & roots)


def sides_match(side: Side | None, others: Iterable[Side | None]) -> bool:
    """Whether a side is compatible with any of `others` (unknown or bilateral match everything)."""
    return any(
        side is None or other is None or Side.BILATERAL in (side, other) or side is other for other in others
    )


def screening_results(scored: instruments.Histories, trail: Trail) -> dict[str, dict[str, object]]:
    """The latest DN4, DN4-interview, S-LANSS and painDETECT totals read against their published cut-offs."""
    results: dict[str, dict[str, object]] = {}
    for rule in SCREEN_RULES:
        responses = scored.get(rule.instrument, ())
        latest = responses[-1] if responses else None
        total = None if latest is None else latest.score.total
        if latest is None or total is None:
            continue
        reading = screen_reading(rule, total)
        trail.saw(f"instruments[{latest.position}]", total, f"{rule.instrument}: {reading}")
        results[rule.instrument] = {"total": total, "reading": reading}
    return results


def screen_reading(rule: ScreenRule, total: float) -> str:
    """'positive', 'negative' or 'uncertain' by the instrument's published cut-off."""
    if total >= rule.positive_from:
        return "positive"
    return "negative" if total <= rule.negative_to else "uncertain"
