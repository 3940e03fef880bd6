"""PROMIS-29 v2.1: raw sums per domain only (no T-scores), stored by PROMIS item id."""

import pytest

from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, score
from fbss.clinical.instruments.promis29 import DOMAINS, GLOBAL07, PAIN_INTENSITY


def all_items(value: int, intensity: int | None = 6) -> dict[str, int | None]:
    answers: dict[str, int | None] = {item_id: value for ids in DOMAINS.values() for item_id in ids}
    answers[GLOBAL07] = intensity
    return answers


def test_each_domain_raw_score_is_the_sum_of_its_four_items() -> None:
    answers = all_items(1)
    answers.update({"sleep109": 5, "sleep116": 4, "sleep20": 3, "sleep44": 2})
    result = score("promis29", answers)
    assert result.subscales["sleep_disturbance"] == 14
    assert result.subscales["anxiety"] == 4
    assert result.subscales[PAIN_INTENSITY] == 6


def test_there_is_no_total_and_no_t_score() -> None:
    result = score("promis29", all_items(5))
    assert result.total is None
    assert set(result.subscales) == {*DOMAINS, PAIN_INTENSITY}
    assert all(result.subscales[domain] == 20 for domain in DOMAINS)
    assert "T-scores" in (result.note or "")


def test_incomplete_domain_is_not_prorated() -> None:
    answers = all_items(3)
    answers["eddep41"] = None
    result = score("promis29", answers)
    assert "depression" not in result.subscales
    assert result.missing_items == ("eddep41",)


def test_item_score_zero_is_refused() -> None:
    with pytest.raises(InstrumentError, match=r"item 'pfa11'.*0 is out of range 1-5"):
        score("promis29", {"pfa11": 0})


def test_seven_domains_of_four_items_with_the_mii_loinc_codes() -> None:
    promis = INSTRUMENTS["promis29"]
    assert len(DOMAINS) == 7
    assert all(len(ids) == 4 for ids in DOMAINS.values())
    assert len(promis.items) == 29
    codes = {item.id: item.loinc for item in promis.items}
    assert codes["painin9"] == "61758-9"
    assert codes["sleep20"] == "61998-1"
    assert codes["srpper23_caps"] == "76709-5"
    assert codes[GLOBAL07] == "61583-1"
    assert promis.loinc_panel is None  # the v2.1 panel code is not verified


def test_reversed_items_are_the_sleep_quality_and_social_role_items() -> None:
    reversed_ids = {item.id for item in INSTRUMENTS["promis29"].items if item.reverse_scored}
    assert reversed_ids == {
        "sleep109",
        "sleep116",
        "srpper11_caps",
        "srpper18_caps",
        "srpper23_caps",
        "srpper46_caps",
    }


def test_physical_function_and_social_roles_are_better_when_higher() -> None:
    promis = INSTRUMENTS["promis29"]
    assert promis.is_better_when_higher("physical_function")
    assert promis.is_better_when_higher("social_roles")
    assert not promis.is_better_when_higher("pain_interference")
    assert not promis.is_better_when_higher(PAIN_INTENSITY)
