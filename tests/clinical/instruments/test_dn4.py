"""DN4: count of yes answers out of 10; 4 or more screens positive (Perez 2007)."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score


def yes_to(*numbers: int) -> dict[str, bool | None]:
    return {str(number): number in numbers for number in range(1, 11)}


def test_three_yes_is_negative_and_four_is_positive() -> None:
    three = score("dn4", yes_to(1, 4, 8))
    four = score("dn4", yes_to(1, 4, 8, 10))
    assert (three.total, three.band) == (3, "negative")
    assert (four.total, four.band) == (4, "positive")


def test_exam_items_are_needed_for_the_full_dn4() -> None:
    interview_only = {str(number): True for number in range(1, 8)}
    result = score("dn4", interview_only)
    assert result.total is None
    assert result.missing_items == ("8", "9", "10")


def test_a_number_other_than_yes_or_no_is_refused() -> None:
    with pytest.raises(InstrumentError, match=r"item '9'.*3 is out of range 0-1"):
        score("dn4", {**yes_to(), "9": 3})


def test_dn4_is_licensed_and_stored_by_number_only() -> None:
    dn4 = INSTRUMENTS["dn4"]
    assert not dn4.free_to_reproduce
    assert all(item.text is None for item in dn4.items)
    assert dn4.mcid is None
