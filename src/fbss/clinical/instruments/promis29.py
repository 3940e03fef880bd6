"""PROMIS-29 Profile v2.1: seven domains of four items (scored 1-5) and one 0-10 pain-intensity item.

Only raw sums per domain are computed (4-20). T-scores need the HealthMeasures conversion tables, which are
licensed and not shipped. Item text is \u00a9 PROMIS Health Organization: stored by PROMIS item id with our own
short labels. Each answer is the item score printed on the official form (1-5), so higher always means
more of what the domain measures; items marked reverse_scored print their scores opposite to the order of
the wording (e.g. sleep quality "very poor" = 5).
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Instrument, Item, Score, given, unanswered
from fbss.clinical.sources import Source, Verification

HEALTHMEASURES_PROFILES = Source(
    "promis-profiles-guide",
    "HealthMeasures. PROMIS Adult Profile Instruments: a brief guide to the PROMIS-29, -43 and -57 Profiles "
    "(scoring manual). Raw score = sum of the item scores of a domain; T-scores from the conversion tables",
    url="https://www.healthmeasures.net/",
)
NINDS_CDE_PROMIS = Source(
    "promis-ninds-cde",
    "NINDS Common Data Elements: PROMIS-29 Profile v2.1. No licensing or royalty fees for English and Spanish "
    "in research, clinical practice or education; permission needed for commercial use or integration into "
    "proprietary technology",
    url="https://www.commondataelements.ninds.nih.gov/",
)
MII_PRO_PROMIS29 = Source(
    "promis29-loinc-mii",
    "LOINC codes of the PROMIS-29 v2.1 items as used by the German Medical Informatics Initiative PRO module "
    "(Questionnaire mii-qst-pro-promis-29, Simplifier mii-pro-v2026)",
    url="https://simplifier.net/guide/mii-pro-v2026-de",
    verification=Verification.SECONDARY,
    note="That module codes SRPPER23 unreversed (never = 1); the official form scores all four social-role "
    "items never = 5",
)

PHYSICAL_FUNCTION = "physical_function"
ANXIETY = "anxiety"
DEPRESSION = "depression"
FATIGUE = "fatigue"
SLEEP_DISTURBANCE = "sleep_disturbance"
SOCIAL_ROLES = "social_roles"
PAIN_INTERFERENCE = "pain_interference"
PAIN_INTENSITY = "pain_intensity"
GLOBAL07 = "global07"


def _item(item_id: str, label: str, loinc: str, reverse: bool = False) -> Item:
    return Item(item_id, label, 1, 5, loinc=loinc, reverse_scored=reverse)


DOMAIN_ITEMS: dict[str, tuple[Item, ...]] = {
    PHYSICAL_FUNCTION: (
        _item("pfa11", "Physical function: household chores", "61597-1"),
        _item("pfa21", "Physical function: stairs", "61607-8"),
        _item("pfa23", "Physical function: 15-minute walk", "61609-4"),
        _item("pfa53", "Physical function: errands and shopping", "61635-9"),
    ),
    ANXIETY: (
        _item("edanx01", "Anxiety: fearful", "61923-9"),
        _item("edanx40", "Anxiety: hard to focus beyond it", "61941-1"),
        _item("edanx41", "Anxiety: overwhelmed by worries", "61942-9"),
        _item("edanx53", "Anxiety: uneasy", "61949-4"),
    ),
    DEPRESSION: (
        _item("eddep04", "Depression: worthless", "61953-6"),
        _item("eddep06", "Depression: helpless", "61955-1"),
        _item("eddep29", "Depression: depressed", "61967-6"),
        _item("eddep41", "Depression: hopeless", "61973-4"),
    ),
    FATIGUE: (
        _item("hi7", "Fatigue: fatigued", "61878-5"),
        _item("an3", "Fatigue: trouble starting things", "61882-7"),
        _item("fatexp41", "Fatigue: run-down on average", "61863-7"),
        _item("fatexp40", "Fatigue: how fatigued on average", "61864-5"),
    ),
    SLEEP_DISTURBANCE: (
        _item("sleep109", "Sleep: quality", "61987-4", reverse=True),
        _item("sleep116", "Sleep: refreshing", "61986-6", reverse=True),
        _item("sleep20", "Sleep: problems", "61998-1"),
        _item("sleep44", "Sleep: difficulty falling asleep", "61999-9"),
    ),
    SOCIAL_ROLES: (
        _item("srpper11_caps", "Social roles: leisure with others", "75417-6", reverse=True),
        _item("srpper18_caps", "Social roles: family activities", "76708-7", reverse=True),
        _item("srpper23_caps", "Social roles: usual work incl. at home", "76709-5", reverse=True),
        _item("srpper46_caps", "Social roles: activities with friends", "76712-9", reverse=True),
    ),
    PAIN_INTERFERENCE: (
        _item("painin9", "Pain interference: day-to-day activities", "61758-9"),
        _item("painin22", "Pain interference: work around the home", "61769-6"),
        _item("painin31", "Pain interference: social activities", "61773-8"),
        _item("painin34", "Pain interference: household chores", "61775-3"),
    ),
}
PAIN_INTENSITY_ITEM = Item(GLOBAL07, "Pain intensity, 0-10", 0, 10, loinc="61583-1")
DOMAINS: dict[str, tuple[str, ...]] = {
    domain: tuple(item.id for item in items) for domain, items in DOMAIN_ITEMS.items()
}
ITEMS = (*(item for items in DOMAIN_ITEMS.values() for item in items), PAIN_INTENSITY_ITEM)
ALL_IDS = tuple(item.id for item in ITEMS)

RAW_ONLY_NOTE = (
    "Raw sums per domain (4-20; pain intensity 0-10). T-scores need the licensed HealthMeasures conversion "
    "tables and are not computed"
)


def score_promis29(answers: Answers) -> Score:
    """Raw sum of each fully answered domain plus the pain-intensity rating; no total, no proration."""
    values = given(answers)
    raw: dict[str, float] = {}
    for domain, ids in DOMAINS.items():
        if all(item_id in values for item_id in ids):
            raw[domain] = sum(values[item_id] for item_id in ids)
    if GLOBAL07 in values:
        raw[PAIN_INTENSITY] = values[GLOBAL07]
    missing = unanswered(values, ALL_IDS)
    return Score(
        instrument="promis29",
        total=None,
        minimum=4,
        maximum=20,
        subscales=raw,
        answered=len(ALL_IDS) - len(missing),
        missing_items=missing,
        note=RAW_ONLY_NOTE,
    )


INSTRUMENT = Instrument(
    id="promis29",
    name="PROMIS-29 Profile v2.1",
    items=ITEMS,
    scorer=score_promis29,
    sources=(HEALTHMEASURES_PROFILES, NINDS_CDE_PROMIS, MII_PRO_PROMIS29),
    recall="past 7 days; physical function has no time frame",
    licence="No fees for English and Spanish in research, clinical practice or education; permission needed "
    "for commercial use or integration into proprietary technology (NINDS CDE). Item text \u00a9 PROMIS Health "
    "Organization: stored by item id only",
    has_total=False,
    subscale_names=(*DOMAINS, PAIN_INTENSITY),
    higher_is_better_subscales=frozenset({PHYSICAL_FUNCTION, SOCIAL_ROLES}),
    mcid_note="No verified MCID for PROMIS-29 domains (and MCIDs are stated on the T-score scale, which is "
    "not computed here)",
    note=RAW_ONLY_NOTE,
)
