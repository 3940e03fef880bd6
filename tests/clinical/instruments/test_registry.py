"""The registry: every instrument as data with its sources; validation, scoring and history over a case."""

from datetime import date

import pytest
from pydantic import ValidationError

from fbss.clinical.case import Case, InstrumentId
from fbss.clinical.instruments import INSTRUMENTS, InstrumentError, history, latest, score, validate_answers


def case_with(*responses: dict[str, object]) -> Case:
    return Case.model_validate({"assessment_date": "2026-11-01", "instruments": list(responses)})


def test_every_case_instrument_id_has_an_instrument() -> None:
    assert set(INSTRUMENTS) == {member.value for member in InstrumentId}
    assert all(found.id == key for key, found in INSTRUMENTS.items())


def test_every_instrument_names_sources_and_a_licence() -> None:
    for found in INSTRUMENTS.values():
        assert found.sources, found.id
        assert found.licence, found.id


def test_item_text_is_shipped_only_for_instruments_free_to_reproduce() -> None:
    with_text = {key for key, found in INSTRUMENTS.items() if any(item.text for item in found.items)}
    assert with_text == {"phq9", "gad7", "peg"}
    assert all(INSTRUMENTS[key].free_to_reproduce for key in with_text)
    assert not any(
        item.options or item.anchors
        for found in INSTRUMENTS.values()
        if not found.free_to_reproduce
        for item in found.items
    )


def test_item_ids_are_unique_within_each_instrument() -> None:
    for found in INSTRUMENTS.values():
        assert len(set(found.item_ids)) == len(found.items), found.id


def test_an_mcid_always_names_its_source_and_its_absence_a_reason() -> None:
    for found in INSTRUMENTS.values():
        if found.mcid is not None:
            assert found.mcid_source is not None, found.id
        else:
            assert found.mcid_note, found.id


def test_unknown_instrument_is_an_error_when_scoring() -> None:
    with pytest.raises(InstrumentError, match="unknown instrument 'eq5d'"):
        score("eq5d", {})


def test_validate_answers_names_the_item() -> None:
    with pytest.raises(InstrumentError, match=r"item '3'"):
        validate_answers("gad7", {"3": 9})


def test_a_fraction_is_refused_as_not_a_whole_number() -> None:
    with pytest.raises(InstrumentError, match=r"item '1' of PEG: 2.5 is not a whole number"):
        score("peg", {"1": 2.5})  # type: ignore[dict-item]


def test_case_reports_a_bad_answer_at_its_instrument_position() -> None:
    with pytest.raises(ValidationError) as error:
        case_with({"instrument": "phq9", "answers": {"1": 1}}, {"instrument": "odi", "answers": {"2": 7}})
    (problem,) = error.value.errors()
    assert problem["loc"] == ("instruments", 1)
    assert "item '2'" in problem["msg"]


def test_history_is_oldest_first_with_undated_taken_on_the_assessment_date() -> None:
    case = case_with(
        {"instrument": "peg", "answers": {"1": 2, "2": 2, "3": 2}},
        {"instrument": "peg", "date": "2026-03-01", "answers": {"1": 8, "2": 8, "3": 8}},
        {"instrument": "gad7", "date": "2026-01-01", "answers": {}},
        {"instrument": "peg", "date": "2026-01-15", "answers": {"1": 9, "2": 9, "3": 9}},
    )
    found = history(case, "peg")
    assert [response.position for response in found] == [3, 1, 0]
    assert [response.score.total for response in found] == [9, 8, 2]
    assert found[-1].date == date(2026, 11, 1)
    assert not found[-1].dated
    assert found[0].dated


def test_same_day_responses_keep_list_order() -> None:
    case = case_with(
        {"instrument": "nrs", "date": "2026-05-01", "answers": {"back": 7}},
        {"instrument": "nrs", "date": "2026-05-01", "answers": {"back": 3}},
    )
    assert [response.position for response in history(case, "nrs")] == [0, 1]
    latest_response = latest(case, "nrs")
    assert latest_response is not None
    assert latest_response.position == 1


def test_latest_is_none_without_responses() -> None:
    assert latest(case_with(), "odi") is None
    assert history(case_with(), "odi") == ()


def test_scores_of_one_case_are_never_served_for_another() -> None:
    first = case_with({"instrument": "nrs", "answers": {"back": 7}})
    second = case_with({"instrument": "nrs", "answers": {"back": 2}})
    assert [r.score.subscales for r in history(first, "nrs")] == [{"back": 7}]
    assert [r.score.subscales for r in history(second, "nrs")] == [{"back": 2}]
    assert [r.score.subscales for r in history(first, "nrs")] == [{"back": 7}]
