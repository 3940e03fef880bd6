"""What the FBSS / PSPS-T2 criteria share: finding codes, the time threshold, sources and the builder."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fbss.clinical.case import PainCourse
from fbss.clinical.finding import Because, Coding, Finding, Kind, Missing, Status
from fbss.clinical.sources import (
    CHRISTELIS_2021,
    ICD10CM_2023,
    ICD11_MG30_21,
    RIGOARD_2019,
    VAN_DE_MINKELIS_2024,
    VSAC_CHRONIC_PAIN_CONDITIONS,
    Source,
)

FBSS = "criteria.fbss"
TIMING = "criteria.fbss.timing"
LOCATION = "criteria.fbss.location"
EXCLUSIONS = "criteria.fbss.exclusions"
ICD11_COURSE = "criteria.fbss.icd11_course"

# ICD-11 MG30.21: pain persisting beyond healing, i.e. at least 3 months after surgery;
# Treede 2019: chronic pain persists or recurs for more than 3 months.
CHRONIC_AFTER_MONTHS = 3

TREEDE_2019 = Source(
    "treede-2019",
    "Treede RD, Rief W, Barke A, et al. Chronic pain as a symptom or a disease: the IASP Classification of "
    "Chronic Pain for the International Classification of Diseases (ICD-11). Pain 2019;160(1):19-27 "
    "(chronic pain persists or recurs for more than 3 months)",
    doi="10.1097/j.pain.0000000000001384",
)
SOURCES = (ICD11_MG30_21, TREEDE_2019, CHRISTELIS_2021, VAN_DE_MINKELIS_2024, RIGOARD_2019)
CODING_SOURCES = (ICD10CM_2023, VSAC_CHRONIC_PAIN_CONDITIONS)
RED_FLAGS_TO_EXCLUDE = {"redflag.infection": "infection", "redflag.malignancy": "malignancy"}
DEVELOPED_OR_INCREASED = frozenset({PainCourse.WORSENED, PainCourse.NEW, PainCourse.NEW_AFTER_INTERVAL})
DEFINITIONS = {
    "timing": "ICD-11 MG30.21 (>= 3 months after surgery); Treede 2019",
    "location": "ICD-11 MG30.21 (surgical field or the territory of a nerve in that area)",
    "exclusions": "ICD-11 MG30.21 (infection and malignancy excluded)",
    "course": "PSPS type 2 / FBSS (van de Minkelis 2024; Christelis 2021): persisting pain counts; "
    "ICD-11 chronic postsurgical pain needs pain that developed or increased after surgery",
}

DEFINITION_OF = {
    TIMING: DEFINITIONS["timing"],
    LOCATION: DEFINITIONS["location"],
    EXCLUSIONS: DEFINITIONS["exclusions"],
    ICD11_COURSE: "ICD-11 MG30.21: pain that develops or increases in intensity after surgery",
}


def criteria_finding(
    code: str,
    title: str,
    status: Status,
    *,
    because: Iterable[Because] = (),
    missing: Iterable[Missing] = (),
    detail: str | None = None,
    codes: tuple[Coding, ...] = (),
    data: dict[str, Any] | None = None,
) -> Finding:
    """Build one criteria finding; a finding that carries codes also cites the code sources."""
    return Finding(
        code=code,
        kind=Kind.CRITERIA,
        title=title,
        status=status,
        sources=(*SOURCES, *CODING_SOURCES) if codes else SOURCES,
        because=tuple(because),
        missing=tuple(missing),
        detail=detail,
        codes=codes,
        data={**({"definition": DEFINITION_OF[code]} if code in DEFINITION_OF else {}), **(data or {})},
    )
