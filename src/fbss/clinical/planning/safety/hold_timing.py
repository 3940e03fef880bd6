"""Whether a dated stop covers the hold before a dated procedure, and the last day to stop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fbss.clinical.case import Medication
from fbss.clinical.finding import Missing
from fbss.clinical.planning.safety.holds import Advice, HoldRow, Interval, Unit
from fbss.clinical.planning.safety.procedures import ProcedureTarget


@dataclass(frozen=True, slots=True)
class HoldTiming:
    stopped_days_before: int | None = None
    long_enough: bool | None = None
    stop_by: dt.date | None = None
    missing: tuple[Missing, ...] = ()


def hold_timing(target: ProcedureTarget, med: Medication, advice: Advice, row: HoldRow) -> HoldTiming:
    """Whether a dated stop before a dated procedure is as long as the hold (or the reported holds)."""
    interval = advice.hold
    if interval is None or target.date is None:
        return HoldTiming()
    if med.stop is None:
        stop_by = target.date - dt.timedelta(days=_whole_days(interval)) if row.from_table else None
        return HoldTiming(stop_by=stop_by)
    gap = (target.date - med.stop).days
    return HoldTiming(stopped_days_before=gap, long_enough=long_enough(gap, interval))


def long_enough(stopped_days_before: int, interval: Interval) -> bool | None:
    """True when the stop covers the whole interval, False when it cannot, None when dates cannot tell."""
    if stopped_days_before < 0:
        return False
    if interval.unit is Unit.DAYS:
        if stopped_days_before >= interval.high:
            return True
        return False if stopped_days_before < interval.low else None
    low_hours, high_hours = interval.hours
    # Dates without times: the last dose may have been at any hour of the stop day.
    at_least = max(0, stopped_days_before - 1) * 24
    at_most = (stopped_days_before + 1) * 24
    if at_least >= high_hours:
        return True
    return False if at_most <= low_hours else None


def _whole_days(interval: Interval) -> int:
    high_hours = interval.hours[1]
    return int(-(-high_hours // 24))
