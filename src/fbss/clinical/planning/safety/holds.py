"""Antithrombotic holds before, and restarts after, pain procedures: the ASRA 2018 pain table as far as we hold it.

Rows marked `from_table` come from a reproduction of the ASRA pain table (UpToDate, adapted from Narouze 2018:
aspirin, NSAIDs, cilostazol and dipyridamole, vitamin K antagonists, heparin, LMWH). The P2Y12-inhibitor,
DOAC and fondaparinux rows come from secondary reproductions that disagree in places and are unconfirmed
against the Narouze 2018 table: their numbers are shown only as what those sources report, never as the hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fbss.clinical.planning import references as ref
from fbss.clinical.planning.safety.bleeding_risk import Risk
from fbss.clinical.sources import NAROUZE_2018, Source


class Unit(StrEnum):
    DAYS = "days"
    HOURS = "hours"


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float
    unit: Unit

    @property
    def hours(self) -> tuple[float, float]:
        factor = 24 if self.unit is Unit.DAYS else 1
        return self.low * factor, self.high * factor

    def text(self) -> str:
        number = f"{self.low:g}" if self.low == self.high else f"{self.low:g}-{self.high:g}"
        unit = self.unit.value if (self.low, self.high) != (1, 1) else self.unit.value.rstrip("s")
        return f"{number} {unit}"

    def to_dict(self) -> dict[str, object]:
        return {"low": self.low, "high": self.high, "unit": self.unit.value}


def days(low: float, high: float | None = None) -> Interval:
    """An interval in days (a single value or a range)."""
    return Interval(low, low if high is None else high, Unit.DAYS)


def hours(low: float, high: float | None = None) -> Interval:
    """An interval in hours (a single value or a range)."""
    return Interval(low, low if high is None else high, Unit.HOURS)


@dataclass(frozen=True, slots=True)
class Advice:
    """What a row says for one bleeding-risk category."""

    hold: Interval | None = None  # None with no text: no routine hold
    shared_assessment: bool = False  # shared assessment and risk stratification with the prescriber
    normal_inr: bool = False
    text: str | None = None  # advice that is not a number, e.g. "5 half-lives"

    @property
    def holds(self) -> bool:
        return self.hold is not None or self.text is not None


NO_HOLD = Advice()
SHARED = Advice(shared_assessment=True)


@dataclass(frozen=True, slots=True)
class HoldRow:
    drug: str
    high: Advice
    intermediate: Advice
    low: Advice
    restart_high: Interval | None
    restart_intermediate: Interval | None
    restart_low: Interval | None
    from_table: bool
    sources: tuple[Source, ...]
    note: str | None = None
    # dabigatran with impaired renal function (high and intermediate categories)
    renal_hold: Interval | None = None

    def advice(self, risk: Risk) -> Advice:
        return {Risk.HIGH: self.high, Risk.INTERMEDIATE: self.intermediate, Risk.LOW: self.low}[risk]

    def restart(self, risk: Risk) -> Interval | None:
        return {
            Risk.HIGH: self.restart_high,
            Risk.INTERMEDIATE: self.restart_intermediate,
            Risk.LOW: self.restart_low,
        }[risk]


TABLE = (ref.ASRA_TABLE_REPRODUCTION, NAROUZE_2018)
B, C, D = ref.NEUROMODULATION_TEXTBOOK_HOLDS, ref.ASRA_CALCULATOR_HOLDS, ref.FAUBEL_HOLDS


def _table_row(
    drug: str,
    high: Advice,
    intermediate: Advice,
    low: Advice,
    restart: Interval,
    *,
    restart_high: Interval | None = None,
    restart_low: Interval | None = None,
    note: str | None = None,
) -> HoldRow:
    return HoldRow(
        drug,
        high,
        intermediate,
        low,
        restart_high or restart,
        restart,
        restart_low or restart,
        from_table=True,
        sources=TABLE,
        note=note,
    )


# --- rows from the reproduction of the ASRA pain table (fact sheet 5.2, source A) ---------------------------
ASPIRIN_PRIMARY = _table_row("aspirin (primary prevention)", Advice(days(6)), SHARED, NO_HOLD, hours(24))
ASPIRIN_SECONDARY = _table_row("aspirin (secondary prevention)", SHARED, SHARED, NO_HOLD, hours(24))
# NSAIDs: five half-lives before high-risk procedures, given per drug; restart 24 h (B: 2 h).
NSAID_HOLD_DAYS: dict[str, float] = {
    "diclofenac": 1,
    "ketorolac": 1,
    "ibuprofen": 1,
    "etodolac": 2,
    "indomethacin": 2,
    "naproxen": 4,
    "meloxicam": 4,
    "nabumetone": 6,
    "oxaprozin": 10,
    "piroxicam": 10,
}
NSAID_RESTART_NOTE = "One textbook table gives 2 hours for the restart"


def nsaid_row(ingredient: str) -> HoldRow:
    """The NSAID row: the table's per-drug five-half-life hold, or none for a drug it does not list."""
    known = NSAID_HOLD_DAYS.get(ingredient)
    high = (
        Advice(days(known))
        if known is not None
        else Advice(text="5 half-lives of this drug (the table gives no figure for it)")
    )
    return _table_row(ingredient, high, NO_HOLD, NO_HOLD, hours(24), note=NSAID_RESTART_NOTE)


