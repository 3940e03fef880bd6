"""PHQ-9: nine DSM-IV depression criteria over the last 2 weeks, each 0-3, plus an unscored difficulty item.

Free to reproduce, so the item text is the published form's. Item 9 above 0 is flagged whatever the total:
the red-flag screen turns that flag into the suicide-risk red flag.
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Band, Instrument, Item, Score, summed
from fbss.clinical.sources import KROENKE_2001, SIMON_2013, Source, Verification

PHQ_FORM = Source(
    "phq9-form",
    "Patient Health Questionnaire (PHQ-9) form. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, "
    "Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to "
    "reproduce, translate, display or distribute",
    url="https://www.phqscreeners.com",
    verification=Verification.SECONDARY,
    note="Item wording checked against reproductions of the Pfizer form that carry its notice",
)
LOINC_PHQ9 = Source(
    "loinc-phq9",
    "LOINC 44249-1 PHQ-9 quick depression assessment panel, items 44250-9 ... 44260-8, total 44261-6 "
    "(NLM LHC-Forms phq9 questionnaire)",
    url="https://loinc.org/44249-1",
)

ITEM9 = "9"
ITEM9_POSITIVE = "item9_positive"
SCORED = ("1", "2", "3", "4", "5", "6", "7", "8", "9")
FREQUENCY = ("Not at all", "Several days", "More than half the days", "Nearly every day")
DIFFICULTY = ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")

# Kroenke 2001: 5, 10, 15 and 20 mark mild, moderate, moderately severe and severe depression.
BANDS = (
    Band(4, "minimal"),
    Band(9, "mild"),
    Band(14, "moderate"),
    Band(19, "moderately_severe"),
    Band(27, "severe"),
)


def _item(number: str, label: str, text: str, loinc: str) -> Item:
    return Item(number, label, 0, 3, text=text, loinc=loinc, options=FREQUENCY)


ITEMS = (
    _item("1", "Anhedonia", "Little interest or pleasure in doing things", "44250-9"),
    _item("2", "Low mood", "Feeling down, depressed, or hopeless", "44255-8"),
    _item("3", "Sleep", "Trouble falling or staying asleep, or sleeping too much", "44259-0"),
    _item("4", "Fatigue", "Feeling tired or having little energy", "44254-1"),
    _item("5", "Appetite", "Poor appetite or overeating", "44251-7"),
    _item(
        "6",
        "Guilt or worthlessness",
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or your family down",
        "44258-2",
    ),
    _item(
        "7",
        "Concentration",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "44252-5",
    ),
    _item(
        "8",
        "Psychomotor change",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite \u2014 being so "
        "fidgety or restless that you have been moving around a lot more than usual",
        "44253-3",
    ),
    _item(
        "9",
        "Thoughts of death or self-harm",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        "44260-8",
    ),
    Item(
        "10",
        "Functional difficulty (not scored)",
        0,
        3,
        text="If you checked off any problems, how difficult have these problems made it for you to do your "
        "work, take care of things at home, or get along with other people?",
        loinc="69722-7",
        scored=False,
        options=DIFFICULTY,
    ),
)


def item9_is_positive(answers: Answers) -> bool:
    """Any answer above 'not at all' on item 9, whatever the total and whether or not the rest is answered."""
    value = answers.get(ITEM9)
    return value is not None and value > 0


def score_phq9(answers: Answers) -> Score:
    """Sum of items 1-9 (0-27); item 10 is never summed; no proration of missing items."""
    flags = (ITEM9_POSITIVE,) if item9_is_positive(answers) else ()
    return summed("phq9", answers, SCORED, maximum=27, bands=BANDS, flags=flags)


INSTRUMENT = Instrument(
    id="phq9",
    name="PHQ-9",
    items=ITEMS,
    scorer=score_phq9,
    sources=(KROENKE_2001, PHQ_FORM, LOINC_PHQ9, SIMON_2013),
    recall="last 2 weeks",
    licence="Free: 'No permission required to reproduce, translate, display or distribute' (Pfizer notice)",
    free_to_reproduce=True,
    loinc_panel="44249-1",
    loinc_total="44261-6",
    loinc_total_display="Patient health questionnaire 9 item total score",
    mcid_note="No verified MCID for the PHQ-9 (a 5-point change is often quoted; unconfirmed here)",
    bands=BANDS,
    band_source=KROENKE_2001,
    stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
)
