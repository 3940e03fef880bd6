"""Catalogue entries: exercise, psychological and rehabilitation care, manual and complementary therapies,
and referral to a spine surgeon."""

from __future__ import annotations

from fbss.clinical.case import TreatmentKind
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.catalogue.model import Category, Evidence, Option, OptionId, Position, Stance
from fbss.clinical.planning.roles import Role
from fbss.clinical.sources import PRACTICE_PARAMETERS_2006, TRONNIER_2019, WADDELL_1979

CHRONIC_LBP = "chronic low back pain"
LBP_WITH_OR_WITHOUT_SCIATICA = "low back pain with or without sciatica"

PHYSICAL_THERAPY = Option(
    id=OptionId.PHYSICAL_THERAPY,
    name="Physical therapy and exercise",
    category=Category.EXERCISE,
    role=Role.PHYSICAL_THERAPY,
    indications=("Everyone with persistent pain after spine surgery, fitted to needs and capabilities",),
    contraindications=(),
    cautions=("After disc surgery the trials started exercise 4-6 weeks after the operation",),
    evidence=(
        Evidence(
            "Rehabilitation after disc surgery (22 RCTs, 2503 people): exercise starting 4-6 weeks after "
            "surgery reduced pain and disability faster than no treatment, without more reoperations "
            "(low to very low quality evidence)",
            ref.OOSTERHUIS_2014,
            (("trials", 22), ("participants", 2503), ("start_weeks_min", 4), ("start_weeks_max", 6)),
        ),
    ),
    stances=(
        Stance(
            ref.NG59_NON_DRUG,
            Position.CONSIDER,
            LBP_WITH_OR_WITHOUT_SCIATICA,
            "Consider a group exercise programme (biomechanical, aerobic, mind-body or a mix)",
        ),
        Stance(ref.ACP_2017, Position.RECOMMENDS, CHRONIC_LBP, "Exercise is a first-line treatment"),
    ),
    prior_kinds=(TreatmentKind.PHYSICAL_THERAPY,),
)

PAIN_PSYCHOLOGY = Option(
    id=OptionId.PAIN_PSYCHOLOGY,
    name="Pain psychology (cognitive behavioural therapy and related approaches)",
    category=Category.PSYCHOLOGICAL,
    role=Role.PAIN_PSYCHOLOGY,
    indications=(
        "Persistent pain, alongside exercise",
        "Psychological or social obstacles to recovery (distress, unhelpful coping, low activity)",
    ),
    contraindications=(),
    cautions=(),
    evidence=(),
    stances=(
        Stance(
            ref.NG59_NON_DRUG,
            Position.PACKAGE_ONLY,
            LBP_WITH_OR_WITHOUT_SCIATICA,
            "Consider a cognitive behavioural approach only as part of a package that includes exercise",
        ),
        Stance(
            ref.ACP_2017,
            Position.RECOMMENDS,
            CHRONIC_LBP,
            "Cognitive behavioural therapy and operant therapy are first-line options",
        ),
    ),
    prior_kinds=(TreatmentKind.PAIN_PSYCHOLOGY,),
)

MULTIDISCIPLINARY_REHABILITATION = Option(
    id=OptionId.MULTIDISCIPLINARY_REHABILITATION,
    name="Multidisciplinary biopsychosocial rehabilitation",
    category=Category.REHABILITATION,
    role=Role.PAIN_MANAGEMENT,
    indications=(
        "Earlier treatment has not helped",
        "Psychological or social obstacles to recovery",
    ),
    contraindications=(),
    cautions=(
        "Needs a physical component plus a psychological and/or social-work one, from two or more professions",
    ),
    evidence=(
        Evidence(
            "Cochrane review (41 trials, 6858 people): against usual care, slightly less pain (SMD 0.21, about "
            "0.5 on a 0-10 scale) and disability (SMD 0.23, about 1.5 RMDQ points), moderate quality; against "
            "physical treatment SMD 0.51 for pain and 0.68 for disability, low quality",
            ref.KAMPER_2015,
            (
                ("trials", 41),
                ("participants", 6858),
                ("smd_pain_vs_usual_care", 0.21),
                ("smd_disability_vs_usual_care", 0.23),
                ("smd_pain_vs_physical", 0.51),
                ("smd_disability_vs_physical", 0.68),
            ),
        ),
    ),
    stances=(
        Stance(
            ref.NG59_NON_DRUG,
            Position.CONSIDER,
            LBP_WITH_OR_WITHOUT_SCIATICA,
            "Consider a combined physical and psychological programme, preferably in a group, when earlier "
            "treatment has not helped or there are psychological or social obstacles to recovery",
        ),
    ),
    prior_kinds=(TreatmentKind.MULTIDISCIPLINARY_REHABILITATION,),
)

MASSAGE = Option(
    id=OptionId.MASSAGE,
    name="Massage therapy",
    category=Category.MANUAL,
    role=Role.COMPLEMENTARY_THERAPY,
    indications=("As part of a treatment package that includes exercise",),
    contraindications=(),
    cautions=("Not on its own: NICE NG59 places manual therapy only within an exercise package",),
    evidence=(),
    stances=(
        Stance(
            ref.NG59_NON_DRUG,
            Position.PACKAGE_ONLY,
            LBP_WITH_OR_WITHOUT_SCIATICA,
            "Consider manual therapy (including soft-tissue techniques such as massage) only as part of a "
            "package that includes exercise",
        ),
        Stance(
            ref.ACP_2017,
            Position.OPTION,
            "acute or subacute low back pain",
            "Massage is an option for acute or subacute low back pain (low-quality evidence); it is not "
            "among the listed options for chronic low back pain",
        ),
    ),
    prior_kinds=(TreatmentKind.MASSAGE,),
)

