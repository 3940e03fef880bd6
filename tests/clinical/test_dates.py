"""Date helpers: whole days and calendar months, clamped at the end of short months."""

import calendar
from datetime import date

import pytest

from fbss.clinical.dates import add_months, at_least_months_after, days_between, month_length, months_between


def test_days_between_counts_whole_days_and_is_signed() -> None:
    assert days_between(date(2026, 1, 1), date(2026, 1, 15)) == 14
    assert days_between(date(2026, 1, 15), date(2026, 1, 1)) == -14
    assert days_between(date(2026, 3, 1), date(2026, 3, 1)) == 0


def test_days_between_crosses_a_leap_day() -> None:
    assert days_between(date(2024, 2, 28), date(2024, 3, 1)) == 2


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), 0, date(2026, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_months_between_counts_completed_calendar_months() -> None:
    assert months_between(date(2026, 1, 15), date(2026, 4, 14)) == 2
    assert months_between(date(2026, 1, 15), date(2026, 4, 15)) == 3
    assert months_between(date(2025, 11, 30), date(2026, 2, 28)) == 3
    assert months_between(date(2020, 6, 1), date(2026, 6, 1)) == 72


def test_months_between_is_signed() -> None:
    assert months_between(date(2026, 4, 15), date(2026, 1, 15)) == -3


def test_three_months_after_surgery_starts_on_the_same_day_of_the_month() -> None:
    surgery = date(2026, 2, 10)
    assert not at_least_months_after(surgery, date(2026, 5, 9), 3)
    assert at_least_months_after(surgery, date(2026, 5, 10), 3)


def test_month_length_agrees_with_the_calendar() -> None:
    for year in (1900, 2000, 2023, 2024, 2100):
        for month in range(1, 13):
            assert month_length(year, month) == calendar.monthrange(year, month)[1]
