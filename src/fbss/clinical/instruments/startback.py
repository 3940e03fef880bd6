"""Keele STarT Back Screening Tool (9 items): low / medium / high risk of a poor outcome.

Validated in primary-care low back pain only; Keele does not recommend it for other conditions, so after
spinal surgery it is off-label and every score says so. Stored by item number with our own short labels.
Items 1-8: agree = 1, disagree = 0. Item 9 (bothersomeness): 0 not at all, 1 slightly, 2 moderately,
3 very much, 4 extremely; "very much" and "extremely" score 1.
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Instrument, Item, Score, given, unanswered
from fbss.clinical.sources import Source

KEELE_SCORING = Source(
    "startback-keele",
    "Keele University. STarT Back Screening Tool: using and scoring. Total 0-9 and distress subscale "
    "(items 5-9) 0-5: low risk total 0-3; medium total 4 or more with subscale 3 or less; high subscale 4-5. "
    "Validated in primary-care low back pain; not recommended by Keele for other conditions",
    url="https://www.keele.ac.uk/sbst/startbacktool/usingandscoring/",
)
HILL_2008 = Source(
    "startback-hill-2008",
    "Hill JC, Dunn KM, Lewis M, et al. A primary care back pain screening tool: identifying patient subgroups "
    "for initial treatment. Arthritis Rheum 2008;59(5):632-641",
    doi="10.1002/art.23563",
)

AGREE_IDS = ("1", "2", "3", "4", "5", "6", "7", "8")
DISTRESS_AGREE_IDS = ("5", "6", "7", "8")
BOTHERSOME = "9"
ITEM_IDS = (*AGREE_IDS, BOTHERSOME)
VERY_MUCH = 3  # item 9 answers "very much" (3) and "extremely" (4) score 1

LOW_TOTAL_MAX = 3
MEDIUM_DISTRESS_MAX = 3

ITEMS = (
    Item("1", "Pain spread down the leg(s)"),
    Item("2", "Shoulder or neck pain"),
    Item("3", "Walked only short distances"),
    Item("4", "Dressed more slowly"),
    Item("5", "Fear: activity not safe"),
    Item("6", "Anxiety: worrying thoughts"),
    Item("7", "Catastrophising: it will never get better"),
    Item("8", "Low mood: lost enjoyment"),
    Item(BOTHERSOME, "Bothersomeness (0 not at all - 4 extremely)", 0, 4),
)

OFF_LABEL_NOTE = (
    "Off-label after spinal surgery: Keele validated the STarT Back tool in primary-care low back pain only"
)


def risk_group(total: int, distress: int) -> str:
    """Keele's stratification: low, medium or high risk."""
    if total <= LOW_TOTAL_MAX:
        return "low"
    if distress <= MEDIUM_DISTRESS_MAX:
        return "medium"
    return "high"


def score_startback(answers: Answers) -> Score:
    """Total 0-9, distress subscale 0-5 and risk group; all nine items are needed."""
    values = given(answers)
    missing = unanswered(values, ITEM_IDS)
    if missing:
        return Score(
            instrument="startback",
            total=None,
            maximum=9,
            answered=len(ITEM_IDS) - len(missing),
            missing_items=missing,
            note=OFF_LABEL_NOTE,
        )
    bothersome = 1 if values[BOTHERSOME] >= VERY_MUCH else 0
    total = sum(values[i] for i in AGREE_IDS) + bothersome
    distress = sum(values[i] for i in DISTRESS_AGREE_IDS) + bothersome
    return Score(
        instrument="startback",
        total=total,
        band=risk_group(total, distress),
        maximum=9,
        subscales={"distress": distress},
        answered=len(ITEM_IDS),
        note=OFF_LABEL_NOTE,
    )


INSTRUMENT = Instrument(
    id="startback",
    name="Keele STarT Back Screening Tool",
    items=ITEMS,
    scorer=score_startback,
    sources=(KEELE_SCORING, HILL_2008),
    recall="last 2 weeks",
    licence="\u00a9 Keele University; terms not verified. Stored by item number only",
    off_label_after_surgery=True,
    loinc_total="91351-7",
    loinc_total_display="Total score [STarT Back]",
    mcid_note="A risk-stratification tool: no MCID applies",
    subscale_names=("distress",),
    band_source=KEELE_SCORING,
    note=OFF_LABEL_NOTE,
)