CILOSTAZOL = _table_row("cilostazol", Advice(days(2)), NO_HOLD, NO_HOLD, hours(24))
DIPYRIDAMOLE = _table_row("dipyridamole", Advice(days(2)), NO_HOLD, NO_HOLD, hours(24))
WARFARIN = _table_row(
    "warfarin",
    Advice(days(5), normal_inr=True),
    Advice(days(5), normal_inr=True),
    SHARED,
    hours(6),
    note="One textbook table gives 24 hours for the restart",
)
ACENOCOUMAROL = _table_row(
    "acenocoumarol", Advice(days(3), normal_inr=True), Advice(days(3), normal_inr=True), SHARED, hours(24)
)
HEPARIN_IV = _table_row(
    "intravenous heparin",
    Advice(hours(6)),
    Advice(hours(6)),
    Advice(hours(6)),
    hours(2),
    note="One textbook table gives 4 hours before high-risk procedures",
)
HEPARIN_SC = _table_row(
    "subcutaneous heparin (twice or three times daily)",
    Advice(hours(24)),
    Advice(hours(6)),
    Advice(hours(6)),
    hours(2),
    restart_high=hours(6),
)
ENOXAPARIN_PROPHYLACTIC = _table_row(
    "enoxaparin (prophylactic dose)",
    Advice(hours(12)),
    Advice(hours(12)),
    Advice(hours(12)),
    hours(12, 24),
    restart_low=hours(4),
)
LMWH_THERAPEUTIC = _table_row(
    "enoxaparin (therapeutic dose) or dalteparin",
    Advice(hours(24)),
    Advice(hours(24)),
    Advice(hours(24)),
    hours(12, 24),
    restart_low=hours(4),
)


# --- unconfirmed rows (fact sheet 5.2, sources B, C, D; not checked against Narouze 2018) -------------------
def _reported_row(
    drug: str,
    high: Interval,
    intermediate: Interval,
    low: Advice,
    restart: Interval,
    sources: tuple[Source, ...],
    note: str | None = None,
    renal_hold: Interval | None = None,
) -> HoldRow:
    return HoldRow(
        drug,
        Advice(high),
        Advice(intermediate),
        low,
        restart,
        restart,
        restart,
        from_table=False,
        sources=(*sources, NAROUZE_2018),
        note=note,
        renal_hold=renal_hold,
    )


CLOPIDOGREL = _reported_row(
    "clopidogrel",
    days(7),
    days(7),
    NO_HOLD,
    hours(12, 24),
    (B, C, D),
    note="7 days before high- and intermediate-risk procedures agrees across independent secondary sources",
)
PRASUGREL = _reported_row("prasugrel", days(7, 10), days(7, 10), NO_HOLD, hours(12, 24), (B, C))
TICAGRELOR = _reported_row("ticagrelor", days(5), days(5), NO_HOLD, hours(12, 24), (B, C))
DABIGATRAN = _reported_row(
    "dabigatran",
    days(4, 5),
    days(4, 5),
    SHARED,
    hours(24),
    (B, C),
    note="Sources disagree: 4-5 days, or 6 with impaired renal function (textbook) vs 4 days, or 5-6 with "
    "impaired renal function (calculator)",
    renal_hold=days(5, 6),
)
APIXABAN = _reported_row(
    "apixaban",
    days(3, 5),
    days(3),
    SHARED,
    hours(12, 24),
    (B, C),
    note="Sources disagree: 3 days (calculator) vs 3-5 days (textbook) before high-risk procedures",
)
RIVAROXABAN = _reported_row("rivaroxaban", days(3), days(3), SHARED, hours(24), (B, C))
EDOXABAN = _reported_row("edoxaban", days(3), days(3), SHARED, hours(24), (C,), note="One source only")
FONDAPARINUX = _reported_row("fondaparinux", days(4), days(4), SHARED, hours(24), (B, C))

P2Y12_ROWS = {"clopidogrel": CLOPIDOGREL, "prasugrel": PRASUGREL, "ticagrelor": TICAGRELOR}
BY_INGREDIENT: dict[str, tuple[HoldRow, ...]] = {
    "cilostazol": (CILOSTAZOL,),
    "dipyridamole": (DIPYRIDAMOLE,),
    "warfarin": (WARFARIN,),
    "acenocoumarol": (ACENOCOUMAROL,),
    "dalteparin": (LMWH_THERAPEUTIC,),
    "enoxaparin": (ENOXAPARIN_PROPHYLACTIC, LMWH_THERAPEUTIC),
    "heparin": (HEPARIN_IV, HEPARIN_SC),
    "aspirin": (ASPIRIN_PRIMARY, ASPIRIN_SECONDARY),
    "dabigatran": (DABIGATRAN,),
    "apixaban": (APIXABAN,),
    "rivaroxaban": (RIVAROXABAN,),
    "edoxaban": (EDOXABAN,),
    "fondaparinux": (FONDAPARINUX,),
    **{name: (row,) for name, row in P2Y12_ROWS.items()},
}
