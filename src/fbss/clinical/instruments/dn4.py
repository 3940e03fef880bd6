"""DN4: ten yes/no items, seven from the interview and three from the bedside examination.

A screen for a neuropathic component, not a diagnosis (NeuPSIG grading needs signs and a confirmatory test).
Stored by item number with our own short labels.
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Band, Instrument, Item, Score, summed
from fbss.clinical.sources import Source, Verification

BOUHASSIRA_2005 = Source(
    "dn4-bouhassira-2005",
    "Bouhassira D, Attal N, Alchaar H, et al. Comparison of pain syndromes associated with nervous or somatic "
    "lesions and development of a new neuropathic pain diagnostic questionnaire (DN4). Pain 2005;114(1-2):29-36",
    doi="10.1016/j.pain.2004.12.010",
    verification=Verification.SECONDARY,
    note="Original paper seen as abstract only; its sensitivity and specificity are not shipped",
)
PEREZ_2007 = Source(
    "dn4-perez-2007",
    "Perez C, Galvez R, Huelbes S, et al. Validity and reliability of the Spanish version of the DN4 "
    "(Douleur Neuropathique 4 questions) questionnaire for differential diagnosis of pain syndromes "
    "associated to a neuropathic or somatic component. Health Qual Life Outcomes 2007;5:66",
    doi="10.1186/1477-7525-5-66",
    note="Cut-off: 4 or more of 10",
)

INTERVIEW_IDS = ("1", "2", "3", "4", "5", "6", "7")
ITEM_IDS = (*INTERVIEW_IDS, "8", "9", "10")

INTERVIEW_ITEMS = (
    Item("1", "Burning"),
    Item("2", "Painful cold"),
    Item("3", "Electric shocks"),
    Item("4", "Tingling"),
    Item("5", "Pins and needles"),
    Item("6", "Numbness"),
    Item("7", "Itching"),
)
EXAM_ITEMS = (
    Item("8", "Exam: hypoaesthesia to touch"),
    Item("9", "Exam: hypoaesthesia to pinprick"),
    Item("10", "Exam: pain caused or increased by brushing"),
)

BANDS = (Band(3, "negative"), Band(10, "positive"))


def score_dn4(answers: Answers) -> Score:
    """Number of yes answers (0-10); 4 or more screens positive; all ten items are needed."""
    return summed("dn4", answers, ITEM_IDS, maximum=10, bands=BANDS)


INSTRUMENT = Instrument(
    id="dn4",
    name="DN4",
    items=(*INTERVIEW_ITEMS, *EXAM_ITEMS),
    scorer=score_dn4,
    sources=(BOUHASSIRA_2005, PEREZ_2007),
    recall="current pain",
    licence="Licence terms not verified (believed distributed via Mapi). Stored by item number only",
    mcid_note="A screening questionnaire: no MCID applies",
    bands=BANDS,
    band_source=PEREZ_2007,
)
