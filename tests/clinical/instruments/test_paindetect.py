"""painDETECT: sensory items 0-5 + course (-1/0/+1) + radiating (+2); -1 to 38 (Freynhagen 2006)."""

import pytest

from fbss.clinical.instruments import InstrumentError, score
from fbss.clinical.instruments.paindetect import (
    ATTACKS_WITH_PAIN_BETWEEN,
    ATTACKS_WITHOUT_PAIN_BETWEEN,
    PERSISTENT_WITH_ATTACKS,
    PERSISTENT_WITH_SLIGHT_FLUCTUATIONS,
)


def answers(sensory: tuple[int, ...], course: int, radiating: bool) -> dict[str, int | bool | None]:
    given: dict[str, int | bool | None] = {str(n): v for n, v in enumerate(sensory, start=1)}
    return {**given, "course": course, "radiating": radiating}


def test_lowest_possible_score_is_minus_one() -> None:
    result = score("paindetect", answers((0,) * 7, PERSISTENT_WITH_ATTACKS, False))
    assert (result.total, result.band) == (-1, "unlikely")


def test_highest_possible_score_is_38() -> None:
    result = score("paindetect", answers((5,) * 7, ATTACKS_WITH_PAIN_BETWEEN, True))
    assert (result.total, result.band) == (38, "likely")


@pytest.mark.parametrize(
    ("course", "points"),
    [
        (PERSISTENT_WITH_SLIGHT_FLUCTUATIONS, 0),
        (PERSISTENT_WITH_ATTACKS, -1),
        (ATTACKS_WITHOUT_PAIN_BETWEEN, 1),
        (ATTACKS_WITH_PAIN_BETWEEN, 1),
    ],
)
def test_each_course_pattern_scores_its_published_points(course: int, points: int) -> None:
    assert score("paindetect", answers((2,) * 7, course, False)).total == 14 + points


def test_radiating_pain_adds_two() -> None:
    without = score("paindetect", answers((2,) * 7, 1, False)).total
    with_radiation = score("paindetect", answers((2,) * 7, 1, True)).total
    assert without is not None
    assert with_radiation == without + 2


@pytest.mark.parametrize(
    ("sensory", "band"),
    [
        ((5, 5, 2, 0, 0, 0, 0), "unlikely"),
        ((5, 5, 3, 0, 0, 0, 0), "uncertain"),
        ((5, 5, 5, 3, 0, 0, 0), "uncertain"),
        ((5, 5, 5, 4, 0, 0, 0), "likely"),
    ],
)
def test_bands_are_12_or_less_13_to_18_and_19_or_more(sensory: tuple[int, ...], band: str) -> None:
    result = score("paindetect", answers(sensory, PERSISTENT_WITH_SLIGHT_FLUCTUATIONS, False))
    assert (result.total, result.band) == (sum(sensory), band)


def test_intensity_items_are_recorded_but_not_scored() -> None:
    given = {**answers((1,) * 7, 1, False), "pain_now": 9, "pain_worst": 10, "pain_average": 8}
    assert score("paindetect", given).total == 7


def test_missing_course_pattern_leaves_total_unscored() -> None:
    given = answers((1,) * 7, 1, False)
    del given["course"]
    result = score("paindetect", given)
    assert result.total is None
    assert result.missing_items == ("course",)


def test_course_code_outside_the_four_pictures_is_refused() -> None:
    with pytest.raises(InstrumentError, match=r"item 'course'.*-1 is not one of 1, 2, 3, 4"):
        score("paindetect", answers((1,) * 7, -1, False))
