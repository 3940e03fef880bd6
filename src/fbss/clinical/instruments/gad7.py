"""GAD-7: seven anxiety symptoms over the last 2 weeks, each 0-3, plus an optional unscored difficulty item.

Free to reproduce, so the item text is the published form's.
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Band, Instrument, Item, Score, summed
from fbss.clinical.sources import Source, Verification

SPITZER_2006 = Source(
    "gad7-spitzer-2006",
    "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety "
    "disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097",
    doi="10.1001/archinte.166.10.1092",
)
GAD7_FORM = Source(
    "gad7-form",
    "GAD-7 form. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with "
    "an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or "
    "distribute",
    url="https://www.phqscreeners.com",
    verification=Verification.SECONDARY,
    note="Item wording checked against reproductions of the Pfizer form that carry its notice",
)
LOINC_GAD7 = Source(
    "loinc-gad7",
    "LOINC 69737-5 Generalized anxiety disorder 7 item (GAD-7) panel, items 69725-0 ... 69736-7, total "
    "70274-6",
    url="https://loinc.org/69737-5",
)

SCORED = ("1", "2", "3", "4", "5", "6", "7")
FREQUENCY = ("Not at all", "Several days", "More than half the days", "Nearly every day")
DIFFICULTY = ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")

# Spitzer 2006: 5, 10 and 15 mark mild, moderate and severe anxiety.
BANDS = (Band(4, "minimal"), Band(9, "mild"), Band(14, "moderate"), Band(21, "severe"))


def _item(number: str, label: str, text: str, loinc: str) -> Item:
    return Item(number, label, 0, 3, text=text, loinc=loinc, options=FREQUENCY)


ITEMS = (
    _item("1", "Nervousness", "Feeling nervous, anxious, or on edge", "69725-0"),
    _item("2", "Uncontrollable worry", "Not being able to stop or control worrying", "68509-9"),
    _item("3", "Excessive worry", "Worrying too much about different things", "69733-4"),
    _item("4", "Trouble relaxing", "Trouble relaxing", "69734-2"),
    _item("5", "Restlessness", "Being so restless that it\u2019s hard to sit still", "69735-9"),
    _item("6", "Irritability", "Becoming easily annoyed or irritable", "69689-8"),
    _item("7", "Fear of something awful", "Feeling afraid as if something awful might happen", "69736-7"),
    Item(
        "8",
        "Functional difficulty (not scored)",
        0,
        3,
        text="If you checked off any problems, how difficult have these made it for you to do your work, "
        "take care of things at home, or get along with other people?",
        scored=False,
        options=DIFFICULTY,
    ),
)


def score_gad7(answers: Answers) -> Score:
    """Sum of items 1-7 (0-21); item 8 is never summed; no proration of missing items."""
    return summed("gad7", answers, SCORED, maximum=21, bands=BANDS)


INSTRUMENT = Instrument(
    id="gad7",
    name="GAD-7",
    items=ITEMS,
    scorer=score_gad7,
    sources=(SPITZER_2006, GAD7_FORM, LOINC_GAD7),
    recall="last 2 weeks",
    licence="Free: 'No permission required to reproduce, translate, display or distribute' (Pfizer notice)",
    free_to_reproduce=True,
    loinc_panel="69737-5",
    loinc_total="70274-6",
    loinc_total_display="Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    mcid_note="No verified MCID for the GAD-7",
    bands=BANDS,
    band_source=SPITZER_2006,
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
)
