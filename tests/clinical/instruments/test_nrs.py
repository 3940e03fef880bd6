"""NRS: back and leg ratings 0-10 followed separately; MCID 2 points or 30% (Farrar 2001; Ostelo 2008)."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score


def test_back_and_leg_are_separate_subscales_without_a_total() -> None:
    result = score("nrs", {"back": 4, "leg": 7})
    assert result.total is None
    assert result.subscales == {"back": 4, "leg": 7}


def test_a_rating_of_one_region_alone_is_kept_and_the_other_listed_missing() -> None:
    result = score("nrs", {"leg": 7})
    assert result.subscales == {"leg": 7}
    assert result.missing_items == ("back",)


def test_eleven_is_refused_naming_the_region() -> None:
    with pytest.raises(InstrumentError, match=r"item 'leg'.*11 is out of range 0-10"):
        score("nrs", {"leg": 11})


def test_mcid_is_two_points_or_thirty_percent() -> None:
    nrs = INSTRUMENTS["nrs"]
    assert (nrs.mcid, nrs.mcid_percent) == (2, 30)
    assert nrs.bands == ()  # mild/moderate/severe bands are unverified
