"""DN4-interview: the seven symptom items; 3 or more of 7 screens positive (Arabic validation, 2011)."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score


def yes_to(*numbers: int) -> dict[str, bool | None]:
    return {str(number): number in numbers for number in range(1, 8)}


def test_two_yes_is_negative_and_three_is_positive() -> None:
    assert score("dn4_interview", yes_to(1, 2)).band == "negative"
    result = score("dn4_interview", yes_to(1, 2, 6))
    assert (result.total, result.band) == (3, "positive")


def test_exam_items_do_not_belong_to_the_interview_version() -> None:
    with pytest.raises(InstrumentError, match=r"item '8' is not an item of DN4-interview"):
        score("dn4_interview", {**yes_to(1), "8": True})


def test_interview_items_are_the_dn4_symptom_items() -> None:
    interview = INSTRUMENTS["dn4_interview"].items
    assert interview == INSTRUMENTS["dn4"].items[:7]
