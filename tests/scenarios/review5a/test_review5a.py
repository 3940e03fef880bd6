"""Fourth clinical review, area A (held-out scenarios): the differential diagnosis and the diagnostic work-up.

Each case in cases/ was written from the fact sheet (../shared/clinical/diagnosis-instruments-codes.md, §1.2, §1.5,
§5) and the sources named in its header comment, before its output was read; EXPECTED holds what those sources say
the assessment must conclude. The theme of this round: textbook cases, one clear presentation per differential
cause with its settling test resulted (positive, and for several also negative), checking the conclusion, whether
the test is done / needed, the surgical referral, and that the explanation names the right source and next action.

Where the software disagrees and the source is clear, the check is wrapped in `Defect(n, ...)` (numbered from 60)
and the scenario is marked xfail(strict=True, raises=DefectShown) through DEFECTS, as in
tests/scenarios/test_scenarios.py: every other check of the scenario must still hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ..checks import (
    MET,
    NOT_MET,
    Check,
    Cites,
    DataIs,
    Doc,
    Is,
    IsNot,
    NoElectiveStepWhileRedFlagOpen,
    Says,
    SomeFindingSays,
    findings,
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
CONFIRMED, SUGGESTED, AGAINST = "confirmed", "suggested", "against"


def assessment(name: str) -> Doc:
    """The assessment document (docs/output.md) of one scenario case."""
    return assessed(CASES / f"{name}.yaml")


@dataclass(frozen=True)
class State(Check):
    """The work-up item `workup.<item>` has data.state in `states` (docs/workup.md)."""

    item: str
    states: tuple[str, ...]

    def verify(self, doc: Doc) -> None:
        f = one(doc, f"workup.{self.item}")
        assert f["data"].get("state") in self.states, (
            f"{f['code']}: state {f['data'].get('state')!r}, not {self.states}"
        )


@dataclass(frozen=True)
class ServesCause(Check):
    """The work-up item lists `cause` in data.for."""

    item: str
    cause: str

    def verify(self, doc: Doc) -> None:
        f = one(doc, f"workup.{self.item}")
        assert self.cause in (f["data"].get("for") or []), f"{f['code']} for {f['data'].get('for')}"


@dataclass(frozen=True)
class NoTestWantedFor(Check):
    """No work-up item that is needed or ordered lists `cause` in data.for."""

    cause: str

    def verify(self, doc: Doc) -> None:
        wanted = [
            f["code"]
            for f in findings(doc, "workup.*")
            if f["status"] == MET and self.cause in (f["data"].get("for") or [])
        ]
        assert not wanted, f"tests wanted for {self.cause}: {wanted}"


@dataclass(frozen=True)
class HasAction(Check):
    """The finding states a next action."""

    code: str

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        assert (f.get("action") or "").strip(), f"{f['code']} has no action"


def cause(name: str, status: str, *values: str) -> Is:
    return Is(f"differential.{name}", (status,), values=tuple(values))


def referral(status: str) -> tuple[Check, ...]:
    if status == MET:
        return (
            Is("referral.surgical", (MET,)),
            HasAction("referral.surgical"),
            Says("referral.surgical", ("surgeon",)),
            Cites("referral.surgical", ("tronnier",)),
        )
    return (Is("referral.surgical", (status,)),)


EXPECTED: dict[str, tuple[Check, ...]] = {
    # ------------------------------------------------------------------ disc vs scar on gadolinium MRI
    "r5a-recurrent-disc-gd-nonenhancing": (
        cause("recurrent_disc", MET, CONFIRMED),
        Cites("differential.recurrent_disc", ("cosnard|mattar",)),
        cause("epidural_fibrosis", NOT_MET),
        State("mri_gadolinium", ("done",)),
        *referral(MET),
    ),
    "r5a-fibrosis-gd-enhancing-no-disc": (
        cause("epidural_fibrosis", MET, CONFIRMED),
        DataIs("differential.epidural_fibrosis", "surgically_amenable", False),
        Says("differential.epidural_fibrosis", ("years",)),
        Cites("differential.epidural_fibrosis", ("cosnard",)),
        cause("recurrent_disc", NOT_MET, AGAINST),
        State("mri_gadolinium", ("done",)),
        *referral(NOT_MET),
    ),
    "r5a-recurrent-disc-plain-mri-only": (
        cause("recurrent_disc", MET, SUGGESTED),
        Is("workup.mri_gadolinium", (MET,)),
        State("mri_gadolinium", ("needed",)),
        ServesCause("mri_gadolinium", "recurrent_disc"),
        Says("workup.mri_gadolinium", ("recommended",)),
    ),
    # ------------------------------------------------------------------ stenosis
    "r5a-foraminal-stenosis-concordant": (
        cause("stenosis", MET, CONFIRMED),
        Says("differential.stenosis", ("inadequate decompression|operative",)),
        *referral(MET),
    ),
    # ------------------------------------------------------------------ fusion: pseudarthrosis and hardware
    "r5a-pseudarthrosis-ct-30mo": (
        cause("pseudarthrosis", MET, CONFIRMED),
        Says("differential.pseudarthrosis", ("infection",)),
        Cites("differential.pseudarthrosis", ("resnick",)),
        State("ct", ("done",)),
        *referral(MET),
    ),
    "r5a-fusion-solid-ct-18mo": (
        cause("pseudarthrosis", NOT_MET, AGAINST),
        DataIs("differential.pseudarthrosis", "judge_from", "2025-05-01"),
        cause("hardware_failure", NOT_MET, AGAINST),
        State("ct", ("done",)),
        *referral(NOT_MET),
    ),
    "r5a-fusion-motion-flexext-no-ct": (
        IsNot("differential.pseudarthrosis", (NOT_MET,)),
        DataIs("differential.pseudarthrosis", "judge_from", "2026-07-01"),
        Is("workup.ct", (MET,)),
        ServesCause("ct", "pseudarthrosis"),
        Says("workup.ct", ("thin-slice|thin slice",)),
        # motion across a fused segment on flexion-extension films is evidence of non-union, not a finding for
        # "segmental instability" with pseudarthrosis "not yet assessed": the fact sheet (§5.2 'Pseudarthrosis',
        # Resnick 2005) says lack of motion suggests fusion; docs/workup.md says radiographs suggest it.
        cause("pseudarthrosis", MET, SUGGESTED),
    ),
    "r5a-hardware-loosening-ct": (
        cause("hardware_failure", MET, CONFIRMED),
        Cites("differential.hardware_failure", ("nouh",)),
        *referral(MET),
    ),
    "r5a-rod-breakage-xray-only": (
        cause("hardware_failure", MET, SUGGESTED, CONFIRMED),
        Is("workup.ct", (MET,)),
        ServesCause("ct", "hardware_failure"),
    ),
    # ------------------------------------------------------------------ instability and adjacent segment
    "r5a-instability-flexext-positive": (
        cause("instability", MET, CONFIRMED),
        State("xray_flexion_extension", ("done",)),
        DataIs("referral.surgical", "surgery_before_scs", True),
        *referral(MET),
    ),
    "r5a-static-slip-flexext-stable": (
        cause("instability", NOT_MET, AGAINST),
        State("xray_flexion_extension", ("done",)),
    ),
    "r5a-asd-herniation-above-fusion": (
        cause("adjacent_segment_disease", MET),
        Says("differential.adjacent_segment_disease", ("l3-l4",)),
        *referral(MET),
    ),
    # ------------------------------------------------------------------ complications not amenable to surgery
    "r5a-arachnoiditis-clumped-roots": (
        cause("arachnoiditis", MET, CONFIRMED),
        DataIs("differential.arachnoiditis", "surgically_amenable", False),
        Cites("differential.arachnoiditis", ("cosnard",)),
        *referral(NOT_MET),
    ),
    # ------------------------------------------------------------------ joints: comparative blocks
    "r5a-facet-comparative-blocks-positive": (
        cause("facet_joint", MET, CONFIRMED),
        Cites("differential.facet_joint", ("manchikanti",)),
        State("diagnostic_block", ("done",)),
        *referral(NOT_MET),
    ),
    "r5a-facet-block-negative": (cause("facet_joint", NOT_MET, AGAINST),),
    "r5a-sij-dual-blocks-after-fusion": (
        cause("sacroiliac_joint", MET, CONFIRMED),
        Says("differential.sacroiliac_joint", ("sacrum",)),
        Cites("differential.sacroiliac_joint", ("liliang|lee|polly",)),
        NoTestWantedFor("sacroiliac_joint"),
    ),
    "r5a-sij-provocation-no-block": (
        cause("sacroiliac_joint", MET, SUGGESTED),
        Is("workup.diagnostic_block", (MET,)),
        ServesCause("diagnostic_block", "sacroiliac_joint"),
        Says("workup.diagnostic_block", ("recommended",)),
    ),
    # ------------------------------------------------------------------ myofascial, infection, other
    "r5a-myofascial-active-trigger-point": (
        cause("myofascial", MET, CONFIRMED),
        Cites("differential.myofascial", ("fern",)),
        NoTestWantedFor("myofascial"),
    ),
    "r5a-discitis-gd-mri-raised-crp": (
        Is("redflag.infection", (MET,), severity=("urgent", "emergency")),
        Says("redflag.infection", ("urgent|emergency",)),
        Is("differential.infection", (MET,)),
        NoElectiveStepWhileRedFlagOpen(),
        SomeFindingSays("*infection*", "biopsy"),
    ),
    "r5a-other-peripheral-neuropathy-emg": (
        Is("differential.other", (MET,)),
        Says("differential.other", ("neuropathy",)),
        State("emg_ncs", ("done",)),
    ),
}

DEFECTS: dict[str, str] = {}  # D60 fixed (docs/clinical-review.md)


@pytest.mark.parametrize("name", scenario_params(EXPECTED, DEFECTS))
def test_scenario_concludes_what_the_guideline_says(name: str) -> None:
    verify_all(EXPECTED[name], assessment(name))


def test_every_case_file_has_an_expectation() -> None:
    assert case_names(CASES) == set(EXPECTED)
    assert all(name.startswith("r5a-") for name in EXPECTED)
    assert set(DEFECTS) <= set(EXPECTED)


def test_only_scenarios_with_a_defect_check_are_marked() -> None:
    assert with_defect_checks(EXPECTED) == set(DEFECTS)


def test_every_unknown_finding_says_what_would_decide_it() -> None:
    assert undecided_without_missing({name: assessment(name) for name in EXPECTED}) == []
