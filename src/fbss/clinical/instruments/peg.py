"""PEG: average pain, interference with enjoyment of life and with general activity over the past week, 0-10.

The score is the mean of the three items (Krebs 2009). The wording is the published one (the PEG is
described as public domain; secondary source).
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Instrument, Item, Score, given, unanswered
from fbss.clinical.sources import Source, Verification

KREBS_2009 = Source(
    "peg-krebs-2009",
    "Krebs EE, Lorenz KA, Bair MJ, et al. Development and initial validation of the PEG, a three-item scale "
    "assessing pain intensity and interference. J Gen Intern Med 2009;24(6):733-738",
    doi="10.1007/s11606-009-0981-1",
    note="Item wording as reproduced by several independent implementations (secondary check)",
)
LOINC_PEG = Source(
    "loinc-peg",
    "LOINC 91148-7 PEG 3-item pain scale panel, items 75893-8, 91145-3, 91146-1, mean score 91147-9",
    url="http://loinc.org/q/91148-7",
    verification=Verification.VERIFIED,
)

ITEM_IDS = ("1", "2", "3")
INTERFERENCE = ("Does not interfere", "Completely interferes")

ITEMS = (
    Item(
        "1",
        "Average pain",
        0,
        10,
        text="What number best describes your pain on average in the past week?",
        loinc="75893-8",
        anchors=("No pain", "Pain as bad as you can imagine"),
    ),
    Item(
        "2",
        "Interference with enjoyment of life",
        0,
        10,
        text="What number best describes how, during the past week, pain has interfered with your enjoyment "
        "of life?",
        loinc="91145-3",
        anchors=INTERFERENCE,
    ),
    Item(
        "3",
        "Interference with general activity",
        0,
        10,
        text="What number best describes how, during the past week, pain has interfered with your general "
        "activity?",
        loinc="91146-1",
        anchors=INTERFERENCE,
    ),
)


def score_peg(answers: Answers) -> Score:
    """Mean of the three items (0-10), to two decimals; all three are needed."""
    values = given(answers)
    missing = unanswered(values, ITEM_IDS)
    total = None if missing else round(sum(values[i] for i in ITEM_IDS) / 3, 2)
    return Score(
        instrument="peg",
        total=total,
        minimum=0,
        maximum=10,
        answered=3 - len(missing),
        missing_items=missing,
    )


INSTRUMENT = Instrument(
    id="peg",
    name="PEG",
    items=ITEMS,
    scorer=score_peg,
    sources=(KREBS_2009, LOINC_PEG),
    recall="past week",
    licence="Described as public domain (secondary source); derived from the Brief Pain Inventory, whose "
    "copyright position is not verified",
    free_to_reproduce=True,
    loinc_panel="91148-7",
    loinc_total="91147-9",
    loinc_total_display="Mean score [PEG]",
    mcid_note="No verified MCID for the PEG (Krebs 2009 shows it is sensitive to change; a 30% change is "
    "often used, unconfirmed here)",
    note="No validated interpretation bands; follow the trend",
)
