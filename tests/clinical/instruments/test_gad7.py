"""GAD-7: sum of items 1-7 with Spitzer 2006 bands."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score


def answers(*values: int) -> dict[str, int | None]:
    return {str(number): value for number, value in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 0), 0, "minimal"),
        ((1, 1, 1, 1, 0, 0, 0), 4, "minimal"),
        ((1, 1, 1, 1, 1, 0, 0), 5, "mild"),
        ((2, 2, 2, 2, 2, 0, 0), 10, "moderate"),
        ((3, 3, 3, 3, 3, 0, 0), 15, "severe"),
        ((3, 3, 3, 3, 3, 3, 3), 21, "severe"),
    ],
)
def test_bands_follow_spitzer_cut_points_5_10_15(values: tuple[int, ...], total: int, band: str) -> None:
    result = score("gad7", answers(*values))
    assert (result.total, result.band) == (total, band)


def test_difficulty_item_is_optional_and_not_summed() -> None:
    assert score("gad7", {**answers(1, 1, 1, 1, 1, 1, 1), "8": 3}).total == 7


def test_missing_item_leaves_total_unscored() -> None:
    result = score("gad7", answers(1, 1, 1, 1, 1, 1))
    assert result.total is None
    assert result.missing_items == ("7",)


def test_out_of_range_answer_names_the_item() -> None:
    with pytest.raises(InstrumentError, match=r"item '7'.*-1 is out of range 0-3"):
        score("gad7", answers(0, 0, 0, 0, 0, 0, -1))


def test_items_carry_the_verified_loinc_codes() -> None:
    gad7 = INSTRUMENTS["gad7"]
    assert (gad7.loinc_panel, gad7.loinc_total) == ("69737-5", "70274-6")
    assert [item.loinc for item in gad7.items[:7]] == [
        "69725-0",
        "68509-9",
        "69733-4",
        "69734-2",
        "69735-9",
        "69689-8",
        "69736-7",
    ]
    assert all(item.text for item in gad7.items)
