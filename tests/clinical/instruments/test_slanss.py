"""S-LANSS: yes answers weighted 5, 5, 3, 2, 1, 5, 3; 12 or more screens positive (Bennett 2005)."""

import pytest

from fbss.clinical.instruments import InstrumentError, score


def yes_to(*numbers: int) -> dict[str, int | None]:
    return {str(number): int(number in numbers) for number in range(1, 8)}


def test_every_yes_scores_its_published_weight() -> None:
    assert [score("slanss", yes_to(number)).total for number in range(1, 8)] == [5, 5, 3, 2, 1, 5, 3]


def test_all_yes_is_24() -> None:
    assert score("slanss", yes_to(1, 2, 3, 4, 5, 6, 7)).total == 24


def test_eleven_is_negative_and_twelve_positive() -> None:
    eleven = score("slanss", yes_to(1, 3, 4, 5))  # 5 + 3 + 2 + 1
    twelve = score("slanss", yes_to(1, 2, 4))  # 5 + 5 + 2
    assert (eleven.total, eleven.band) == (11, "negative")
    assert (twelve.total, twelve.band) == (12, "positive")


def test_missing_answer_leaves_total_unscored() -> None:
    answers = yes_to(1)
    answers["7"] = None
    assert score("slanss", answers).missing_items == ("7",)


def test_weighted_value_instead_of_yes_is_refused() -> None:
    with pytest.raises(InstrumentError, match=r"item '1'.*5 is out of range 0-1"):
        score("slanss", {**yes_to(), "1": 5})
