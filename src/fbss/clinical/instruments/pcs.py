"""Pain Catastrophizing Scale: 13 items 0-4, total 0-52 with rumination, magnification and helplessness.

Stored by item number with our own short labels.
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Band, Instrument, Item, Score, summed
from fbss.clinical.sources import Source, Verification

SULLIVAN_1995 = Source(
    "pcs-sullivan-1995",
    "Sullivan MJL, Bishop SR, Pivik J. The Pain Catastrophizing Scale: development and validation. "
    "Psychol Assess 1995;7(4):524-532",
    doi="10.1037/1040-3590.7.4.524",
)
PCS_MANUAL = Source(
    "pcs-manual",
    "Sullivan MJL. The Pain Catastrophizing Scale: user manual. Subscales: rumination items 8-11, "
    "magnification items 6, 7, 13, helplessness items 1-5 and 12; a total of 30 or more is clinically "
    "relevant catastrophizing",
    verification=Verification.SECONDARY,
    note="Seen in reproductions of the manual and in the Rehabilitation Measures Database entry",
)

ITEM_IDS = tuple(str(number) for number in range(1, 14))
SUBSCALES = {
    "rumination": ("8", "9", "10", "11"),
    "magnification": ("6", "7", "13"),
    "helplessness": ("1", "2", "3", "4", "5", "12"),
}
LABELS = (
    "Worry the pain will not end",
    "Feel I cannot go on",
    "Pain will never get better",
    "Pain is overwhelming",
    "Cannot stand it any more",
    "Fear the pain will get worse",
    "Think of other painful events",
    "Anxiously want the pain gone",
    "Cannot keep it out of mind",
    "Keep thinking how much it hurts",
    "Keep thinking how much I want it to stop",
    "Nothing I can do to reduce it",
    "Wonder if something serious will happen",
)
ITEMS = tuple(Item(number, label, 0, 4) for number, label in zip(ITEM_IDS, LABELS, strict=True))

BANDS = (Band(29, "below_clinical_threshold"), Band(52, "clinically_relevant"))


def score_pcs(answers: Answers) -> Score:
    """Total 0-52 and subscale sums; subscales are given for those fully answered; no proration."""
    return summed("pcs", answers, ITEM_IDS, maximum=52, bands=BANDS, subscales=SUBSCALES)


INSTRUMENT = Instrument(
    id="pcs",
    name="Pain Catastrophizing Scale",
    items=ITEMS,
    scorer=score_pcs,
    sources=(SULLIVAN_1995, PCS_MANUAL),
    recall="thoughts and feelings when in pain",
    licence="\u00a9 Michael JL Sullivan; use terms not verified. Stored by item number only",
    mcid_note="No verified MCID for the PCS",
    subscale_names=tuple(SUBSCALES),
    bands=BANDS,
    band_source=PCS_MANUAL,
)
