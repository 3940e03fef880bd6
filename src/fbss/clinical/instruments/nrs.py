"""Numeric rating scale (0-10) of back and leg pain, repeated over time to follow the outcome.

Ids: "back" and "leg", each 0 (no pain) - 10; record back and leg separately. There is no total: each
rating is its own subscale. The NRS has no single canonical wording, so no item text is shipped; the
protocol sets the recall (now / average / worst; past 24 hours or 7 days).
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Instrument, Item, Score, given, unanswered
from fbss.clinical.sources import FARRAR_2001, OSTELO_2008

BACK = "back"
LEG = "leg"
ITEM_IDS = (BACK, LEG)

ITEMS = (
    Item(BACK, "Back pain, 0-10", 0, 10, anchors=("No pain", "Worst pain imaginable")),
    Item(LEG, "Leg pain, 0-10 (the worse leg)", 0, 10, anchors=("No pain", "Worst pain imaginable")),
)


def score_nrs(answers: Answers) -> Score:
    """Each rating as given; no total (back and leg are followed separately)."""
    values = given(answers)
    return Score(
        instrument="nrs",
        total=None,
        minimum=0,
        maximum=10,
        subscales={item_id: values[item_id] for item_id in ITEM_IDS if item_id in values},
        answered=sum(1 for item_id in ITEM_IDS if item_id in values),
        missing_items=unanswered(values, ITEM_IDS),
    )


INSTRUMENT = Instrument(
    id="nrs",
    name="NRS",
    items=ITEMS,
    scorer=score_nrs,
    sources=(FARRAR_2001, OSTELO_2008),
    recall="set by the protocol",
    licence="Generic scale with no owner (not verified); no canonical wording, so none is shipped",
    free_to_reproduce=True,
    mcid=2,
    mcid_percent=30,
    mcid_source=OSTELO_2008,
    has_total=False,
    subscale_names=ITEM_IDS,
    note="Mild/moderate/severe bands for the NRS are not verified and are not shipped",
)
