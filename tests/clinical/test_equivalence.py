"""The fast paths agree with the plain ones they stand in for.

`assess` scores a case's responses once and hands them to the rules that read scores; each rule computes them
itself when called alone. Answers are checked by a per-instrument lookup before the item-by-item check that
names what is wrong. These tests hold the two paths to the same results.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from fbss.clinical import instruments, outcomes, phenotype
from fbss.clinical.assess import assess
from fbss.clinical.case import Case
from fbss.clinical.instruments import INSTRUMENTS, Instrument, InstrumentError
from fbss.clinical.instruments.base import raise_first_misfit
from fbss.demo import generate_cases

SAMPLE = 60


def _cases() -> list[Case]:
    return list(generate_cases(SAMPLE, seed=11))


def _document(case: Case) -> bytes:
    return orjson.dumps(assess(case).to_dict())


def test_rules_given_the_scores_conclude_what_they_conclude_alone() -> None:
    for case in _cases():
        scored = instruments.histories(case)
        assert instruments.score_findings(case, scored) == instruments.score_findings(case)
        assert outcomes.changes(case, scored) == outcomes.changes(case)
        assert phenotype.classify(case, scored) == phenotype.classify(case)


def test_assessing_other_cases_in_between_changes_nothing() -> None:
    cases = _cases()
    first = [_document(case) for case in cases]
    again = [_document(case) for case in reversed(cases)]
    assert first == list(reversed(again))


def test_cases_assessed_on_several_threads_get_their_own_findings() -> None:
    cases = _cases()
    expected = [_document(case) for case in cases]
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(_document, cases * 3))
    assert found == expected * 3


def _fits_by_item(found: Instrument, answers: dict[str, Any]) -> bool:
    try:
        raise_first_misfit(found, answers)
    except InstrumentError:
        return False
    return True


ANSWER_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-3, max_value=12), st.floats(allow_nan=False), st.text()
)


@st.composite
def answer_sets(draw: st.DrawFn) -> tuple[Instrument, dict[str, Any]]:
    found = draw(st.sampled_from(list(INSTRUMENTS.values())))
    item_ids = st.one_of(st.sampled_from(found.item_ids), st.text(max_size=4))
    return found, draw(st.dictionaries(item_ids, ANSWER_VALUES, max_size=8))


@settings(max_examples=400, deadline=None)
@given(answer_sets())
def test_quick_answer_check_agrees_with_the_item_by_item_check(drawn: tuple[Instrument, Any]) -> None:
    found, answers = drawn
    assert found.fits(answers) == _fits_by_item(found, answers)


def test_every_accepted_value_of_every_item_passes_the_quick_check() -> None:
    for found in INSTRUMENTS.values():
        for item in found.items:
            values = item.allowed or range(item.minimum, item.maximum + 1)
            for value in values:
                assert found.fits({item.id: value}), (found.id, item.id, value)
            assert found.fits({item.id: None})
            assert found.fits({item.id: True}) == item.is_yes_no
