"""Catalogue entries: non-opioid adjuvant medicines."""

from __future__ import annotations

from fbss.clinical.case import TreatmentKind
from fbss.clinical.planning import references as ref
from fbss.clinical.planning.catalogue.model import Category, Evidence, Option, OptionId, Position, Stance
from fbss.clinical.planning.roles import Role
from fbss.clinical.sources import NICE_CG173

NEUROPATHIC = frozenset({"nerve", "mixed"})
NOCICEPTIVE_OR_MIXED = frozenset({"muscle", "mixed"})
NEUROPATHIC_PAIN = "neuropathic pain (non-specialist settings)"
SCIATICA = "sciatica"
LOW_BACK_PAIN = "low back pain without sciatica"

CG173_FIRST_LINE = Stance(
    NICE_CG173,
    Position.RECOMMENDS,
    NEUROPATHIC_PAIN,
    "Offer a choice of amitriptyline, duloxetine, gabapentin or pregabalin as initial treatment; if it is not "
    "effective or not tolerated, offer one of the remaining three",
)
NG59_NO_ANTIEPILEPTICS_FOR_SCIATICA = Stance(
    ref.NG59_SCIATICA_DRUGS,
    Position.ADVISES_AGAINST,
    SCIATICA,
    "Do not offer gabapentinoids, other antiepileptics, oral corticosteroids or benzodiazepines for managing "
    "sciatica; for people already taking them, explain the risks of continuing and, if stopping is agreed, "
    "the problems of withdrawal",
)
NG59_NO_ANTICONVULSANTS_FOR_LBP = Stance(
    ref.NG59_LBP_DRUGS,
    Position.ADVISES_AGAINST,
    LOW_BACK_PAIN,
    "Do not offer anticonvulsants for managing low back pain",
)
NG59_NO_ANTIDEPRESSANTS_FOR_LBP = Stance(
    ref.NG59_LBP_DRUGS,
    Position.ADVISES_AGAINST,
    LOW_BACK_PAIN,
    "Do not offer SSRIs, SNRIs or tricyclic antidepressants for managing low back pain",
)
NG59_SILENT_ON_ANTIDEPRESSANTS_FOR_SCIATICA = Stance(
    ref.NG59_RATIONALE,
    Position.NO_RECOMMENDATION,
    SCIATICA,
    "No recommendation for or against antidepressants for sciatica (no evidence; a research recommendation "
    "was made)",
)
PRECISE = Evidence(
    "PRECISE (209 people with sciatica of 1 week to 1 year; not a post-surgical trial): pregabalin was no better "
    "than placebo. Leg pain 3.7 vs 3.1 at 8 weeks (adjusted mean difference 0.5, 95% CI -0.2 to 1.2) and 3.4 vs "
    "3.0 at 52 weeks (0.3, -0.5 to 1.0); 227 vs 124 adverse events",
    ref.PRECISE_2017,
    (
        ("randomised", 209),
        ("leg_pain_8wk_pregabalin", 3.7),
        ("leg_pain_8wk_placebo", 3.1),
        ("leg_pain_52wk_pregabalin", 3.4),
        ("leg_pain_52wk_placebo", 3.0),
        ("adverse_events_pregabalin", 227),
        ("adverse_events_placebo", 124),
    ),
)
GABAPENTINOID_CAUTIONS = (
    "With opioids or other CNS depressants: risk of serious breathing problems (FDA 2019)",
    "Age 65 or over: avoid with an opioid; reduce the dose if CrCl is below 60 mL/min (Beers 2023)",
    "Taper over at least a week when stopping",
)

GABAPENTIN = Option(
    id=OptionId.GABAPENTIN,
    name="Gabapentin",
    category=Category.MEDICATION,
    role=Role.PRIMARY_CARE,
    indications=("Neuropathic pain: one of the four first-line choices of NICE CG173",),
    contraindications=(),
    cautions=("Renal bands from the Neurontin label, Table 1", *GABAPENTINOID_CAUTIONS),
    evidence=(),
    stances=(CG173_FIRST_LINE, NG59_NO_ANTIEPILEPTICS_FOR_SCIATICA, NG59_NO_ANTICONVULSANTS_FOR_LBP),
    mechanisms=NEUROPATHIC,
    ingredients=("gabapentin",),
    prior_kinds=(TreatmentKind.MEDICATION,),
)

PREGABALIN = Option(
    id=OptionId.PREGABALIN,
    name="Pregabalin",
    category=Category.MEDICATION,
    role=Role.PRIMARY_CARE,
    indications=("Neuropathic pain: one of the four first-line choices of NICE CG173",),
    contraindications=(),
    cautions=(
        "Renal bands are from secondary sources (unconfirmed against the Lyrica label)",
        *GABAPENTINOID_CAUTIONS,
    ),
    evidence=(PRECISE,),
    stances=(CG173_FIRST_LINE, NG59_NO_ANTIEPILEPTICS_FOR_SCIATICA, NG59_NO_ANTICONVULSANTS_FOR_LBP),
    mechanisms=NEUROPATHIC,
    ingredients=("pregabalin",),
    prior_kinds=(TreatmentKind.MEDICATION,),
)

