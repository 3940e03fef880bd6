"""Reading case files: every way a case can be wrong ends as one clear message per bad field."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest

from fbss.caseio import (
    CaseInputError,
    case_from_data,
    case_from_json,
    case_from_yaml,
    count_cases,
    is_batch,
    json_path,
    read_case_file,
    read_cases,
    read_ndjson,
)

BLNS = Path(__file__).resolve().parents[2] / "shared" / "external" / "hostile-input" / "blns.json"


def minimal(**extra: object) -> dict[str, object]:
    return {"assessment_date": "2026-11-01", **extra}


def problems(call: object, *args: object) -> list[str]:
    """The messages a failing read gives, located as the CLI shows them."""
    with pytest.raises(CaseInputError) as error:
        call(*args)  # type: ignore[operator]
    located = error.value if error.value.origin else error.value.at("case")
    return located.messages()


def test_a_yaml_case_is_read_with_its_dates() -> None:
    case = case_from_yaml("assessment_date: 2026-11-01\nage_years: 50\n")
    assert case.age_years == 50
    assert case.assessment_date.isoformat() == "2026-11-01"


def test_out_of_range_value_names_its_path_bound_and_yaml_line() -> None:
    text = "assessment_date: 2026-11-01\npain:\n  - region: leg\n    nrs_now: 11\n"
    assert problems(case_from_yaml, text) == ["case:4: pain[0].nrs_now: must be <= 10"]


def test_each_bad_field_gets_its_own_message() -> None:
    data = minimal(age_years=-1, pain=[{"region": "legg", "nrs_now": 11}], weight_kg="heavy")
    assert problems(case_from_data, data) == [
        "case: age_years: must be >= 0",
        "case: weight_kg: must be a number",
        "case: pain[0].region: 'legg' is not one of: back, leg, other",
        "case: pain[0].nrs_now: must be <= 10",
    ]


def test_a_misspelt_field_suggests_the_right_name() -> None:
    assert problems(case_from_data, minimal(agee=40)) == [
        "case: agee: unknown field; did you mean 'age_years'?"
    ]
    nested = minimal(pain=[{"region": "back", "nrs_averge": 5}])
    assert problems(case_from_data, nested) == [
        "case: pain[0].nrs_averge: unknown field; did you mean 'nrs_average'?"
    ]


def test_a_missing_required_field_is_named() -> None:
    assert problems(case_from_data, {"age_years": 50}) == ["case: assessment_date: required, but missing"]


def test_a_bad_spinal_level_is_explained_in_words() -> None:
    data = minimal(surgeries=[{"type": "fusion", "levels": ["L6-S1"]}])
    assert problems(case_from_data, data) == [
        "case: surgeries[0].levels[0]: 'L6-S1' is not a spinal level or segment such as L5 or L4-L5"
    ]


def test_an_unknown_lab_unit_is_refused_naming_the_accepted_ones() -> None:
    data = minimal(labs=[{"test": "crp", "value": 3, "unit": "g/L"}])
    (message,) = problems(case_from_data, data)
    assert message.startswith("case: labs[0]: unit 'g/L' is not accepted for crp")
    assert "mg/L" in message


def test_an_unknown_instrument_item_is_refused_naming_the_item() -> None:
    data = minimal(instruments=[{"instrument": "phq9", "answers": {"99": 1}}])
    (message,) = problems(case_from_data, data)
    assert message.startswith("case: instruments[0].answers.99: ")
    assert "'99'" in message


def test_an_out_of_range_answer_is_refused_naming_the_item_and_range() -> None:
    data = minimal(instruments=[{"instrument": "phq9", "answers": {"1": 7}}])
    (message,) = problems(case_from_data, data)
    assert "'1'" in message
    assert "7" in message


def test_an_answer_of_the_wrong_type_is_one_message_not_one_per_union_member() -> None:
    data = minimal(instruments=[{"instrument": "phq9", "answers": {"1": 1.5}}])
    assert problems(case_from_data, data) == [
        "case: instruments[0].answers.1: must be true, false, a whole number or null"
    ]


def test_an_unknown_instrument_lists_the_known_ones() -> None:
    data = minimal(instruments=[{"instrument": "phq10", "answers": {}}])
    (message,) = problems(case_from_data, data)
    assert message.startswith("case: instruments[0].instrument: 'phq10' is not one of: nrs, peg, odi")


def test_a_check_across_fields_keeps_the_path_it_names() -> None:
    data = minimal(surgeries=[{"type": "fusion", "date": "2027-01-01"}])
    assert problems(case_from_data, data) == [
        "case: surgeries[0].date: 2027-01-01 is after the assessment date"
    ]


def test_malformed_yaml_gives_the_line_and_no_traceback() -> None:
    (message,) = problems(case_from_yaml, "assessment_date: 2026-11-01\npain: [\n")
    assert message.startswith("case:3: not valid YAML:")


def test_a_yaml_key_given_twice_is_an_error_not_an_override() -> None:
    (message,) = problems(case_from_yaml, "assessment_date: 2026-11-01\nage_years: 40\nage_years: 50\n")
    assert message == "case:3: not valid YAML: key 'age_years' appears twice, column 1"


def test_two_yaml_documents_in_one_file_are_refused() -> None:
    (message,) = problems(case_from_yaml, "assessment_date: 2026-11-01\n---\nassessment_date: 2026-11-02\n")
    assert "one case per YAML file" in message


def test_an_empty_file_and_a_list_are_not_cases() -> None:
    assert problems(case_from_yaml, "") == ["case: the file is empty"]
    assert problems(case_from_yaml, "- 1\n") == ["case: a case must be a mapping of fields, not a list"]
    assert problems(case_from_json, b"null") == ["case: a case must be a mapping of fields, not null"]


def test_malformed_json_is_reported_with_its_position() -> None:
    (message,) = problems(case_from_json, b'{"assessment_date": ')
    assert message.startswith("case: not valid JSON: ")
    assert "line 1" in message


def test_a_date_that_is_not_a_date_says_the_format() -> None:
    assert problems(case_from_json, b'{"assessment_date": "2026-13-01"}') == [
        "case: assessment_date: must be a date, YYYY-MM-DD"
    ]


def test_a_case_file_is_read_by_its_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(orjson.dumps(minimal(case_id="a")))
    (tmp_path / "b.yml").write_text("assessment_date: 2026-11-01\ncase_id: b\n")
    assert read_case_file(tmp_path / "a.json").case_id == "a"
    assert read_case_file(tmp_path / "b.yml").case_id == "b"


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("assessment_date: 2026-11-01\ncase_id: caf\xe9\n".encode("latin-1"))
    assert problems(read_case_file, path) == [f"{path}: not UTF-8 text (byte 40)"]


def test_unsupported_and_missing_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    (message,) = problems(read_case_file, tmp_path / "notes.txt")
    assert "unsupported file type '.txt'" in message
    assert problems(read_case_file, tmp_path / "gone.yaml") == [
        f"{tmp_path / 'gone.yaml'}: no such file or folder"
    ]


def test_a_folder_is_read_in_name_order_skipping_other_files(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("assessment_date: 2026-11-01\ncase_id: b\n")
    (tmp_path / "a.json").write_bytes(orjson.dumps(minimal(case_id="a")))
    (tmp_path / "README.md").write_text("not a case")
    (tmp_path / ".hidden.yaml").write_text("not: read")
    entries = list(read_cases(tmp_path))
    assert [entry.case.case_id for entry in entries if entry.case] == ["a", "b"]
    assert count_cases(tmp_path) == 2


def test_a_bad_case_in_a_folder_is_reported_and_the_rest_still_read(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("assessment_date: 2026-11-01\nage_years: 200\n")
    (tmp_path / "b.yaml").write_text("assessment_date: 2026-11-01\ncase_id: b\n")
    first, second = read_cases(tmp_path)
    assert first.error is not None
    assert first.error.messages() == [f"{tmp_path / 'a.yaml'}:2: age_years: must be <= 120"]
    assert second.case is not None


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CaseInputError, match="no case files"):
        read_cases(tmp_path)


def test_ndjson_errors_name_the_line_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "cases.ndjson"
    path.write_bytes(b'{"assessment_date": "2026-11-01"}\n\n{"assessment_date": "2026-11-01", "sex": "x"}\n')
    entries = list(read_cases(path))
    assert len(entries) == 2
    assert entries[1].error is not None
    assert entries[1].error.messages() == [f"{path}:3: sex: 'x' is not one of: female, male, other"]
    assert count_cases(path) == 2


def test_an_ndjson_stream_is_read_line_by_line() -> None:
    stream = io.BytesIO(b'{"assessment_date": "2026-11-01", "case_id": "s1"}\n[1]\n')
    good, bad = read_ndjson(stream, "<stdin>")
    assert good.case is not None
    assert good.case.case_id == "s1"
    assert bad.origin == "<stdin>:2"


def test_a_single_file_is_one_case_and_folders_and_streams_are_batches(tmp_path: Path) -> None:
    assert not is_batch(tmp_path / "a.yaml")
    assert is_batch(tmp_path / "a.ndjson")
    assert is_batch(tmp_path)
    assert is_batch("-")
    assert count_cases("-") is None


def test_json_paths_read_like_the_case() -> None:
    assert json_path(("pain", 0, "nrs_now")) == "pain[0].nrs_now"
    assert json_path(("instruments", 2, "answers", "q 1")) == "instruments[2].answers['q 1']"


@pytest.mark.skipif(not BLNS.exists(), reason="the hostile-input list is not beside the project")
def test_hostile_strings_are_stored_exactly_or_refused_with_a_message() -> None:
    refused: list[list[str]] = []
    for text in orjson.loads(BLNS.read_bytes()):
        try:
            case = case_from_json(orjson.dumps(minimal(case_id=text, goals=[{"goal": text or "x"}])))
        except CaseInputError as error:
            refused.append(error.messages())
        else:
            assert case.case_id == text.strip()
    assert all(messages and all(messages) for messages in refused)
