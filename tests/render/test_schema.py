"""The case format's JSON Schema and its documentation: every field titled, described and documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from fbss.caseio import case_from_data
from fbss.render.schema import (
    REFERENCE_BEGIN,
    REFERENCE_END,
    case_field_reference,
    case_json_schema,
    case_models,
    field_title,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "case-format.md"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def model_section(text: str, name: str) -> str:
    """The part of the doc under '### Name', up to the next heading of that level."""
    match = re.search(rf"^### {name}\n(.*?)(?=^### |\Z)", text, re.S | re.M)
    assert match, f"docs/case-format.md has no section for {name}"
    return match.group(1)


def properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    parts = [("Case", schema), *schema["$defs"].items()]
    return [(name, field, prop) for name, part in parts for field, prop in part.get("properties", {}).items()]


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(case_json_schema())


def test_every_field_has_a_title_and_a_description() -> None:
    undescribed = [
        f"{name}.{field}"
        for name, field, prop in properties(case_json_schema())
        if not prop.get("description")
    ]
    untitled = [
        f"{name}.{field}" for name, field, prop in properties(case_json_schema()) if not prop.get("title")
    ]
    assert undescribed == []
    assert untitled == []


def test_enumerations_with_meanings_carry_them_in_the_schema() -> None:
    course = case_json_schema()["$defs"]["PainCourse"]["description"]
    assert "new_after_interval: Returned after a pain-free interval" in course


def test_a_model_default_of_all_unknowns_is_written_as_an_empty_object() -> None:
    assert case_json_schema()["properties"]["red_flags"]["default"] == {}


@pytest.mark.parametrize("model", case_models(), ids=lambda model: model.__name__)
def test_the_case_format_doc_mentions_every_field(model: type) -> None:
    section = model_section(doc_text(), model.__name__)
    missing = [field for field in model.model_fields if f"`{field}`" not in section]
    assert missing == [], f"docs/case-format.md does not describe {model.__name__}: {missing}"


def test_the_field_reference_in_the_doc_is_current() -> None:
    text = doc_text()
    generated = text.split(REFERENCE_BEGIN, 1)[1].split(REFERENCE_END, 1)[0]
    assert generated.strip() == case_field_reference().strip(), (
        "docs/case-format.md is out of date: describe new fields in src/fbss/render/case_fields.yaml, then run "
        "`fbss schema case --update-doc docs/case-format.md`"
    )


def test_the_annotated_example_in_the_doc_is_a_valid_case() -> None:
    block = re.search(r"## A complete example, annotated.*?```yaml\n(.*?)```", doc_text(), re.S)
    assert block
    data = yaml.safe_load(block.group(1))
    case = case_from_data(data)
    top_level = set(type(case).model_fields)
    assert set(data) == top_level, f"the example leaves out {sorted(top_level - set(data))}"


def test_field_titles_read_as_words_with_units() -> None:
    assert field_title("weight_kg") == "Weight (kg)"
    assert field_title("nrs_now") == "NRS now"
    assert field_title("dose_mg_per_day") == "Dose (mg per day)"
    assert field_title("post_void_residual_ml") == "Post void residual (mL)"
    assert field_title("relief_percent") == "Relief (%)"
