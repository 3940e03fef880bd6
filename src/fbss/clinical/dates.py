"""Small pure date helpers for rules that reason about time since an event.

Calendar months are counted the way clinicians count them: 3 months after 30 November is 28 (or 29) February,
the same day of the month where it exists and the month's last day where it does not.
"""

from __future__ import annotations

import calendar
import datetime as dt


def days_between(earlier: dt.date, later: dt.date) -> int:
    """Whole days from `earlier` to `later`; negative when `later` comes first."""
    return (later - earlier).days


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` calendar months later (or earlier), clamped to the month's end."""
    year, month = divmod(day.year * 12 + (day.month - 1) + months, 12)
    return dt.date(year, month + 1, min(day.day, month_length(year, month + 1)))


def month_length(year: int, month: int) -> int:
    """Days in a month (what calendar.monthrange gives, without working out the weekday it starts on)."""
    return 29 if month == 2 and calendar.isleap(year) else MONTH_DAYS[month - 1]


MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months completed from `earlier` to `later`; negative when `later` comes first."""
    if later < earlier:
        return -months_between(later, earlier)
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    while months > 0 and add_months(earlier, months) > later:
        months -= 1
    return months


def at_least_months_after(earlier: dt.date, later: dt.date, months: int) -> bool:
    """Whether `later` falls on or after the date `months` calendar months after `earlier`."""
    return later >= add_months(earlier, months)