SPINAL_MANIPULATION = Option(
    id=OptionId.SPINAL_MANIPULATION,
    name="Chiropractic care / spinal manipulation",
    category=Category.MANUAL,
    role=Role.COMPLEMENTARY_THERAPY,
    indications=("As part of a treatment package that includes exercise",),
    contraindications=(),
    cautions=(
        "No source held here addresses manipulation of an operated or instrumented segment: the treating "
        "surgeon's view should be sought",
    ),
    evidence=(
        Evidence(
            "Systematic review (47 RCTs, 9211 people): effects similar to other recommended therapies for "
            "chronic low back pain (moderate quality)",
            ref.RUBINSTEIN_2019,
            (("trials", 47), ("participants", 9211)),
        ),
    ),
    stances=(
        Stance(
            ref.NG59_NON_DRUG,
            Position.PACKAGE_ONLY,
            LBP_WITH_OR_WITHOUT_SCIATICA,
            "Consider spinal manipulation or mobilisation only as part of a package that includes exercise",
        ),
        Stance(ref.ACP_2017, Position.OPTION, CHRONIC_LBP, "Spinal manipulation is an option"),
    ),
    prior_kinds=(TreatmentKind.CHIROPRACTIC,),
)

ACUPUNCTURE = Option(
    id=OptionId.ACUPUNCTURE,
    name="Acupuncture",
    category=Category.COMPLEMENTARY,
    role=Role.COMPLEMENTARY_THERAPY,
    indications=("Chronic low back pain, where the clinician follows ACP 2017 rather than NICE NG59",),
    contraindications=(),
    cautions=("Guidelines disagree: NICE NG59 advises against it; ACP 2017 lists it",),
    evidence=(
        Evidence(
            "Cochrane review (33 RCTs, 8270 people): may relieve pain more than sham only in the immediate "
            "term (up to 7 days)",
            ref.MU_2020,
            (("trials", 33), ("participants", 8270), ("benefit_days_max", 7)),
        ),
    ),
    stances=(
        Stance(
            ref.NG59_NON_DRUG,
            Position.ADVISES_AGAINST,
            LBP_WITH_OR_WITHOUT_SCIATICA,
            "Do not offer acupuncture for managing low back pain with or without sciatica",
        ),
        Stance(
            ref.ACP_2017, Position.RECOMMENDS, CHRONIC_LBP, "Acupuncture is listed as a first-line option"
        ),
    ),
    prior_kinds=(TreatmentKind.ACUPUNCTURE,),
)

SURGICAL_REFERRAL = Option(
    id=OptionId.SURGICAL_REFERRAL,
    name="Referral to a spine surgeon",
    category=Category.SURGICAL,
    role=Role.SPINE_SURGERY,
    indications=(
        "A structural cause amenable to surgery: recurrent or residual disc, spinal or foraminal stenosis, "
        "instability, pseudarthrosis, hardware failure, adjacent segment disease",
        "Surgically amenable nerve compression with a serious neurological deficit, or gross instability at "
        "risk of progression: surgery comes before spinal cord stimulation",
    ),
    contraindications=(),
    cautions=("Results of repeat surgery fall with each further operation",),
    evidence=(
        Evidence(
            "Repeat surgery in 103 patients: 40% of second operations succeeded; later operations did "
            "progressively worse. Better results after more than 6 months' relief from the first operation, "
            "when leg pain outweighed back pain, and with a definite recurrent disc herniation",
            WADDELL_1979,
            (("patients", 103), ("second_operation_success_percent", 40), ("relief_months_min", 6)),
        ),
        Evidence(
            "In patients already selected for reoperation, SCS succeeded more often than reoperation "
            "(9/19 vs 3/26; NICE reports 39% vs 12%) and fewer crossed over (5/24 vs 14/26)",
            ref.NORTH_2005,
            (("scs_success", 9), ("scs_n", 19), ("reoperation_success", 3), ("reoperation_n", 26)),
        ),
    ),
    stances=(
        Stance(
            TRONNIER_2019,
            Position.CONSIDER,
            "persisting pain after spine surgery",
            "Reoperation may be considered for recurrent disc, spinal or foraminal stenosis, or instability",
        ),
        Stance(
            PRACTICE_PARAMETERS_2006,
            Position.RECOMMENDS,
            "candidates for spinal cord stimulation",
            "Surgically amenable compression with a serious neurological deficit, or gross instability at "
            "risk of progression, is an absolute contraindication to SCS: surgery first",
        ),
        Stance(
            ref.NG59_DO_NOT_OFFER,
            Position.ADVISES_AGAINST,
            "non-specific low back pain",
            "Do not offer spinal fusion for low back pain except as part of a randomised controlled trial",
        ),
    ),
    prior_kinds=(TreatmentKind.SURGERY,),
    elective=False,
)

CARE_OPTIONS = (
    PHYSICAL_THERAPY,
    PAIN_PSYCHOLOGY,
    MULTIDISCIPLINARY_REHABILITATION,
    MASSAGE,
    SPINAL_MANIPULATION,
    ACUPUNCTURE,
    SURGICAL_REFERRAL,
)
