"""The synthetic case generator: deterministic, valid, and clinically coherent combinations."""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from fbss.clinical.assess import assess
from fbss.clinical.case import Case, PainRegion, roots_of_level
from fbss.clinical.finding import Status
from fbss.clinical.instruments import INSTRUMENTS
from fbss.demo import PROFILES, generate_case_documents, generate_cases, profile_of
from fbss.demo.cases import case_document

SAMPLE = 1500


@functools.cache
def sample() -> tuple[Case, ...]:
    return tuple(generate_cases(SAMPLE, seed=3))


def profile_name(index: int) -> str:
    return profile_of(index, seed=3).name


def test_the_same_seed_gives_the_same_cases() -> None:
    assert list(generate_case_documents(25, seed=9)) == list(generate_case_documents(25, seed=9))


def test_different_seeds_give_different_cases() -> None:
    assert list(generate_case_documents(5, seed=1)) != list(generate_case_documents(5, seed=2))


def test_case_i_of_a_seed_does_not_depend_on_how_many_were_asked_for() -> None:
    assert list(generate_case_documents(5, seed=4)) == list(generate_case_documents(50, seed=4))[:5]
    assert case_document(7, seed=4) == list(generate_case_documents(8, seed=4))[7]


def test_every_generated_case_is_a_valid_case_with_a_unique_id() -> None:
    cases = sample()
    assert len(cases) == SAMPLE
    assert len({case.case_id for case in cases}) == SAMPLE


def test_every_profile_appears_including_the_red_flag_ones() -> None:
    seen = Counter(profile_name(i) for i in range(SAMPLE))
    assert set(seen) == {profile.name for profile in PROFILES}


def test_surgery_comes_before_the_assessment_and_the_index_surgery_is_marked() -> None:
    for case in sample():
        index = case.index_surgery
        assert index is not None
        assert index.index
        assert index.date is not None
        assert index.date < case.assessment_date
        assert case.total_operations >= len(case.surgeries)


def test_radicular_leg_pain_follows_the_root_of_the_operated_level() -> None:
    checked = 0
    for number, case in enumerate(sample()):
        if profile_name(number) != "radicular":
            continue
        index = case.index_surgery
        assert index is not None
        leg = next(report for report in case.pain if report.region is PainRegion.LEG)
        operated_roots = set().union(*(roots_of_level(level) for level in index.levels))
        assert set(leg.dermatomes) <= operated_roots
        checked += 1
    assert checked > 50


def test_questionnaires_have_dated_histories_within_the_item_ranges() -> None:
    histories = 0
    for case in sample():
        by_instrument: dict[str, list[object]] = {}
        for response in case.instruments:
            assert response.date is not None
            assert response.date <= case.assessment_date
            by_instrument.setdefault(response.instrument.value, []).append(response.date)
            instrument = INSTRUMENTS[response.instrument.value]
            for item_id, value in response.answers.items():
                item = instrument.item(item_id)
                assert item is not None
                assert value is None or item.accepts(int(value))
        histories += sum(1 for dates in by_instrument.values() if len(dates) > 1)
    assert histories > SAMPLE // 4


def test_thoughts_of_self_harm_are_rare_outside_the_suicide_risk_profile() -> None:
    positive = Counter()
    for number, case in enumerate(sample()):
        for response in case.instruments:
            if response.instrument.value == "phq9" and (response.answers.get("9") or 0) > 0:
                positive[profile_name(number) == "suicide_risk"] += 1
    assert positive[True] > 0
    assert positive[False] < SAMPLE * 0.1


@pytest.mark.parametrize("flag", ["redflag.cauda_equina", "redflag.infection", "redflag.suicide_risk"])
def test_red_flag_profiles_raise_their_red_flag(flag: str) -> None:
    profile = {"redflag.cauda_equina": "cauda_equina", "redflag.infection": "infection"}.get(
        flag, "suicide_risk"
    )
    numbers = [n for n in range(SAMPLE) if profile_name(n) == profile][:5]
    assert numbers
    for number in numbers:
        finding = assess(sample()[number]).get(flag)
        assert finding is not None, f"case {number}: no {flag} finding"
        assert finding.status is Status.MET


def test_most_generated_cases_raise_no_red_flag() -> None:
    cases = sample()[:300]
    flagged = sum(1 for case in cases if assess(case).open_red_flags)
    assert flagged < len(cases) * 0.35
