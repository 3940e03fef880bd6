"""Oswestry Disability Index v2.1a: ten sections scored 0-5, reported as a percentage.

Licensed (Mapi ePROVIDE): stored and scored by section number with our own short labels, never the text.
"""

from __future__ import annotations

from fbss.clinical.instruments.base import Answers, Band, Instrument, Item, Score, band_of, given, unanswered
from fbss.clinical.sources import OSTELO_2008, Source, Verification

FAIRBANK_2000 = Source(
    "odi-fairbank-2000",
    "Fairbank JC, Pynsent PB. The Oswestry Disability Index. Spine 2000;25(22):2940-2952",
    doi="10.1097/00007632-200011150-00017",
    note="Scoring: (sum / (5 x sections answered)) x 100; each unanswered section lowers the denominator by 5",
)
ODI_BANDS_SOURCE = Source(
    "odi-bands",
    "ODI interpretation bands 0-20 minimal, 21-40 moderate, 41-60 severe, 61-80 crippled, 81-100 bed-bound "
    "or exaggerating (Fairbank JC et al., as tabulated in reproductions of the ODI scoring instructions)",
    verification=Verification.SECONDARY,
)
LOINC_ODI = Source(
    "loinc-odi",
    "LOINC 97908-8 Oswestry Disability Index panel; 97909-6 Oswestry disability index score ODI. LOINC's term "
    "description gives bands on a 0-50 raw scale; this software reports the 0-100% index",
    url="https://loinc.org/97908-8",
)

ITEM_IDS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10")
SECTIONS = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Walking",
    "Sitting",
    "Standing",
    "Sleeping",
    "Sex life (if applicable)",
    "Social life",
    "Travelling",
)
POINTS_PER_SECTION = 5

BANDS = (
    Band(20, "minimal"),
    Band(40, "moderate"),
    Band(60, "severe"),
    Band(80, "crippled"),
    Band(100, "bed_bound_or_exaggerating"),
)

ITEMS = tuple(Item(number, label, 0, 5) for number, label in zip(ITEM_IDS, SECTIONS, strict=True))


def score_odi(answers: Answers) -> Score:
    """Percentage of the points possible in the answered sections, to one decimal (Fairbank 2000)."""
    values = given(answers)
    missing = unanswered(values, ITEM_IDS)
    answered = len(ITEM_IDS) - len(missing)
    total = None
    if answered:
        total = round(sum(values.values()) / (POINTS_PER_SECTION * answered) * 100, 1)
    note = None
    if missing and answered:
        note = (
            f"{len(missing)} section(s) unanswered: denominator lowered by 5 each (Fairbank 2000); the largest "
            "number of missing sections that still gives a valid index is not established in our sources"
        )
    return Score(
        instrument="odi",
        total=total,
        band=band_of(total, BANDS),
        minimum=0,
        maximum=100,
        answered=answered,
        missing_items=missing,
        flags=("sections_missing",) if missing and answered else (),
        note=note,
    )


INSTRUMENT = Instrument(
    id="odi",
    name="Oswestry Disability Index v2.1a",
    items=ITEMS,
    scorer=score_odi,
    sources=(FAIRBANK_2000, LOINC_ODI),
    recall="today",
    licence="ODI \u00a9 Jeremy Fairbank 1980, distributed by Mapi Research Trust (ePROVIDE); fee terms not "
    "verified. Stored and scored by section number only",
    loinc_panel="97908-8",
    loinc_total="97909-6",
    loinc_total_display="Oswestry disability index score ODI",
    total_unit="%",
    mcid=10,
    mcid_percent=30,
    mcid_source=OSTELO_2008,
    bands=BANDS,
    band_source=ODI_BANDS_SOURCE,
)
