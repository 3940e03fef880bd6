"""The treatment catalogue as data: one entry per option, with indications, cautions, evidence in numbers,
guideline stances and the care-team role that delivers it."""

from __future__ import annotations

from fbss.clinical.planning.catalogue.care import CARE_OPTIONS
from fbss.clinical.planning.catalogue.medicines import MEDICINE_OPTIONS
from fbss.clinical.planning.catalogue.model import (
    Category,
    Evidence,
    Option,
    OptionId,
    Position,
    Stance,
)
from fbss.clinical.planning.catalogue.procedures import PROCEDURE_OPTIONS

CATALOGUE: dict[OptionId, Option] = {
    option.id: option for option in (*CARE_OPTIONS, *MEDICINE_OPTIONS, *PROCEDURE_OPTIONS)
}


def option(option_id: OptionId | str) -> Option:
    """The catalogue entry of an option id."""
    return CATALOGUE[OptionId(option_id)]


__all__ = ["CATALOGUE", "Category", "Evidence", "Option", "OptionId", "Position", "Stance", "option"]
