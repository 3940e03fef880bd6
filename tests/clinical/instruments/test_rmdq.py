"""RMDQ: the number of statements ticked (0-24); blank means not ticked (Roland & Morris 1983)."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score
from fbss.clinical.sources import OSTELO_2008


def test_score_counts_ticked_statements() -> None:
    ticked = {str(number): True for number in (1, 3, 9, 17, 24)}
    assert score("rmdq", ticked).total == 5


def test_zero_one_and_true_false_count_alike() -> None:
    assert score("rmdq", {"1": 1, "2": True, "3": 0, "4": False}).total == 2


def test_blank_or_not_applicable_statements_count_as_not_ticked() -> None:
    result = score("rmdq", {"1": True, "2": None})
    assert result.total == 1
    assert result.missing_items == ()


def test_all_ticked_is_24() -> None:
    assert score("rmdq", {str(number): True for number in range(1, 25)}).total == 24


def test_item_25_does_not_exist() -> None:
    with pytest.raises(InstrumentError, match=r"item '25' is not an item"):
        score("rmdq", {"25": True})


def test_value_two_is_refused() -> None:
    with pytest.raises(InstrumentError, match=r"item '5'.*2 is out of range 0-1"):
        score("rmdq", {"5": 2})


def test_mcid_is_five_points_or_thirty_percent_from_ostelo() -> None:
    rmdq = INSTRUMENTS["rmdq"]
    assert (rmdq.mcid, rmdq.mcid_percent, rmdq.mcid_source) == (5, 30, OSTELO_2008)
    assert all(item.text is None for item in rmdq.items)
