"""PEG: the mean of pain, enjoyment and general activity (Krebs 2009)."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score


def test_score_is_the_mean_of_the_three_items() -> None:
    assert score("peg", {"1": 6, "2": 7, "3": 8}).total == 7
    assert score("peg", {"1": 5, "2": 5, "3": 6}).total == pytest.approx(5.33)


def test_all_three_items_are_needed() -> None:
    result = score("peg", {"1": 6, "2": 7, "3": None})
    assert result.total is None
    assert result.missing_items == ("3",)


def test_ratings_above_ten_are_refused_by_item() -> None:
    with pytest.raises(InstrumentError, match=r"item '2'.*11 is out of range 0-10"):
        score("peg", {"1": 6, "2": 11, "3": 8})


def test_peg_ships_its_published_wording_and_loinc_codes() -> None:
    peg = INSTRUMENTS["peg"]
    assert peg.loinc_panel == "91148-7"
    assert peg.loinc_total == "91147-9"
    assert [item.loinc for item in peg.items] == ["75893-8", "91145-3", "91146-1"]
    first = peg.item("1")
    assert first is not None
    assert first.text == "What number best describes your pain on average in the past week?"
    assert first.anchors == ("No pain", "Pain as bad as you can imagine")
    assert peg.bands == ()
    assert peg.mcid is None
