"""PHQ-9: sum of items 1-9, Kroenke 2001 bands, item 9 flagged whatever the total."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score
from fbss.clinical.instruments.phq9 import ITEM9_POSITIVE


def answers(*values: int, **extra: int | None) -> dict[str, int | None]:
    given: dict[str, int | None] = {str(number): value for number, value in enumerate(values, start=1)}
    given.update({key.removeprefix("i"): value for key, value in extra.items()})
    return given


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_bands_follow_kroenke_cut_points_5_10_15_20(total: int, band: str) -> None:
    values = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    values += [0] * (9 - len(values))
    result = score("phq9", answers(*values))
    assert result.total == total
    assert result.band == band


def test_item_10_difficulty_is_never_summed() -> None:
    result = score("phq9", answers(1, 1, 1, 1, 1, 1, 1, 1, 0, i10=3))
    assert result.total == 8
    assert result.maximum == 27


def test_item9_above_zero_flags_whatever_the_total() -> None:
    result = score("phq9", answers(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert result.total == 1
    assert result.band == "minimal"
    assert ITEM9_POSITIVE in result.flags


def test_item9_zero_raises_no_flag() -> None:
    assert score("phq9", answers(3, 3, 3, 3, 3, 3, 3, 3, 0)).flags == ()


def test_item9_positive_is_flagged_even_when_other_items_are_missing() -> None:
    result = score("phq9", {"9": 2})
    assert result.total is None
    assert ITEM9_POSITIVE in result.flags
    assert result.missing_items == ("1", "2", "3", "4", "5", "6", "7", "8")


def test_missing_item_leaves_total_unscored_and_lists_it() -> None:
    result = score("phq9", answers(1, 2, 1, 0, 1, 0, 1, 0, i9=None))
    assert result.total is None
    assert result.band is None
    assert result.missing_items == ("9",)
    assert result.answered == 8


def test_out_of_range_answer_names_the_item() -> None:
    with pytest.raises(InstrumentError, match=r"item '4'.*4 is out of range 0-3"):
        score("phq9", answers(0, 0, 0, 4, 0, 0, 0, 0, 0))


def test_true_false_is_refused_for_a_0_to_3_item() -> None:
    with pytest.raises(InstrumentError, match=r"item '1'.*takes a number 0-3"):
        score("phq9", {"1": True})


def test_unknown_item_is_refused_by_name() -> None:
    with pytest.raises(InstrumentError, match=r"item '11' is not an item of PHQ-9"):
        score("phq9", {"11": 0})


def test_item_text_and_loinc_codes_are_the_published_ones() -> None:
    phq9 = INSTRUMENTS["phq9"]
    assert phq9.free_to_reproduce
    assert phq9.loinc_panel == "44249-1"
    assert phq9.loinc_total == "44261-6"
    assert [item.loinc for item in phq9.items] == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
        "69722-7",
    ]
    item9 = phq9.item("9")
    assert item9 is not None
    assert item9.text == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert item9.options == ("Not at all", "Several days", "More than half the days", "Nearly every day")
