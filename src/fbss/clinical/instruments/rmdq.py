"""Roland-Morris Disability Questionnaire (24 items): the number of statements ticked as applying today.

Stored by item number with our own short labels. A statement left blank, or marked not applicable, counts
as not ticked: that is the published rule (Roland & Morris 1983; Roland & Fairbank 2000), so an RMDQ has no
missing items.
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Instrument, Item, Score, given
from fbss.clinical.sources import OSTELO_2008, Source

ROLAND_1983 = Source(
    "rmdq-roland-1983",
    "Roland M, Morris R. A study of the natural history of back pain. Part I: development of a reliable and "
    "sensitive measure of disability in low-back pain. Spine 1983;8(2):141-144",
    doi="10.1097/00007632-198303000-00004",
)
ROLAND_FAIRBANK_2000 = Source(
    "rmdq-roland-fairbank-2000",
    "Roland M, Fairbank J. The Roland-Morris Disability Questionnaire and the Oswestry Disability "
    "Questionnaire. Spine 2000;25(24):3115-3124",
    doi="10.1097/00007632-200012150-00006",
    note="Score = number of statements ticked, 0-24; scores under 4 or over 20 show little change",
)

LABELS = (
    "Stays at home",
    "Changes position often",
    "Walks more slowly",
    "Not doing usual house jobs",
    "Uses handrail on stairs",
    "Lies down to rest more",
    "Holds on to get out of easy chair",
    "Gets others to do things",
    "Dresses more slowly",
    "Stands only briefly",
    "Avoids bending or kneeling",
    "Difficulty getting out of chair",
    "Pain almost all the time",
    "Difficulty turning in bed",
    "Poor appetite",
    "Trouble with socks or stockings",
    "Walks only short distances",
    "Sleeps less well",
    "Needs help dressing",
    "Sits most of the day",
    "Avoids heavy house jobs",
    "More irritable",
    "Slower upstairs",
    "Stays in bed",
)
ITEMS = tuple(Item(str(number), label) for number, label in enumerate(LABELS, start=1))


def score_rmdq(answers: Answers) -> Score:
    """Count of statements ticked (0-24); blank or not-applicable statements count as not ticked."""
    ticked = sum(given(answers).values())
    return Score(instrument="rmdq", total=ticked, minimum=0, maximum=24, answered=len(ITEMS))


INSTRUMENT = Instrument(
    id="rmdq",
    name="Roland-Morris Disability Questionnaire",
    items=ITEMS,
    scorer=score_rmdq,
    sources=(ROLAND_1983, ROLAND_FAIRBANK_2000),
    recall="today",
    licence="Forms in the Spine 2000 appendix may be used without permission; commercial terms not verified. "
    "Stored by item number only",
    mcid=5,
    mcid_percent=30,
    mcid_source=OSTELO_2008,
    note="No published interpretation bands; scores under 4 or over 20 change little (floor and ceiling)",
)
