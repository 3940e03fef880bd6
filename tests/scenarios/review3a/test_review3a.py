"""Third clinical review, area A (held-out scenarios): red flags, FBSS criteria, phenotype, instruments.

Each case in cases/ was written from the fact sheets (../shared/clinical/*.md) and the sources named in its header
comment, before its output was read; EXPECTED holds what those sources say the assessment must conclude. The theme
of this round: two conditions at once, contradictory or partial inputs, exact threshold edges, and dates (days since
surgery, the 3-month rule, the one-month CRP rule).

Where the software disagrees and the source is clear, the check is wrapped in `Defect(n, ...)` (numbered from 23,
after docs/clinical-review.md) and the scenario is marked xfail(strict=True, raises=DefectShown) through DEFECTS, as
in tests/scenarios/test_scenarios.py: every other check of the scenario must still hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ..checks import (
    MET,
    NOT_MET,
    UNKNOWN,
    Check,
    Coded,
    DataIs,
    Doc,
    Is,
    IsNot,
    Missing,
    NoElectiveStepWhileRedFlagOpen,
    Says,
    ValueNear,
    one,
)
from ..suite import (
    assessed,
    case_names,
    scenario_params,
    undecided_without_missing,
    verify_all,
    with_defect_checks,
)

CASES = Path(__file__).resolve().parent / "cases"


def assessment(name: str) -> Doc:
    """The assessment document (docs/output.md) of one scenario case."""
    return assessed(CASES / f"{name}.yaml")


@dataclass(frozen=True)
class FirstOpenRedFlag(Check):
    """`summary.open_red_flags` (most urgent first) starts with `code`."""

    code: str

    def verify(self, doc: Doc) -> None:
        flags = doc["summary"]["open_red_flags"]
        assert flags, f"no open red flag, expected {self.code} first"
        assert flags[0] == self.code, f"open red flags {flags}, expected {self.code} first"


@dataclass(frozen=True)
class Band(Check):
    """The score finding's band (data.band) is `band`."""

    code: str
    band: str

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        assert f["data"].get("band") == self.band, (
            f"{f['code']} band {f['data'].get('band')!r}, not {self.band!r}"
        )


@dataclass(frozen=True)
class ScreenReads(Check):
    """phenotype.neuropathic_grade shows the screen `instrument` with `reading`, and screens do not grade."""

    instrument: str
    reading: str

    def verify(self, doc: Doc) -> None:
        f = one(doc, "phenotype.neuropathic_grade")
        screen = f["data"].get("screens", {}).get(self.instrument)
        assert screen, f"screens {f['data'].get('screens')}"
        assert screen.get("reading") == self.reading, f"screens {f['data'].get('screens')}"
        assert f["data"].get("screens_grade") is False, "a screening questionnaire must not grade"


def important(code: str, yes: bool) -> tuple[Check, ...]:
    return (Is(code, (MET,) if yes else (NOT_MET,)), DataIs(code, "clinically_important", yes))


