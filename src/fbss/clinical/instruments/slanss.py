"""S-LANSS: seven yes/no items (five symptoms, two self-examination), weighted by the published scores."""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Band, Instrument, Item, Score, summed
from fbss.clinical.sources import Source, Verification

BENNETT_2005 = Source(
    "slanss-bennett-2005",
    "Bennett MI, Smith BH, Torrance N, Potter J. The S-LANSS score for identifying pain of predominantly "
    "neuropathic origin: validation for use in clinical and postal research. J Pain 2005;6(3):149-158",
    doi="10.1016/j.jpain.2004.11.007",
)
SLANSS_FORM = Source(
    "slanss-form",
    "S-LANSS pain score form: a yes scores 5, 5, 3, 2, 1, 5 and 3 on items 1-7 (0-24); a score of 12 or more "
    "suggests pain of predominantly neuropathic origin",
    verification=Verification.SECONDARY,
    note="Weights as on reproductions of the form; they match the LANSS weights (Bennett 2001)",
)

ITEM_IDS = ("1", "2", "3", "4", "5", "6", "7")
WEIGHTS = {"1": 5, "2": 5, "3": 3, "4": 2, "5": 1, "6": 5, "7": 3}

ITEMS = (
    Item("1", "Pins and needles, tingling or prickling"),
    Item("2", "Colour change of the painful area"),
    Item("3", "Abnormal sensitivity to touch"),
    Item("4", "Sudden bursts of pain"),
    Item("5", "Burning or hot pain"),
    Item("6", "Self-exam: rubbing the painful area hurts"),
    Item("7", "Self-exam: pressing the painful area feels altered"),
)

BANDS = (Band(11, "negative"), Band(24, "positive"))


def score_slanss(answers: Answers) -> Score:
    """Weighted sum of yes answers (0-24); 12 or more screens positive; all seven items are needed."""
    return summed("slanss", answers, ITEM_IDS, maximum=24, bands=BANDS, weights=WEIGHTS)


INSTRUMENT = Instrument(
    id="slanss",
    name="S-LANSS",
    items=ITEMS,
    scorer=score_slanss,
    sources=(BENNETT_2005, SLANSS_FORM),
    recall="past week (not verified)",
    licence="Licence terms not verified. Stored by item number only",
    mcid_note="A screening questionnaire: no MCID applies",
    bands=BANDS,
    band_source=SLANSS_FORM,
)
