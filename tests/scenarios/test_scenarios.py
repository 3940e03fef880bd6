"""Scenario cases judged as the held-out clinical evaluation will judge them.

Each case in cases/ was written from the cited guidelines (named in the case's header comment), not from the rule
code; EXPECTED below holds what the guideline says the assessment must conclude, one test per scenario.

Where the software disagrees and the guideline (checked in the fact sheets and, where needed, the primary source) is
right, the check is wrapped in `Defect(n, ...)` and the scenario is marked xfail(strict=True, raises=DefectShown)
with the defect's reason (numbered as in docs/clinical-review.md). Only a failing `Defect` check counts as the
expected failure: every other check of the scenario must still hold, and a fixed defect turns the test red (strict)
until its mark is removed.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest

from fbss.caseio import read_case_file
from fbss.caseio.problems import CaseInputError
from fbss.clinical.assess import assess

from .checks import (
    MET,
    NOT_MET,
    UNKNOWN,
    Because,
    Before,
    Check,
    Cites,
    Coded,
    DataIs,
    Defect,
    DefectShown,
    Doc,
    Is,
    IsNot,
    MedicinesOfferExcludes,
    Missing,
    NeverSays,
    NoElectiveStepWhileRedFlagOpen,
    NoInterventionOffered,
    Refused,
    RefusedOr,
    Says,
    ValueNear,
    text_of,
)

CASES = Path(__file__).resolve().parent / "cases"
RED_FLAGS = (
    "redflag.cauda_equina",
    "redflag.infection",
    "redflag.fracture",
    "redflag.malignancy",
    "redflag.neurological_deficit",
    "redflag.suicide_risk",
)


@functools.cache
def assessment(name: str) -> Doc:
    """The assessment document (docs/output.md) of one scenario case."""
    return assess(read_case_file(CASES / f"{name}.yaml")).to_dict()


NO_RED_FLAG_MET = tuple(IsNot(code) for code in RED_FLAGS)
SURGICAL_REFERRAL_NOT_REFUSED = (
    IsNot("treatment.surgical_referral", (NOT_MET,)),
    NeverSays("plan.not_offered", "referral to a spine surgeon"),
)

EXPECTED: dict[str, tuple[Check, ...]] = {
    # ------------------------------------------------------------------ red flags
    "rf-ces-saddle-bladder": (
        Is("redflag.cauda_equina", (MET,), severity=("emergency",)),
        Says("redflag.cauda_equina", ("4 h",)),
        NoElectiveStepWhileRedFlagOpen(),
        *SURGICAL_REFERRAL_NOT_REFUSED,
    ),
    "rf-ces-saddle-low-pvr": (Is("redflag.cauda_equina", (MET,), severity=("emergency",)),),
    "rf-ces-constipation-codeine": (Is("redflag.cauda_equina", (NOT_MET,)),),
    "rf-infection-crp-day3": (
        IsNot("redflag.infection"),  # expected course: repeat the CRP (unknown) or not met, never a flag
        Is("criteria.fbss", (NOT_MET,)),
    ),
    "rf-infection-crp-day30": (
        Is("redflag.infection", (MET,), severity=("urgent", "warning")),
        Is("criteria.fbss", (NOT_MET,)),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "rf-infection-esr-day30-only": (IsNot("redflag.infection"),),
    "units-crp-mgdl-day30": (
        Is("redflag.infection", (MET,)),
        Because("redflag.infection", "labs[0].value", 45.0),
    ),
    "rf-infection-after-injection": (
        Is("redflag.infection", (MET,), severity=("urgent", "emergency")),
        IsNot("criteria.fbss"),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "rf-fracture-older-man-only": (IsNot("redflag.fracture"),),
    "rf-fracture-combination": (Is("redflag.fracture", (MET,)),),
    "rf-malignancy-cancer-history": (Is("redflag.malignancy", (MET,), severity=("urgent", "emergency")),),
    "rf-neuro-progressive-footdrop": (
        Is("redflag.neurological_deficit", (MET,), severity=("urgent", "emergency")),
        NoElectiveStepWhileRedFlagOpen(),
        *SURGICAL_REFERRAL_NOT_REFUSED,
    ),
    "rf-neuro-stable-old-deficit": (Is("redflag.neurological_deficit", (NOT_MET,)),),
    "rf-suicide-item9": (
        Is("redflag.suicide_risk", (MET,), severity=("urgent", "emergency")),
        Is("score.phq9", values=(5,)),
    ),
    "rf-not-asked": (
        *(Is(code, (UNKNOWN,)) for code in RED_FLAGS),
        Missing("redflag.cauda_equina", "red_flags.saddle_anaesthesia"),
        Missing("redflag.malignancy", "red_flags.history_of_cancer"),
        Is("criteria.fbss", (UNKNOWN,)),
        Is("workup.medical_review", (MET,)),  # the red-flag questions are still to be asked
        NoInterventionOffered(),
        IsNot("scs.prerequisite.infection"),  # infection unscreened is not "no infection"
    ),
    # ------------------------------------------------------------------ phenotype
    "ph-nerve-definite": (
        Is("phenotype.mechanism", values=("nerve",)),
        Is("phenotype.neuropathic_grade", values=("definite",)),
        Is("phenotype.predominance", values=("leg",)),
    ),
    "ph-nerve-probable": (
        Is("phenotype.mechanism", values=("nerve",)),
        Is("phenotype.neuropathic_grade", values=("probable",)),
    ),
    "ph-nerve-possible": (
        Is("phenotype.neuropathic_grade", values=("possible",)),
        NeverSays("phenotype.neuropathic_grade", "(grade 'definite')"),
    ),
    "ph-no-exam-scar-only": (
        Is("phenotype.neuropathic_grade", values=("possible", "probable")),
        Missing("phenotype.neuropathic_grade", "exam"),
        NeverSays("phenotype.neuropathic_grade", "would make the grade 'probable'"),
    ),
    "ph-muscle-trigger-tingling": (
        Is("phenotype.mechanism", values=("muscle",)),
        IsNot("phenotype.neuropathic_grade", values=("possible", "probable", "definite")),
        Is("phenotype.predominance", values=("back",)),
        Is("differential.myofascial", (MET,)),
    ),
    "ph-mixed": (Is("phenotype.mechanism", values=("mixed",)),),
    "ph-undetermined": (
        Is("phenotype.mechanism", values=("undetermined",)),
        Is("phenotype.neuropathic_grade", (UNKNOWN,), values=("unknown",)),
    ),
    # ------------------------------------------------------------------ FBSS criteria
    "cr-met": (
        Is("criteria.fbss", (MET,)),
        Coded("criteria.fbss", includes=("M96.1", "MG30.21")),
        *NO_RED_FLAG_MET,
    ),
    "cr-too-early": (
        Is("criteria.fbss", (NOT_MET,)),
        Is("criteria.fbss.timing", (NOT_MET,)),
    ),
    "cr-infection-not-excluded": (
        Is("criteria.fbss", (UNKNOWN,)),
        Missing("criteria.fbss", "red_flags.fever"),
    ),
    "cr-no-surgery": (Is("criteria.fbss", (NOT_MET,)),),
    "cr-preexisting-unchanged": (
        Is("criteria.fbss", (MET,)),
        Is("criteria.fbss.icd11_course", (NOT_MET,)),
        Coded("criteria.fbss", excludes=("MG30.21",)),
    ),
    # ------------------------------------------------------------------ work-up
    "wu-recurrent-disc-gd": (
        Is("differential.recurrent_disc", (MET,)),
        Is("referral.surgical", (MET,)),
        Before("plan.surgical_evaluation", "plan.spinal_cord_stimulation"),
        Is("scs.candidacy", values=("not_recommended_now",)),
    ),
    "wu-scar-gd": (
        Is("differential.recurrent_disc", (NOT_MET,)),
        Is("differential.epidural_fibrosis", (MET,)),
        Is("referral.surgical", (NOT_MET,)),
    ),
    "wu-disc-vs-scar-plain-mri": (
        Is("workup.mri_gadolinium", (MET,)),
        DataIs("workup.mri_gadolinium", "state", "needed"),
        Is("differential.recurrent_disc", (MET, UNKNOWN)),
    ),
    "wu-pseudarthrosis-6mo": (
        Is("differential.pseudarthrosis", (UNKNOWN,)),
        Coded("differential.pseudarthrosis", excludes=("M96.0",)),
    ),
    "wu-pseudarthrosis-14mo-no-ct": (
        Is("workup.ct", (MET,)),
        DataIs("workup.ct", "state", "needed"),
        Says("workup.ct", ("pseudarthrosis",)),
        Is("differential.pseudarthrosis", (UNKNOWN,)),
    ),
    "wu-pseudarthrosis-14mo-ct": (
        Is("differential.pseudarthrosis", (MET,)),
        Is("referral.surgical", (MET,)),
    ),
    "wu-instability-flexext": (
        Is("differential.instability", (MET,)),
        Is("referral.surgical", (MET,)),
        Is("scs.candidacy", values=("not_recommended_now",)),
    ),
    "wu-emg-too-early": (IsNot("workup.emg_ncs"),),
    # ------------------------------------------------------------------ SCS
    "scs-leg-candidate": (
        Is("scs.candidacy", values=("recommended",)),
        Is("referral.surgical", (NOT_MET,)),
        Cites("scs.evidence", ("kumar|process", "north")),
        *NO_RED_FLAG_MET,
        # the rehabilitation programme already failed: its failure is no reason to refer to it again
        NeverSays("plan.multidisciplinary_rehabilitation", "prior_treatments[2]"),
    ),
    "scs-back-predominant": (
        IsNot("scs.candidacy", values=("recommended",)),
        Cites("scs.evidence", ("rigoard|promise", "traeger|cochrane")),
    ),
    "scs-psychiatric": (
        IsNot("scs.candidacy", values=("recommended",)),
        Says("scs.candidacy", ("psychiatric",)),
    ),
    "scs-active-infection": (
        IsNot("scs.candidacy", values=("recommended",)),
        Says("scs.candidacy", ("infection",)),
    ),
    "scs-pacemaker": (
        IsNot("scs.candidacy", values=("recommended",)),
        Says("scs.candidacy", ("pacemaker",)),
    ),
    "scs-no-mdt": (
        Is("scs.prerequisite.mdt_assessment", (NOT_MET,)),
        Says("scs.candidacy", ("multidisciplinary",)),
        NeverSays("scs.candidacy", "proceed to a screening trial"),
    ),
    "scs-no-neuropathic-drug-tried": (IsNot("scs.candidacy", values=("recommended",)),),
    "scs-surgery-first-deficit": (
        Is("referral.surgical", (MET,)),
        Is("scs.candidacy", values=("not_recommended_now",)),
        Is("redflag.neurological_deficit", (MET,)),
        Before("plan.surgical_evaluation", "plan.spinal_cord_stimulation"),
    ),
    "scs-trial-success": (Is("scs.trial.outcome", (MET,)),),
    "scs-trial-40pct": (Is("scs.trial.outcome", (NOT_MET,)),),
    "scs-trial-50pct-more-analgesics": (Is("scs.trial.outcome", (NOT_MET,)),),
    # ------------------------------------------------------------------ renal dosing
    "renal-gabapentin-crcl25": (
        ValueNear("safety.renal_function", 25.0),
        Is("safety.renal_dose.gabapentin", (MET,)),
        Says("safety.renal_dose.gabapentin", ("700", "once daily")),
        DataIs("safety.renal_dose.gabapentin", "max_mg_per_day", 700),
        MedicinesOfferExcludes("amitriptyline"),  # age 70: Beers 2023
    ),
    "renal-gabapentin-crcl45": (
        ValueNear("safety.renal_function", 45.0),
        Is("safety.renal_dose.gabapentin", (MET,)),
        DataIs("safety.renal_dose.gabapentin", "max_mg_per_day", 1400),
    ),
    "renal-creatinine-umol": (
        ValueNear("safety.renal_function", 45.0),
        DataIs("safety.renal_dose.gabapentin", "max_mg_per_day", 1400),
    ),
    "renal-gabapentin-crcl70": (
        ValueNear("safety.renal_function", 70.0),
        IsNot("safety.renal_dose.gabapentin"),
    ),
    "renal-pregabalin-crcl45": (
        Is("safety.renal_dose.pregabalin", (MET,)),
        DataIs("safety.renal_dose.pregabalin", "max_mg_per_day", 300),
        Says("safety.renal_dose.pregabalin", ("secondary",)),
    ),
    "renal-duloxetine-crcl25": (
        Is("safety.renal_dose.duloxetine", (MET,)),
        Is("treatment.duloxetine", (NOT_MET,)),
    ),
    "renal-no-weight": (
        Is("safety.renal_function", (UNKNOWN,)),
        Missing("safety.renal_function", "weight_kg"),
        IsNot("safety.renal_dose.gabapentin"),
        Is("treatment.duloxetine", (UNKNOWN, NOT_MET)),
    ),
    "units-creatinine-unlabelled": (
        RefusedOr(IsNot("safety.renal_function")),
        RefusedOr(IsNot("safety.renal_dose.gabapentin")),
    ),
    # ------------------------------------------------------------------ antithrombotic holds
    "hold-warfarin-esi": (
        Is("safety.antithrombotic.warfarin.esi_*", (MET,)),
        Says("safety.antithrombotic.warfarin.esi_*", ("5 days", "inr", "prescriber")),
        NeverSays("safety.antithrombotic.warfarin.esi_*", "surgery at this level"),
    ),
    "hold-apixaban-scs": (
        Is("safety.antithrombotic.apixaban.scs_trial", (MET,)),
        Says("safety.antithrombotic.apixaban.scs_trial", ("3-5 days", "not confirmed|unconfirmed")),
        DataIs(
            "safety.antithrombotic.apixaban.scs_trial", "hold", None
        ),  # no number shown as a confirmed hold
    ),
    "hold-clopidogrel-esi": (
        Is("safety.antithrombotic.clopidogrel.esi_*", (MET,)),
        Says("safety.antithrombotic.clopidogrel.esi_*", ("7 days", "prescriber")),
        Says("safety.antithrombotic.clopidogrel.esi_*", ("cardiolog",)),
    ),
    "hold-aspirin-primary-scs": (
        Is("safety.antithrombotic.aspirin.scs_trial", (MET,)),
        Says("safety.antithrombotic.aspirin.scs_trial", ("6 days",)),
    ),
    "hold-aspirin-primary-esi": (
        Says("safety.antithrombotic.aspirin.esi_*", ("shared",)),
        NeverSays("safety.antithrombotic.aspirin.esi_*", "6 days"),
    ),
    "hold-aspirin-secondary-scs": (
        Says("safety.antithrombotic.aspirin.scs_trial", ("shared",)),
        NeverSays("safety.antithrombotic.aspirin.scs_trial", "6 days"),
    ),
    # ------------------------------------------------------------------ older adults, combinations, conflicts
    "beers-amitriptyline-78": (
        Is("safety.older_adult.tricyclic.amitriptyline", (MET,)),
        MedicinesOfferExcludes("amitriptyline"),
        Cites("treatment.tricyclic", ("beers",)),
    ),
    "beers-age-64-amitriptyline": (IsNot("safety.older_adult.*"),),
    "beers-opioid-gabapentinoid-78": (
        Is("safety.older_adult.opioid_gabapentinoid", (MET,)),
        Is("safety.opioid_gabapentinoid", (MET,)),
    ),
    "beers-nsaid-proposed-72": (Is("safety.older_adult.nsaid.*", (MET,)),),
    "serotonergic-duloxetine-tramadol": (Is("safety.serotonergic.duloxetine.tramadol", (MET,)),),
    "conflict-gabapentinoid-radicular": (
        Is("treatment.conflict.gabapentinoids_sciatica", (MET,)),
        Cites("treatment.conflict.gabapentinoids_sciatica", ("ng59", "cg173")),
        Says("treatment.conflict.gabapentinoids_sciatica", ("no default",)),
    ),
    "conflict-choice-recorded": (
        Is("treatment.conflict.gabapentinoids_sciatica", (MET,)),
        Says("treatment.conflict.gabapentinoids_sciatica", ("cg173",)),
        IsNot("treatment.pregabalin", values=("disputed",)),
        NeverSays("plan.medicines", "disagree on gabapentin, pregabalin: choose and record why"),
    ),
    "acupuncture-ng59": (
        IsNot("treatment.acupuncture"),
        Says("treatment.acupuncture", ("do not offer",)),
        Cites("treatment.acupuncture", ("ng59",)),
    ),
    "acupuncture-choice-recorded": (IsNot("treatment.acupuncture", values=("disputed",)),),
    # ------------------------------------------------------------------ bad input
    "bad-crp-unit-gl": (Refused("labs[0]", "g/L"),),
    "bad-nrs-out-of-range": (Refused("pain[0].nrs_average"),),
    "bad-phq9-answer": (Refused("instruments[0]"),),
    "bad-temperature-fahrenheit": (Refused("exam.temperature_c"),),
    "bad-surgery-after-assessment": (Refused("surgeries[0]"),),
    "bad-misspelt-field": (Refused("pain[0]", "nrs_average"),),
}

# Scenarios that show a defect today; the number is the defect's in docs/clinical-review.md.
DEFECTS: dict[str, str] = {}  # all sixteen fixed; see docs/clinical-review.md


def _params() -> list[Any]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, raises=DefectShown, reason=DEFECTS[name]))
        if name in DEFECTS
        else name
        for name in EXPECTED
    ]


@pytest.mark.parametrize("name", _params())
def test_scenario_concludes_what_the_guideline_says(name: str) -> None:
    checks = EXPECTED[name]
    refusals = [c for c in checks if isinstance(c, Refused)]
    if refusals:
        with pytest.raises(CaseInputError) as raised:
            read_case_file(CASES / f"{name}.yaml")
        problems = raised.value.problems
        for r in refusals:
            assert any(
                p.path.startswith(r.path) and r.message_part.lower() in p.message.lower() for p in problems
            ), [str(p) for p in problems]
        return
    try:
        doc = assessment(name)
    except CaseInputError:
        assert all(
            isinstance(c, RefusedOr) or isinstance(getattr(c, "check", None), RefusedOr) for c in checks
        ), name
        return
    for check in sorted(checks, key=lambda c: isinstance(c, Defect)):  # the guideline's other checks first
        check.verify(doc)


def test_every_case_file_has_an_expectation() -> None:
    assert {p.stem for p in CASES.glob("*.yaml")} == set(EXPECTED)
    assert set(DEFECTS) <= set(EXPECTED)


def test_only_scenarios_with_a_defect_check_are_marked() -> None:
    with_defects = {name for name, checks in EXPECTED.items() if any(isinstance(c, Defect) for c in checks)}
    assert with_defects == set(DEFECTS)


def readable_cases() -> list[str]:
    return [name for name, checks in EXPECTED.items() if not any(isinstance(c, Refused) for c in checks)]


def _assessed() -> list[Doc]:
    docs = []
    for name in readable_cases():
        try:
            docs.append(assessment(name))
        except CaseInputError:
            continue
    return docs


@pytest.mark.parametrize("name", readable_cases())
def test_no_finding_calls_a_patient_safe_to_proceed(name: str) -> None:
    try:
        doc = assessment(name)
    except CaseInputError:
        return
    for f in doc["findings"]:
        text = text_of(f)
        assert "safe to proceed" not in text, f["code"]
        assert "cleared to proceed" not in text, f["code"]


def test_every_unknown_finding_says_what_would_decide_it() -> None:
    undecided = sorted(
        {f["code"] for d in _assessed() for f in d["findings"] if f["status"] == UNKNOWN and not f["missing"]}
    )
    assert undecided == []


def test_every_finding_code_is_snake_case() -> None:
    bad = sorted(
        {f["code"] for d in _assessed() for f in d["findings"] if not re.fullmatch(r"[a-z0-9_.]+", f["code"])}
    )
    assert bad == []


WORDING_SLIPS = {
    "an article before a vowel sound": re.compile(r"\ba (?=[aeio][a-z])", re.IGNORECASE),
    "a plural after one": re.compile(r"(?<![\d.])1 (?:days|weeks|months|years|questions|items)\b"),
    "a nested parenthesis": re.compile(r"\([^()]*\("),
    "a doubled word": re.compile(r"\b(\w{2,}) \1\b", re.IGNORECASE),
    "a doubled space": re.compile(r"\S  \S"),
    "an empty list": re.compile(r"\[\]|: ,|, ,|\(\)"),
}


def test_no_title_or_detail_has_a_wording_slip() -> None:
    """Clinical review observation 7: every title and detail of every scenario reads as written English."""
    slips = sorted(
        {
            (f["code"], slip, pattern.search(str(f[part])).group(0))  # type: ignore[union-attr]
            for d in _assessed()
            for f in d["findings"]
            for part in ("title", "detail")
            for slip, pattern in WORDING_SLIPS.items()
            if f.get(part) and pattern.search(str(f[part]))
        }
    )
    assert slips == []
