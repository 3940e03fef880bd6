"""Catalogue entries: injections and spinal cord stimulation."""

from __future__ import annotations

from fbss.clinical.case import ProcedureKind, TreatmentKind
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.catalogue.model import Category, Evidence, Option, OptionId, Position, Stance
from fbss.clinical.planning.roles import Role
from fbss.clinical.sources import (
    FERNANDEZ_DE_LAS_PENAS_2018,
    NICE_TA159,
    PRACTICE_PARAMETERS_2006,
    PROCESS_2007,
    PROMISE_2019,
)

NG59_NO_SPINAL_INJECTIONS = Stance(
    ref.NG59_DO_NOT_OFFER,
    Position.ADVISES_AGAINST,
    "non-specific low back pain",
    "Do not offer spinal injections for managing low back pain",
)

TRIGGER_POINT_INJECTION = Option(
    id=OptionId.TRIGGER_POINT_INJECTION,
    name="Trigger point injection",
    category=Category.INJECTION,
    role=Role.PAIN_MANAGEMENT,
    indications=(
        "Myofascial pain with active trigger points: a taut band, a hypersensitive spot and referred pain "
        "that the patient recognises",
    ),
    contraindications=(),
    cautions=("Low bleeding-risk procedure (ASRA 2018)",),
    evidence=(
        Evidence(
            "Systematic review (15 RCTs): safe in trained hands, but no clear evidence of either benefit or "
            "ineffectiveness; results were similar whatever was injected",
            ref.TPI_REVIEW_2009,
            (("trials", 15),),
        ),
        Evidence(
            "Delphi consensus: a trigger point needs a taut band, a hypersensitive spot and referred pain; its "
            "referred sensations can be tingling or burning",
            FERNANDEZ_DE_LAS_PENAS_2018,
        ),
    ),
    stances=(
        Stance(
            ref.NG59_DO_NOT_OFFER,
            Position.ADVISES_AGAINST,
            "non-specific low back pain",
            "NHS commissioning documents citing NG59 list trigger point injections among the spinal "
            "injections not to offer for non-specific low back pain",
        ),
    ),
    mechanisms=frozenset({"muscle", "mixed"}),
    procedures=(ProcedureKind.TRIGGER_POINT_INJECTION,),
    prior_kinds=(TreatmentKind.TRIGGER_POINT_INJECTION,),
)

EPIDURAL_STEROID_INJECTION = Option(
    id=OptionId.EPIDURAL_STEROID_INJECTION,
    name="Epidural steroid injection (transforaminal, interlaminar or caudal)",
    category=Category.INJECTION,
    role=Role.PAIN_MANAGEMENT,
    indications=("Radicular (sciatica-type) leg pain",),
    contraindications=(),
    cautions=(
        "FDA warning (2014): rare but serious neurological events, including loss of vision, stroke, "
        "paralysis and death; epidural use of corticosteroids is not FDA-approved",
        "Multisociety safeguards (Rathmell 2015): image guidance with contrast; a non-particulate steroid "
        "(dexamethasone) is commonly advised for lumbar transforaminal injections",
        "Intermediate bleeding-risk procedure for transforaminal and interlaminar routes (ASRA 2018)",
        "No agreed limit on the number of injections; reassess before each repeat",
    ),
    evidence=(
        Evidence(
            "Post-surgery syndrome RCT (140 patients, caudal route, no placebo arm): success (at least 50% "
            "better pain and ODI) 53% and 47% with lidocaine alone vs 59% and 58% with lidocaine plus "
            "6 mg betamethasone at 12 and 24 months",
            ref.MANCHIKANTI_2012,
            (
                ("patients", 140),
                ("success_12mo_lidocaine", 53),
                ("success_24mo_lidocaine", 47),
                ("success_12mo_steroid", 59),
                ("success_24mo_steroid", 58),
            ),
        ),
    ),
    stances=(
        Stance(
            ref.NG59_EPIDURALS,
            Position.CONSIDER,
            "acute and severe sciatica",
            "Consider an epidural injection of local anaesthetic and steroid",
        ),
        NG59_NO_SPINAL_INJECTIONS,
    ),
    mechanisms=frozenset({"nerve", "mixed"}),
    procedures=(ProcedureKind.ESI_TRANSFORAMINAL, ProcedureKind.ESI_INTERLAMINAR, ProcedureKind.ESI_CAUDAL),
    prior_kinds=(TreatmentKind.EPIDURAL_STEROID_INJECTION,),
)

