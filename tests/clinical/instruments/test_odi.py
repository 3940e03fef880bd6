"""ODI v2.1a: percentage of points possible; each unanswered section lowers the denominator by 5."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score
from fbss.clinical.sources import OSTELO_2008


def sections(*values: int | None) -> dict[str, int | None]:
    return {str(number): value for number, value in enumerate(values, start=1)}


def test_all_sections_answered_gives_sum_over_fifty_as_percent() -> None:
    result = score("odi", sections(2, 2, 2, 2, 2, 2, 2, 2, 2, 2))
    assert result.total == 40
    assert result.band == "moderate"
    assert result.missing_items == ()


def test_published_example_sixteen_of_forty_five_with_sex_life_unanswered() -> None:
    # Fairbank 2000 worked example: one section missing -> 16 / 45 = 35.5%
    result = score("odi", sections(2, 2, 2, 2, 2, 2, 1, None, 2, 1))
    assert result.total == pytest.approx(16 / 45 * 100, abs=0.05)
    assert result.missing_items == ("8",)
    assert "sections_missing" in result.flags
    assert result.note is not None


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "minimal"),
        (20, "minimal"),
        (20.5, "moderate"),
        (40, "moderate"),
        (41, "severe"),
        (60, "severe"),
        (61, "crippled"),
        (80, "crippled"),
        (81, "bed_bound_or_exaggerating"),
        (100, "bed_bound_or_exaggerating"),
    ],
)
def test_bands_are_0_20_21_40_41_60_61_80_81_100(value: float, band: str) -> None:
    from fbss.clinical.instruments.base import band_of

    assert band_of(value, INSTRUMENTS["odi"].bands) == band


def test_no_section_answered_cannot_be_scored() -> None:
    result = score("odi", {})
    assert result.total is None
    assert len(result.missing_items) == 10


def test_section_value_six_is_refused_naming_the_section() -> None:
    with pytest.raises(InstrumentError, match=r"item '3'.*6 is out of range 0-5"):
        score("odi", sections(0, 0, 6))


def test_mcid_is_ten_points_or_thirty_percent_from_ostelo() -> None:
    odi = INSTRUMENTS["odi"]
    assert (odi.mcid, odi.mcid_percent, odi.mcid_source) == (10, 30, OSTELO_2008)


def test_licensed_odi_ships_no_item_text() -> None:
    odi = INSTRUMENTS["odi"]
    assert not odi.free_to_reproduce
    assert all(item.text is None for item in odi.items)
    assert odi.total_unit == "%"
