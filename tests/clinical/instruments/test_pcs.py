"""Pain Catastrophizing Scale: total 0-52 and the three subscales; 30 or more clinically relevant."""

import pytest

from fbss.clinical.instruments import InstrumentError, score


def items(values: dict[int, int], default: int = 0) -> dict[str, int | None]:
    return {str(number): values.get(number, default) for number in range(1, 14)}


def test_subscales_sum_their_published_items() -> None:
    # one point on each rumination item (8-11), two on magnification (6, 7, 13), three on helplessness
    result = score(
        "pcs",
        items({8: 1, 9: 1, 10: 1, 11: 1, 6: 2, 7: 2, 13: 2, 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 12: 3}),
    )
    assert result.subscales == {"rumination": 4, "magnification": 6, "helplessness": 18}
    assert result.total == 28


def test_maximum_is_52() -> None:
    result = score("pcs", items({}, default=4))
    assert result.total == 52
    assert result.subscales == {"rumination": 16, "magnification": 12, "helplessness": 24}


def test_29_is_below_and_30_reaches_the_clinical_threshold() -> None:
    below = score("pcs", items({1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 6: 4, 7: 4, 8: 1}))
    at = score("pcs", items({1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 6: 4, 7: 4, 8: 2}))
    assert (below.total, below.band) == (29, "below_clinical_threshold")
    assert (at.total, at.band) == (30, "clinically_relevant")


def test_missing_item_keeps_the_complete_subscales_only() -> None:
    answers = items({}, default=2)
    answers["13"] = None
    result = score("pcs", answers)
    assert result.total is None
    assert result.subscales == {"rumination": 8, "helplessness": 12}


def test_five_is_out_of_range() -> None:
    with pytest.raises(InstrumentError, match=r"item '13'.*5 is out of range 0-4"):
        score("pcs", items({13: 5}))