SPINAL_CORD_STIMULATION = Option(
    id=OptionId.SPINAL_CORD_STIMULATION,
    name="Spinal cord stimulation (trial, then implant)",
    category=Category.NEUROMODULATION,
    role=Role.PAIN_MANAGEMENT,
    indications=(
        "Neuropathic pain of at least 50/100 for at least 6 months despite conventional medical management, "
        "after assessment by a multidisciplinary team experienced in SCS (NICE TA159)",
        "Strongest evidence: predominant radicular leg pain with no cause needing surgery",
    ),
    contraindications=(
        "Inability to control the device",
        "Nerve compression amenable to surgery with a serious neurological deficit, or gross instability at "
        "risk of progression (surgery first)",
        "Coagulopathy, immunosuppression or other unacceptable surgical risk",
        "Need for therapeutic diathermy",
        "Ischaemic pain, except in research (NICE TA159)",
    ),
    cautions=(
        "Relative contraindications (Practice Parameters): unresolved major psychiatric comorbidity, "
        "unresolved secondary gain, active untreated substance misuse, inconsistent history and findings, "
        "predominant non-organic signs, untried alternatives of comparable risk and benefit, pregnancy, "
        "occupational risk, infection, demand pacemaker or implanted defibrillator, foreseeable need for MRI, "
        "major comorbid chronic pain syndrome, anticoagulant or antiplatelet therapy",
        "High bleeding-risk procedure, trial and implant alike (ASRA 2018)",
        "After implant: MRI only under the device's conditions; no diathermy anywhere on the body",
    ),
    evidence=(
        Evidence(
            "PROCESS (100 patients, predominant radicular leg pain after back surgery): at least 50% leg-pain "
            "relief in 48% (24/50) with SCS vs 9% (4/44) with conventional medical management at 6 months",
            PROCESS_2007,
            (
                ("scs_percent", 48),
                ("cmm_percent", 9),
                ("scs_responders", 24),
                ("scs_n", 50),
                ("cmm_responders", 4),
                ("cmm_n", 44),
            ),
        ),
        Evidence(
            "PROCESS at 12 months (as reported by NICE): 34% vs 7%; opioid use did not differ (56% vs 70%)",
            NICE_TA159,
            (("scs_percent", 34), ("cmm_percent", 7)),
        ),
        Evidence(
            "PROCESS at 24 months: more than 50% leg-pain relief in 37% (17) with SCS vs 2% (1) as randomised; "
            "31% (13/42) of those still on SCS needed device-related surgical revision",
            ref.PROCESS_2008,
            (("scs_percent", 37), ("cmm_percent", 2), ("revision_percent", 31)),
        ),
        Evidence(
            "North 2005 (50 patients selected for reoperation): success 9/19 with SCS vs 3/26 with reoperation; "
            "fewer crossed over from SCS (5/24 vs 14/26)",
            ref.NORTH_2005,
            (("scs_success", 9), ("scs_n", 19), ("reoperation_success", 3), ("reoperation_n", 26)),
        ),
        Evidence(
            "SENZA-RCT (back and leg pain, 10 kHz vs traditional SCS): responders at 3 months for back pain "
            "84.5% vs 43.8% and leg pain 83.1% vs 55.5%",
            ref.SENZA_2015,
            (
                ("back_10khz", 84.5),
                ("back_traditional", 43.8),
                ("leg_10khz", 83.1),
                ("leg_traditional", 55.5),
            ),
        ),
        Evidence(
            "PROMISE (218 patients, predominant back pain after surgery): at least 50% back-pain reduction at "
            "6 months in 13.6% (15/110) with SCS plus medical management vs 4.6% (5/108) with medical "
            "management alone; 11.8% needed surgical reintervention",
            PROMISE_2019,
            (("scs_percent", 13.6), ("omm_percent", 4.6), ("reintervention_percent", 11.8)),
        ),
        Evidence(
            "Cochrane 2023 (13 studies, 699 participants, low back pain with or without leg pain): SCS probably "
            "has little to no sustained benefit over placebo; critics note the exclusion of SCS-vs-reoperation "
            "and waveform trials",
            ref.COCHRANE_SCS_2023,
            (("studies", 13), ("participants", 699)),
        ),
        Evidence(
            "TRIAL-STIM (105 patients): a screening trial did not improve 6-month pain (NRS 7.47 to 4.28 with a "
            "trial vs 7.54 to 4.49 without); the trial's sensitivity was 100% but its specificity 8%",
            ref.TRIAL_STIM_2020,
            (("sensitivity_percent", 100), ("specificity_percent", 8), ("patients", 105)),
        ),
    ),
    stances=(
        Stance(
            NICE_TA159,
            Position.RECOMMENDS,
            "chronic neuropathic pain",
            "An option for pain of at least 50 mm on a 0-100 mm VAS for at least 6 months despite appropriate "
            "conventional medical management, after a successful trial and assessment by an experienced "
            "multidisciplinary team",
        ),
        Stance(
            NICE_TA159,
            Position.ADVISES_AGAINST,
            "ischaemic pain",
            "Not recommended for ischaemic pain except in the context of research",
        ),
        Stance(
            ref.NICE_MTG41,
            Position.CONSIDER,
            "chronic neuropathic pain after back surgery",
            "The 10 kHz system is at least as effective as low-frequency SCS, without paraesthesia",
        ),
        Stance(
            PRACTICE_PARAMETERS_2006,
            Position.RECOMMENDS,
            "chronic neuropathic pain",
            "A successful trial (at least 50% relief with stable or reduced analgesics) before implant; "
            "psychological assessment before implantation",
        ),
    ),
    mechanisms=frozenset({"nerve", "mixed"}),
    procedures=(ProcedureKind.SCS_TRIAL, ProcedureKind.SCS_IMPLANT),
    prior_kinds=(TreatmentKind.SPINAL_CORD_STIMULATION,),
)

PROCEDURE_OPTIONS = (TRIGGER_POINT_INJECTION, EPIDURAL_STEROID_INJECTION, SPINAL_CORD_STIMULATION)
