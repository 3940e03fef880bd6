"""Keele STarT Back: low total 0-3; medium total 4+ with distress 0-3; high distress 4-5; off-label here."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score


def answers(agree: tuple[int, ...], bothersome: int) -> dict[str, int | bool | None]:
    given: dict[str, int | bool | None] = {str(n): n in agree for n in range(1, 9)}
    return {**given, "9": bothersome}


def test_total_three_is_low_risk() -> None:
    result = score("startback", answers((1, 2, 3), 0))
    assert (result.total, result.band) == (3, "low")


def test_total_four_with_distress_three_is_medium_risk() -> None:
    result = score("startback", answers((1, 5, 6, 7), 0))
    assert (result.total, result.subscales["distress"], result.band) == (4, 3, "medium")


def test_distress_four_is_high_risk() -> None:
    result = score("startback", answers((5, 6, 7, 8), 0))
    assert (result.subscales["distress"], result.band) == (4, "high")


@pytest.mark.parametrize(("bothersome", "point"), [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)])
def test_bothersomeness_scores_only_very_much_or_extremely(bothersome: int, point: int) -> None:
    result = score("startback", answers((), bothersome))
    assert result.total == point
    assert result.subscales["distress"] == point


def test_every_score_is_marked_off_label_after_surgery() -> None:
    assert INSTRUMENTS["startback"].off_label_after_surgery
    assert "Off-label" in (score("startback", answers((), 0)).note or "")
    assert "Off-label" in (score("startback", {}).note or "")


def test_missing_item_leaves_risk_group_undecided() -> None:
    given = answers((1, 2, 3, 4), 4)
    del given["9"]
    result = score("startback", given)
    assert (result.total, result.band, result.missing_items) == (None, None, ("9",))


def test_bothersomeness_five_is_refused() -> None:
    with pytest.raises(InstrumentError, match=r"item '9'.*5 is out of range 0-4"):
        score("startback", answers((), 5))
