"""DN4-interview: the seven symptom items of the DN4, without the examination (for self-report)."""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Band, Instrument, Score, summed
from fbss.clinical.instruments.dn4 import BOUHASSIRA_2005, INTERVIEW_IDS, INTERVIEW_ITEMS
from fbss.clinical.sources import Source

ARABIC_DN4_2011 = Source(
    "dn4-interview-arabic-2011",
    "Validity and reliability of the Arabic adapted version of the DN4 questionnaire (Douleur Neuropathique "
    "4 Questions) for differential diagnosis of pain syndromes with a neuropathic or somatic component. "
    "Pain Pract 2011;11(2):139-147",
    doi="10.1111/j.1533-2500.2010.00399.x",
    note="DN4-interview cut-off: 3 or more of 7",
)

BANDS = (Band(2, "negative"), Band(7, "positive"))


def score_dn4_interview(answers: Answers) -> Score:
    """Number of yes answers (0-7); 3 or more screens positive; all seven items are needed."""
    return summed("dn4_interview", answers, INTERVIEW_IDS, maximum=7, bands=BANDS)


INSTRUMENT = Instrument(
    id="dn4_interview",
    name="DN4-interview",
    items=INTERVIEW_ITEMS,
    scorer=score_dn4_interview,
    sources=(BOUHASSIRA_2005, ARABIC_DN4_2011),
    recall="current pain",
    licence="Licence terms not verified (believed distributed via Mapi). Stored by item number only",
    mcid_note="A screening questionnaire: no MCID applies",
    bands=BANDS,
    band_source=ARABIC_DN4_2011,
)