DULOXETINE = Option(
    id=OptionId.DULOXETINE,
    name="Duloxetine",
    category=Category.MEDICATION,
    role=Role.PRIMARY_CARE,
    indications=(
        "Neuropathic pain: one of the four first-line choices of NICE CG173",
        "Chronic low back pain: second line after NSAIDs in ACP 2017 (NICE NG59 disagrees)",
    ),
    contraindications=(
        "Creatinine clearance below 30 mL/min (avoid)",
        "Hepatic insufficiency, chronic liver disease or substantial alcohol use (avoid)",
        "A monoamine oxidase inhibitor",
    ),
    cautions=(
        "Serotonergic combinations: a tricyclic antidepressant or tramadol",
        "Boxed warning on suicidality in young people",
        "Taper when stopping",
    ),
    evidence=(),
    stances=(
        CG173_FIRST_LINE,
        Stance(
            ref.ACP_2017, Position.OPTION, "chronic low back pain", "Duloxetine is a second-line drug option"
        ),
        NG59_NO_ANTIDEPRESSANTS_FOR_LBP,
        NG59_SILENT_ON_ANTIDEPRESSANTS_FOR_SCIATICA,
    ),
    ingredients=("duloxetine",),
    prior_kinds=(TreatmentKind.MEDICATION,),
)

TRICYCLIC = Option(
    id=OptionId.TRICYCLIC,
    name="Amitriptyline or nortriptyline",
    category=Category.MEDICATION,
    role=Role.PRIMARY_CARE,
    indications=(
        "Neuropathic pain: amitriptyline is one of the four first-line choices of NICE CG173 (off-label)",
    ),
    contraindications=("A monoamine oxidase inhibitor",),
    cautions=(
        "Age 65 or over: avoid tertiary tricyclics such as amitriptyline (Beers 2023: anticholinergic, "
        "sedating, orthostatic hypotension)",
        "Serotonergic combinations: duloxetine or tramadol",
        "Typical start 10 mg at night (5 mg if older or frail), titrated to 25-50 mg (secondary source)",
    ),
    evidence=(),
    stances=(
        CG173_FIRST_LINE,
        NG59_NO_ANTIDEPRESSANTS_FOR_LBP,
        NG59_SILENT_ON_ANTIDEPRESSANTS_FOR_SCIATICA,
        Stance(
            ref.BEERS_2023,
            Position.ADVISES_AGAINST,
            "adults aged 65 or over",
            "Avoid tertiary tricyclic antidepressants such as amitriptyline: strongly anticholinergic, sedating, "
            "cause orthostatic hypotension",
        ),
    ),
    mechanisms=NEUROPATHIC,
    ingredients=("amitriptyline", "nortriptyline"),
    prior_kinds=(TreatmentKind.MEDICATION,),
)

NSAID = Option(
    id=OptionId.NSAID,
    name="Oral NSAIDs",
    category=Category.MEDICATION,
    role=Role.PRIMARY_CARE,
    indications=("Low back pain (nociceptive or mixed), at the lowest effective dose for the shortest time",),
    contraindications=(
        "Creatinine clearance below 30 mL/min in people aged 65 or over (Beers 2023)",
        "Pain after coronary artery bypass surgery (FDA boxed warning)",
    ),
    cautions=(
        "Heart attack and stroke risk from the first weeks, rising with dose and duration, with or without heart "
        "disease (FDA 2015)",
        "Gastrointestinal bleeding without warning, more in older people; gastroprotection with age over 75, a "
        "previous ulcer, antithrombotics, corticosteroids or SSRIs",
        "Kidney risk, especially with an ACE inhibitor or ARB plus a diuretic",
        "Held before high-risk pain procedures (ASRA 2018)",
    ),
    evidence=(),
    stances=(
        Stance(
            ref.NG59_LBP_DRUGS,
            Position.CONSIDER,
            LOW_BACK_PAIN,
            "Consider oral NSAIDs at the lowest effective dose for the shortest possible time, after assessing "
            "gastrointestinal, liver and cardio-renal risk",
        ),
        Stance(
            ref.ACP_2017,
            Position.RECOMMENDS,
            "chronic low back pain",
            "If a drug is chosen, NSAIDs are first line",
        ),
        Stance(
            ref.NG59_SCIATICA_DRUGS,
            Position.CAUTION,
            SCIATICA,
            "Limited evidence of benefit and a risk of harm for sciatica; if used, lowest dose for the "
            "shortest time",
        ),
    ),
    mechanisms=NOCICEPTIVE_OR_MIXED,
    prior_kinds=(TreatmentKind.MEDICATION,),
)

TOPICAL = Option(
    id=OptionId.TOPICAL,
    name="Topical agents (capsaicin cream; lidocaine plaster)",
    category=Category.MEDICATION,
    role=Role.PRIMARY_CARE,
    indications=("Localised neuropathic pain (capsaicin cream, NICE CG173)",),
    contraindications=(),
    cautions=(
        "Lidocaine plaster and topical NSAIDs: no verified guideline source is held here for this use",
    ),
    evidence=(),
    stances=(
        Stance(
            NICE_CG173,
            Position.CONSIDER,
            "localised neuropathic pain",
            "Capsaicin cream for people with localised neuropathic pain",
        ),
    ),
    mechanisms=NEUROPATHIC,
    ingredients=("capsaicin", "lidocaine"),
    prior_kinds=(TreatmentKind.MEDICATION,),
)

MEDICINE_OPTIONS = (GABAPENTIN, PREGABALIN, DULOXETINE, TRICYCLIC, NSAID, TOPICAL)
