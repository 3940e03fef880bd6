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

import re
from pathlib import Path

import pytest

from fbss.caseio import read_case_file
from fbss.caseio.problems import CaseInputError

from .checks import (
    MET,
    NOT_MET,
    UNKNOWN,
    Because,
    Before,
    Check,
    Cites,
    Coded,
    DataAtMost,
    DataIs,
    Doc,
    Is,
    IsNot,
    MedicinesOfferExcludes,
    Missing,
    NeverSays,
    NoElectiveStepWhileRedFlagOpen,
    NoInterventionOffered,
    NotOfferedOrSays,
    Refused,
    RefusedOr,
    Says,
    SomeFindingSays,
    ValueNear,
    text_of,
)
from .suite import assessed, case_names, scenario_params, verify_all, with_defect_checks

CASES = Path(__file__).resolve().parent / "cases"
RED_FLAGS = (
    "redflag.cauda_equina",
    "redflag.infection",
    "redflag.fracture",
    "redflag.malignancy",
    "redflag.neurological_deficit",
    "redflag.suicide_risk",
)


def assessment(name: str) -> Doc:
    """The assessment document (docs/output.md) of one scenario case."""
    return assessed(CASES / f"{name}.yaml")


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
    # ================================================================== second review (2026-11-25)
    # ------------------------------------------------------------------ renal dosing at the band edges
    "r2-renal-gabapentin-crcl60": (
        ValueNear("safety.renal_function", 60.0, 0.1),
        IsNot("safety.renal_dose.gabapentin"),
    ),
    "r2-renal-gabapentin-crcl30-umol": (
        ValueNear("safety.renal_function", 30.0, 0.2),
        Is("safety.renal_dose.gabapentin", (MET,)),
        DataAtMost("safety.renal_dose.gabapentin", "max_mg_per_day", 700),
        # the label's bands are '>30-59' and '>15-29': 30 is in neither, so the text must not put it in '>15-29'
        Says("safety.renal_dose.gabapentin", ("edge",)),  # D21 (fixed)
    ),
    "r2-renal-gabapentin-crcl14": (
        ValueNear("safety.renal_function", 14.0, 0.1),
        Is("safety.renal_dose.gabapentin", (MET,)),
        DataAtMost("safety.renal_dose.gabapentin", "max_mg_per_day", 300),
        Says("safety.renal_dose.gabapentin", ("once daily",)),
    ),
    "r2-renal-gabapentin-haemodialysis": (
        Is("safety.renal_dose.gabapentin", (MET,)),
        DataAtMost("safety.renal_dose.gabapentin", "max_mg_per_day", 300),
        Says("safety.renal_dose.gabapentin", ("dialysis", "supplement")),
    ),
    "r2-renal-pregabalin-crcl20": (
        ValueNear("safety.renal_function", 20.0, 0.1),
        Is("safety.renal_dose.pregabalin", (MET,)),
        DataIs("safety.renal_dose.pregabalin", "max_mg_per_day", 150),
        Says("safety.renal_dose.pregabalin", ("secondary",)),
    ),
    "r2-renal-pregabalin-crcl60": (
        ValueNear("safety.renal_function", 60.0, 0.1),
        Says("safety.renal_dose.pregabalin", ("secondary|unconfirmed|not confirmed", "edge")),
        DataIs("safety.renal_dose.pregabalin", "max_mg_per_day", 300),  # D21 (fixed): the cautious band
    ),
    "r2-renal-duloxetine-crcl29-umol": (
        ValueNear("safety.renal_function", 29.0, 0.3),
        Is("safety.renal_dose.duloxetine", (MET,)),
        Is("treatment.duloxetine", (NOT_MET,)),
    ),
    "r2-renal-duloxetine-crcl31": (
        ValueNear("safety.renal_function", 31.0, 0.3),
        IsNot("safety.renal_dose.duloxetine"),
        IsNot("treatment.duloxetine", (NOT_MET,)),
    ),
    # ------------------------------------------------------------------ antithrombotic holds and restarts
    "r2-hold-clopidogrel-scs": (
        Is("safety.antithrombotic.clopidogrel.scs_trial", (MET,)),
        Says(
            "safety.antithrombotic.clopidogrel.scs_trial",
            ("7 days", "unconfirmed", "cardiolog", "12-24 hours"),
        ),
        Is("scs.prerequisite.coagulation", (NOT_MET, UNKNOWN)),
    ),
    "r2-hold-prasugrel-scs": (
        Is("safety.antithrombotic.prasugrel.scs_trial", (MET,)),
        Says("safety.antithrombotic.prasugrel.scs_trial", ("7-10 days", "unconfirmed", "cardiolog")),
    ),
    "r2-hold-ticagrelor-esi": (
        Is("safety.antithrombotic.ticagrelor.esi_transforaminal", (MET,)),
        Says("safety.antithrombotic.ticagrelor.esi_transforaminal", ("5 days", "unconfirmed", "cardiolog")),
        Says(
            "safety.antithrombotic.ticagrelor.esi_transforaminal", ("surgery at this level",)
        ),  # L5-S1, operated
    ),
    "r2-hold-rivaroxaban-scs": (
        Is("safety.antithrombotic.rivaroxaban.scs_trial", (MET,)),
        Says(
            "safety.antithrombotic.rivaroxaban.scs_trial", ("3 days", "unconfirmed", "24 hours", "prescriber")
        ),
        NeverSays(
            "safety.antithrombotic.rivaroxaban.*", "2 days"
        ),  # PAUSE values are not for pain procedures
    ),
    "r2-hold-dabigatran-renal-scs": (
        ValueNear("safety.renal_function", 40.0, 0.3),
        Is("safety.antithrombotic.dabigatran.scs_trial", (MET,)),
        Says("safety.antithrombotic.dabigatran.scs_trial", ("unconfirmed", "renal")),
        # D17 (fixed): CrCl 40 mL/min is shown beside the renal (longer) hold, which the title now reports
        Says("safety.antithrombotic.dabigatran.scs_trial", ("creatinine clearance is 40",)),
        Says("safety.antithrombotic.dabigatran.scs_trial", ("5-6 days with impaired renal function",)),
    ),
    "r2-hold-dabigatran-no-creatinine": (
        Is("safety.antithrombotic.dabigatran.scs_trial", (MET,)),
        Missing("safety.antithrombotic.dabigatran.scs_trial", "labs"),  # D17 (fixed): asks for a creatinine
    ),
    "r2-hold-warfarin-scs-inr": (
        Is("safety.antithrombotic.warfarin.scs_trial", (MET,)),
        Says("safety.antithrombotic.warfarin.scs_trial", ("5 days", "normal inr", "6 hours", "prescriber")),
    ),
    "r2-hold-enoxaparin-therapeutic-esi": (
        Is("safety.antithrombotic.enoxaparin.esi_interlaminar", (MET,)),
        Says("safety.antithrombotic.enoxaparin.esi_interlaminar", ("24 hours", "12-24 hours")),
    ),
    "r2-hold-enoxaparin-prophylactic-scs": (
        Is("safety.antithrombotic.enoxaparin.scs_trial", (MET,)),
        Says("safety.antithrombotic.enoxaparin.scs_trial", ("12 hours", "12-24 hours")),
        NeverSays("safety.antithrombotic.enoxaparin.scs_trial", "24 hours (asra"),
    ),
    "r2-hold-aspirin-secondary-esi": (
        Says("safety.antithrombotic.aspirin.esi_transforaminal", ("shared", "24 hours")),
        NeverSays("safety.antithrombotic.aspirin.esi_transforaminal", "6 days"),
    ),
    "r2-hold-clopidogrel-tpi": (
        IsNot("safety.antithrombotic.clopidogrel.trigger_point_injection"),  # low risk: no routine hold
        Says("safety.antithrombotic.clopidogrel.trigger_point_injection", ("no routine hold", "prescriber")),
        NeverSays("safety.antithrombotic.clopidogrel.trigger_point_injection", "7 days"),  # D19 (fixed)
    ),
    "r2-platelets-low-scs": (
        IsNot("scs.prerequisite.coagulation", (MET,)),
        IsNot("scs.candidacy", values=("recommended",)),
    ),
    "r2-inr-raised-no-anticoagulant-esi": (SomeFindingSays("safety.*", "inr 1.8|inr of 1.8|inr is 1.8"),),
    # ------------------------------------------------------------------ SCS candidacy at the TA159 edges
    "r2-scs-pain-50mm": (Is("scs.candidacy", values=("recommended",)),),
    "r2-scs-pain-40mm": (
        Is("scs.candidacy", values=("not_recommended_now",)),
        Says("scs.candidacy", ("50",)),
    ),
    "r2-scs-duration-6mo": (Is("scs.candidacy", values=("recommended",)),),
    "r2-scs-duration-5mo": (
        Is("scs.candidacy", values=("not_recommended_now",)),
        Says("scs.candidacy", ("6 months",)),
    ),
    "r2-scs-cannot-operate-device": (
        Is("scs.candidacy", values=("not_recommended_now",)),
        Says("scs.candidacy", ("control the device",)),
    ),
    "r2-scs-coagulopathy": (
        Is("scs.candidacy", values=("not_recommended_now",)),
        Says("scs.candidacy", ("coagulopathy",)),
    ),
    "r2-scs-needs-diathermy": (
        Is("scs.candidacy", values=("not_recommended_now",)),
        Says("scs.candidacy", ("diathermy",)),
    ),
    "r2-scs-ischaemic": (
        Is("scs.candidacy", values=("not_recommended_now",)),
        Says("scs.candidacy", ("ischaemic",)),
    ),
    "r2-scs-psychosocial": (
        IsNot("scs.candidacy", values=("recommended",)),
        Says("scs.candidacy", ("secondary gain", "unrealistic expectations")),
        Is("scs.psychosocial", (MET,)),
    ),
    "r2-scs-trial-exactly-50": (Is("scs.trial.outcome", (MET,)),),
    "r2-scs-trial-50-unsatisfied": (
        Is("scs.trial.outcome", (NOT_MET,)),
        Says("scs.trial.outcome", ("not satisfied",)),
    ),
    # ------------------------------------------------------------------ plan order, injections
    "r2-plan-foraminal-stenosis": (
        Is("referral.surgical", (MET,)),
        Is("scs.candidacy", values=("not_recommended_now",)),
        Before("plan.surgical_evaluation", "plan.spinal_cord_stimulation"),
        Cites("plan.surgical_evaluation", ("tronnier", "north")),
    ),
    "r2-tpi-active-trigger-points": (
        Is("differential.myofascial", (MET,)),
        Is("phenotype.mechanism", values=("muscle",)),
        NotOfferedOrSays("plan.trigger_point_injection", ("no clear evidence",)),
        IsNot("plan.epidural_steroid_injection"),
    ),
    "r2-tpi-no-trigger-points": (
        IsNot("differential.myofascial"),
        IsNot("plan.trigger_point_injection"),
    ),
    "r2-tpi-taut-band-only": (
        IsNot("differential.myofascial"),
        IsNot("plan.trigger_point_injection"),
    ),
    "r2-esi-four-in-12-months": (
        Is("safety.epidural_steroid.cumulative", (MET,)),
        DataIs("safety.epidural_steroid.cumulative", "sessions_last_12_months", 4),
        Says("safety.epidural_steroid.cumulative", ("320 mg", "reassess", "no verified source")),
        # a fifth injection after four that gave 30% relief for 3 weeks: the plan must say so, not just "consider"
        NotOfferedOrSays("plan.epidural_steroid_injection", ("4 earlier injections in the last 12 months",)),
        NotOfferedOrSays("plan.epidural_steroid_injection", ("none with 50% relief or more (best 30%",)),
    ),
    # ------------------------------------------------------------------ questionnaires at the band edges
    "r2-scores-phq10-gad15-odi-missing": (
        Is("score.phq9", values=(10,)),
        DataIs("score.phq9", "band", "moderate"),
        Is("score.gad7", values=(15,)),
        DataIs("score.gad7", "band", "severe"),
        ValueNear("score.odi", 35.6, 0.05),
        DataIs("score.odi", "band", "moderate"),
        DataIs("score.odi", "flags", ["sections_missing"]),
        IsNot("redflag.suicide_risk"),
    ),
    "r2-scores-phq9-gad9-odi20": (
        DataIs("score.phq9", "band", "mild"),
        DataIs("score.gad7", "band", "mild"),
        ValueNear("score.odi", 20.0, 0.05),
        DataIs("score.odi", "band", "minimal"),
    ),
    "r2-scores-phq9-item-missing-gad14": (
        Is("score.phq9", (UNKNOWN,)),
        Missing("score.phq9", "answers.3"),
        DataIs("score.gad7", "band", "moderate"),
    ),
    # ------------------------------------------------------------------ NeuPSIG and FBSS timing edges
    "r2-neupsig-allodynia-only": (Is("phenotype.neuropathic_grade", values=("probable",)),),
    "r2-neupsig-test-without-signs": (IsNot("phenotype.neuropathic_grade", values=("definite",)),),
    "r2-fbss-exactly-3-months": (
        Is("criteria.fbss.timing", (MET,)),
        Is("criteria.fbss", (MET,)),
    ),
    "r2-fbss-3-months-less-a-day": (
        Is("criteria.fbss.timing", (NOT_MET,)),
        Says("criteria.fbss.timing", ("2026-11-02",)),
    ),
}

# Scenarios that show a defect today; the number is the defect's in docs/clinical-review.md.
DEFECTS: dict[str, str] = {}  # D1-D22 all fixed (docs/clinical-review.md)


@pytest.mark.parametrize("name", scenario_params(EXPECTED, DEFECTS))
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
    verify_all(checks, doc)


def test_every_case_file_has_an_expectation() -> None:
    assert case_names(CASES) == set(EXPECTED)
    assert set(DEFECTS) <= set(EXPECTED)


def test_only_scenarios_with_a_defect_check_are_marked() -> None:
    assert with_defect_checks(EXPECTED) == set(DEFECTS)


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