EXPECTED: dict[str, tuple[Check, ...]] = {
    # ------------------------------------------------------------------ infection against days since surgery
    "r3a-inf-crp-second-rise-day11": (
        Is("redflag.infection", (MET,), severity=("urgent", "emergency")),
        Is("criteria.fbss", (NOT_MET,)),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "r3a-inf-crp-slow-fall-day12": (Is("redflag.infection", (MET,)),),
    "r3a-inf-crp-day14-edge": (
        Is("redflag.infection", (UNKNOWN,)),
        Is("criteria.fbss", (NOT_MET,)),
    ),
    "r3a-inf-crp-day15-edge": (Is("redflag.infection", (MET,)),),
    "r3a-inf-normal-crp-day20-too-early": (
        Is("redflag.infection", (UNKNOWN,)),
        Is("criteria.fbss", (NOT_MET,)),
        DataIs("criteria.fbss", "too_early", True),
        DataIs("criteria.fbss", "decidable_from", "2027-01-12"),
    ),
    "r3a-cr-normal-crp-one-month-persisted": (
        Is("redflag.infection", (NOT_MET,)),
        Is("criteria.fbss", (MET,)),
        Is("criteria.fbss.icd11_course", (NOT_MET,)),
        Coded("criteria.fbss", includes=("M96.1",), excludes=("MG30.21",)),
    ),
    "r3a-inf-wound-discharge-normal-crp": (
        Is("redflag.infection", (MET,)),
        IsNot("criteria.fbss"),
        Is("criteria.fbss.exclusions", (NOT_MET,)),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "r3a-inf-measured-fever-denied": (Is("redflag.infection", (MET,)),),
    # ------------------------------------------------------------------ cauda equina, neurological deficit
    "r3a-ces-pvr250-onset-unrecorded": (
        Is("redflag.cauda_equina", (MET,), severity=("emergency",)),
        Says("redflag.cauda_equina", ("4 h",)),
        Missing("redflag.cauda_equina", "cauda_equina_symptom_onset"),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "r3a-ces-bilateral-worsening-pvr150": (
        Is("redflag.cauda_equina", (MET,), severity=("emergency",)),
        Says("redflag.cauda_equina", ("not exclude",)),
    ),
    "r3a-combo-abscess-and-saddle": (
        Is("redflag.cauda_equina", (MET,), severity=("emergency",)),
        Is("redflag.infection", (MET,)),
        FirstOpenRedFlag("redflag.cauda_equina"),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "r3a-neuro-bilateral-progressive": (
        Is("redflag.neurological_deficit", (MET,), severity=("emergency",)),
        Is("redflag.cauda_equina", (MET,), severity=("emergency",)),
    ),
    # ------------------------------------------------------------------ malignancy, suicide risk
    "r3a-malig-weightloss-cancer-unasked": (
        Is("redflag.malignancy", (UNKNOWN,)),
        Missing("redflag.malignancy", "history_of_cancer"),
        IsNot("criteria.fbss"),
        Is("criteria.fbss.exclusions", (UNKNOWN,)),
    ),
    "r3a-suicide-latest-item9-blank": (
        Is("redflag.suicide_risk", (MET, UNKNOWN)),
        Is("score.phq9", (UNKNOWN,)),
        Missing("score.phq9", "answers.9"),
    ),
    "r3a-suicide-undated-negative-after-positive": (Is("redflag.suicide_risk", (MET, UNKNOWN)),),
    # ------------------------------------------------------------------ FBSS criteria and dates
    "r3a-cr-returned-after-interval-2mo": (Is("criteria.fbss", (NOT_MET, UNKNOWN)),),
    "r3a-cr-surgery-date-missing": (
        Is("criteria.fbss", (UNKNOWN,)),
        Missing("criteria.fbss", "surgeries[0].date"),
        IsNot("redflag.infection", (NOT_MET,)),
    ),
    # ------------------------------------------------------------------ phenotype
    "r3a-ph-ordered-mri-sensory": (
        Is("phenotype.neuropathic_grade", values=("probable",)),
        ScreenReads("dn4", "positive"),
    ),
    "r3a-ph-dn4-positive-no-dermatomes": (
        Is("phenotype.neuropathic_grade", (UNKNOWN,), values=("unknown",)),
        Missing("phenotype.neuropathic_grade", "dermatomes"),
        ScreenReads("dn4", "positive"),
        IsNot("phenotype.mechanism", values=("nerve",)),
    ),
    "r3a-ph-undated-mri-herniation": (
        Is("phenotype.neuropathic_grade", values=("probable",)),
        Missing("phenotype.neuropathic_grade", "tests[0].date"),
    ),
    "r3a-ph-pain-resolved-nrs-zero": (
        Is("criteria.fbss", (UNKNOWN, NOT_MET)),
        IsNot("phenotype.neuropathic_grade", values=("possible", "probable", "definite")),
        IsNot("phenotype.predominance", values=("balanced",)),
    ),
    "r3a-ph-mixed-back-predominant": (
        Is("phenotype.neuropathic_grade", values=("definite",)),
        Is("phenotype.mechanism", values=("mixed",)),
        Is("phenotype.predominance", values=("back",)),
        DataIs("phenotype.predominance", "back_nrs", 6),
        DataIs("phenotype.predominance", "leg_nrs", 5),
    ),
    # ------------------------------------------------------------------ instruments
    "r3a-instr-edges-a": (
        Is("score.phq9", values=(20,)),
        Band("score.phq9", "severe"),
        Is("score.gad7", values=(10,)),
        Band("score.gad7", "moderate"),
        Is("score.pcs", values=(30,)),
        Band("score.pcs", "clinically_relevant"),
        ValueNear("score.odi", 40.0, 0.05),
        Band("score.odi", "moderate"),
        Band("score.startback", "high"),
        DataIs("score.startback", "off_label", True),
        Is("score.dn4", values=(4,)),
        Band("score.dn4", "positive"),
        Is("score.paindetect", values=(18,)),
        Band("score.paindetect", "uncertain"),
        Is("score.slanss", values=(11,)),
        Band("score.slanss", "negative"),
        Is("score.dn4_interview", values=(3,)),
        Band("score.dn4_interview", "positive"),
        IsNot("redflag.suicide_risk"),
    ),
    "r3a-instr-edges-b": (
        Is("score.phq9", values=(19,)),
        Band("score.phq9", "moderately_severe"),
        Is("score.gad7", values=(9,)),
        Band("score.gad7", "mild"),
        Is("score.pcs", values=(29,)),
        Band("score.pcs", "below_clinical_threshold"),
        ValueNear("score.odi", 42.5, 0.05),
        Band("score.odi", "severe"),
        Says("score.odi", ("sections_missing",)),
        Is("score.startback", values=(4,)),
        Band("score.startback", "medium"),
        Is("score.dn4", values=(3,)),
        Band("score.dn4", "negative"),
        Is("score.paindetect", values=(19,)),
        Band("score.paindetect", "likely"),
        Is("score.slanss", values=(12,)),
        Band("score.slanss", "positive"),
        Is("score.dn4_interview", values=(2,)),
        Band("score.dn4_interview", "negative"),
        Is("score.peg", (UNKNOWN,), values=(None,)),
        Missing("score.peg", "answers.3"),
        Is("score.rmdq", (MET,), values=(10,)),
    ),
    "r3a-outcome-mcid-edges": (
        *important("outcome.nrs.leg", True),
        *important("outcome.nrs.back", True),
        *important("outcome.odi", True),
        *important("outcome.rmdq", False),
        ValueNear("outcome.odi", -6.0, 0.05),
        ValueNear("outcome.rmdq", -4.0, 0.05),
    ),
}

DEFECTS: dict[str, str] = {}  # D23-D26 fixed (docs/clinical-review.md)


@pytest.mark.parametrize("name", scenario_params(EXPECTED, DEFECTS))
def test_scenario_concludes_what_the_guideline_says(name: str) -> None:
    verify_all(EXPECTED[name], assessment(name))


def test_every_case_file_has_an_expectation() -> None:
    assert case_names(CASES) == set(EXPECTED)
    assert all(name.startswith("r3a-") for name in EXPECTED)
    assert set(DEFECTS) <= set(EXPECTED)


def test_only_scenarios_with_a_defect_check_are_marked() -> None:
    assert with_defect_checks(EXPECTED) == set(DEFECTS)


def test_every_unknown_finding_says_what_would_decide_it() -> None:
    assert undecided_without_missing({name: assessment(name) for name in EXPECTED}) == []
