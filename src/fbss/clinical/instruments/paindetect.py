"""painDETECT: seven sensory items (0-5), the pain course pattern and whether the pain radiates.

Stored by item id with our own short labels. Ids: "1".."7" the sensory items, 0 never .. 5 very strongly;
"course" the pain-course picture chosen (1-4, scored 0 / -1 / +1 / +1); "radiating" yes/no (+2 when yes);
"pain_now", "pain_worst", "pain_average" the unscored 0-10 intensities of the past 4 weeks.
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Band, Instrument, Item, Score, band_of, given, unanswered
from fbss.clinical.sources import Source

FREYNHAGEN_2006 = Source(
    "paindetect-freynhagen-2006",
    "Freynhagen R, Baron R, Gockel U, Tölle TR. painDETECT: a new screening questionnaire to identify "
    "neuropathic components in patients with back pain. Curr Med Res Opin 2006;22(10):1911-1920",
    doi="10.1185/030079906X132488",
    note="Score -1 to 38: 12 or less a neuropathic component is unlikely (<15%), 13-18 uncertain, "
    "19 or more likely (>90%)",
)

SENSORY_IDS = ("1", "2", "3", "4", "5", "6", "7")
COURSE = "course"
RADIATING = "radiating"
SCORED = (*SENSORY_IDS, COURSE, RADIATING)

# The four pictures of the pain course and their points (Freynhagen 2006).
PERSISTENT_WITH_SLIGHT_FLUCTUATIONS = 1
PERSISTENT_WITH_ATTACKS = 2
ATTACKS_WITHOUT_PAIN_BETWEEN = 3
ATTACKS_WITH_PAIN_BETWEEN = 4
COURSE_POINTS = {
    PERSISTENT_WITH_SLIGHT_FLUCTUATIONS: 0,
    PERSISTENT_WITH_ATTACKS: -1,
    ATTACKS_WITHOUT_PAIN_BETWEEN: 1,
    ATTACKS_WITH_PAIN_BETWEEN: 1,
}
RADIATING_POINTS = 2

ITEMS = (
    Item("1", "Burning", 0, 5),
    Item("2", "Tingling or prickling", 0, 5),
    Item("3", "Light touch painful", 0, 5),
    Item("4", "Sudden electric-shock attacks", 0, 5),
    Item("5", "Cold or heat painful", 0, 5),
    Item("6", "Numbness", 0, 5),
    Item("7", "Slight pressure painful", 0, 5),
    Item(COURSE, "Pain course pattern (1-4)", 1, 4, allowed=tuple(COURSE_POINTS)),
    Item(RADIATING, "Pain radiates to other regions"),
    Item("pain_now", "Pain now (not scored)", 0, 10, scored=False),
    Item("pain_worst", "Strongest pain, past 4 weeks (not scored)", 0, 10, scored=False),
    Item("pain_average", "Average pain, past 4 weeks (not scored)", 0, 10, scored=False),
)

BANDS = (Band(12, "unlikely"), Band(18, "uncertain"), Band(38, "likely"))


def score_paindetect(answers: Answers) -> Score:
    """Sensory items + course points + 2 if radiating (-1 to 38); all nine scored answers are needed."""
    values = given(answers)
    missing = unanswered(values, SCORED)
    total = None
    if not missing:
        sensory = sum(values[i] for i in SENSORY_IDS)
        total = sensory + COURSE_POINTS[values[COURSE]] + RADIATING_POINTS * values[RADIATING]
    return Score(
        instrument="paindetect",
        total=total,
        band=band_of(total, BANDS),
        minimum=-1,
        maximum=38,
        answered=len(SCORED) - len(missing),
        missing_items=missing,
    )


INSTRUMENT = Instrument(
    id="paindetect",
    name="painDETECT",
    items=ITEMS,
    scorer=score_paindetect,
    sources=(FREYNHAGEN_2006,),
    recall="past 4 weeks (intensity items)",
    licence="Developed with Pfizer funding; licence terms not verified. Stored by item id only",
    mcid_note="A screening questionnaire: no MCID applies",
    bands=BANDS,
    band_source=FREYNHAGEN_2006,
)
