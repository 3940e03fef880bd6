"""Instrument definitions as data, the score they produce, and the few helpers every scorer shares.

Scoring is plain arithmetic on the answers dict: `assess` scores many cases a second, so no scorer builds
more than the one `Score` it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fbss.clinical.frozen import quick_init
from fbss.clinical.sources import Source

AnswerValue = bool | int | None
Answers = Mapping[str, AnswerValue]


class InstrumentError(ValueError):
    """An answer set that cannot be scored as given (unknown item, value out of range). `misfits` holds every
    answer that does not fit, as (item id, message), so a reader can name each one."""

    def __init__(self, message: str, misfits: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.misfits = misfits or ((("", message),) if message else ())


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    label: str  # short label, ours; for licensed instruments never the item text
    minimum: int = 0
    maximum: int = 1
    text: str | None = None  # verbatim item text, only for instruments free to reproduce
    allowed: tuple[int, ...] | None = None  # when the values are not a contiguous range (e.g. 1-4 codes)
    loinc: str | None = None  # LOINC code of the item, where verified; the FHIR importer matches on it
    scored: bool = True  # False for items recorded but not scored (e.g. PHQ-9 item 10)
    # The value stored is the score printed on the official form; for these items it runs opposite to the
    # wording (PROMIS sleep quality: "very poor" = 5), so an importer mapping answer positions must flip it.
    reverse_scored: bool = False
    options: tuple[str, ...] = ()  # labels of the values minimum..maximum (free instruments only)
    anchors: tuple[str, str] | None = None  # labels of the two ends of a 0-10 scale (free instruments only)

    def accepts(self, value: int) -> bool:
        if self.allowed is not None:
            return value in self.allowed
        return self.minimum <= value <= self.maximum

    @property
    def is_yes_no(self) -> bool:
        return self.allowed is None and self.minimum == 0 and self.maximum == 1

    def describe_range(self) -> str:
        if self.allowed is not None:
            return "one of " + ", ".join(str(value) for value in self.allowed)
        return f"{self.minimum}-{self.maximum}"


@dataclass(frozen=True, slots=True)
class Band:
    """An interpretation band: scores up to and including `upper` (and above the previous band) get `label`."""

    upper: float
    label: str


@quick_init
@dataclass(frozen=True, slots=True)
class Score:
    instrument: str
    total: float | None  # None when too many items are missing to score, or the instrument has no total
    band: str | None = None
    minimum: float = 0
    maximum: float = 0
    subscales: dict[str, float] = field(default_factory=dict)
    answered: int = 0
    missing_items: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()  # e.g. "item9_positive" on the PHQ-9
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    items: tuple[Item, ...]
    scorer: Callable[[Answers], Score]
    sources: tuple[Source, ...]
    recall: str | None = None
    licence: str = ""
    free_to_reproduce: bool = False
    off_label_after_surgery: bool = False
    loinc_total: str | None = None
    mcid: float | None = None  # minimal clinically important difference, in points of the total
    mcid_source: Source | None = None
    loinc_panel: str | None = None
    loinc_total_display: str | None = None
    total_unit: str | None = None  # e.g. "%" for the ODI, so an exporter states the scale
    mcid_percent: float | None = None  # the alternative relative threshold (percent of baseline)
    mcid_note: str | None = None  # why no MCID is given, when none is
    has_total: bool = True  # False where only subscales exist (NRS back/leg, PROMIS-29 domains)
    subscale_names: tuple[str, ...] = ()  # every subscale a score can carry, in display order
    higher_is_better: bool = False
    higher_is_better_subscales: frozenset[str] = frozenset()
    bands: tuple[Band, ...] = ()
    band_source: Source | None = None
    stem: str | None = None  # the instruction above the items, free instruments only
    note: str | None = None
    item_ids: tuple[str, ...] = field(init=False, compare=False)
    _by_id: dict[str, Item] = field(init=False, repr=False, compare=False)
    # Built once per instrument so that checking a case's answers is a lookup per answer.
    _accepted: dict[str, range | frozenset[int]] = field(init=False, repr=False, compare=False)
    _yes_no: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "item_ids", tuple(item.id for item in self.items))
        object.__setattr__(self, "_by_id", {item.id: item for item in self.items})
        object.__setattr__(self, "_accepted", {item.id: _values_of(item) for item in self.items})
        object.__setattr__(self, "_yes_no", frozenset(item.id for item in self.items if item.is_yes_no))

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def fits(self, answers: Answers) -> bool:
        """Whether every answer is one of the items, unanswered, or a whole number it accepts (true/false
        only for yes/no items): the quick test `check_answers` makes before looking for what is wrong."""
        accepted = self._accepted
        for item_id, value in answers.items():
            values = accepted.get(item_id)
            if values is None:
                return False
            if value is None or (type(value) is int and value in values):
                continue
            if type(value) is not bool or item_id not in self._yes_no:
                return False
        return True

    def is_better_when_higher(self, subscale: str | None = None) -> bool:
        """Direction of improvement for the total (subscale None) or one subscale."""
        if subscale is None:
            return self.higher_is_better
        return subscale in self.higher_is_better_subscales


@quick_init
@dataclass(frozen=True, slots=True)
class ScoredResponse:
    """One instrument response of a case with its score; `position` indexes `case.instruments`.

    `date` is the date the response was taken; an undated response counts as taken on the assessment date
    (`dated` is then False).
    """

    position: int
    date: dt.date | None
    score: Score
    dated: bool = True


def _values_of(item: Item) -> range | frozenset[int]:
    if item.allowed is not None:
        return frozenset(item.allowed)
    return range(item.minimum, item.maximum + 1)


def check_answers(instrument: Instrument, answers: Answers) -> None:
    """Raise InstrumentError naming the item when an answer does not fit the instrument."""
    if not instrument.fits(answers):
        raise_first_misfit(instrument, answers)


def raise_first_misfit(instrument: Instrument, answers: Answers) -> None:
    """Raise InstrumentError for the first answer, in answer order, that does not fit its item (every misfit
    is carried in the error's `misfits`)."""
    found = misfits(instrument, answers)
    if found:
        raise InstrumentError(found[0][1], found)


def misfits(instrument: Instrument, answers: Answers) -> tuple[tuple[str, str], ...]:
    """Every answer that does not fit its item, in answer order, as (item id, message)."""
    found: list[tuple[str, str]] = []
    for item_id, value in answers.items():
        message = _misfit(instrument, item_id, value)
        if message is not None:
            found.append((item_id, message))
    return tuple(found)


def _misfit(instrument: Instrument, item_id: str, value: object) -> str | None:
    item = instrument.item(item_id)
    if item is None:
        return f"item {item_id!r} is not an item of {instrument.name}"
    if value is None:
        return None
    if isinstance(value, bool) and not item.is_yes_no:
        return f"item {item_id!r} of {instrument.name}: {value!r} given, but it takes a number {item.describe_range()}"
    if not isinstance(value, int):
        return f"item {item_id!r} of {instrument.name}: {value!r} is not a whole number"
    if not item.accepts(value):
        outside = "is not" if item.allowed is not None else "is out of range"
        return f"item {item_id!r} of {instrument.name}: {value!r} {outside} {item.describe_range()}"
    return None


def given(answers: Answers) -> dict[str, int]:
    """The answered items; true/false are ints already (1/0), so they add up as they are."""
    return {item_id: value for item_id, value in answers.items() if value is not None}


def unanswered(values: Mapping[str, int], item_ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(item_id for item_id in item_ids if item_id not in values)


def band_of(value: float | None, bands: tuple[Band, ...]) -> str | None:
    """The label of the band a score falls in; None without a score or without published bands."""
    if value is None:
        return None
    for band in bands:
        if value <= band.upper:
            return band.label
    return None


def summed(
    instrument_id: str,
    answers: Answers,
    item_ids: tuple[str, ...],
    *,
    maximum: float,
    bands: tuple[Band, ...] = (),
    weights: Mapping[str, int] | None = None,
    subscales: Mapping[str, tuple[str, ...]] | None = None,
    flags: tuple[str, ...] = (),
    note: str | None = None,
) -> Score:
    """Sum (optionally weighted) item scores; with any scored item missing the total is None (no proration)."""
    running = 0
    missing: list[str] = []
    for item_id in item_ids:
        value = answers.get(item_id)
        if value is None:
            missing.append(item_id)
        else:
            running += value * weights[item_id] if weights else value
    total = None if missing else running
    parts: dict[str, float] = {}
    for name, ids in (subscales or {}).items():
        if all(answers.get(i) is not None for i in ids):
            parts[name] = sum(answers[i] or 0 for i in ids)
    return Score(
        instrument=instrument_id,
        total=total,
        band=band_of(total, bands),
        minimum=0,
        maximum=maximum,
        subscales=parts,
        answered=len(item_ids) - len(missing),
        missing_items=tuple(missing),
        flags=flags,
        note=note,
    )
