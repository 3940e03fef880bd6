"""JSON output: exactly Assessment.to_dict, one indented document or one NDJSON line."""

from __future__ import annotations

from pathlib import Path

import orjson

from fbss.caseio import read_case_file
from fbss.clinical.assess import assess
from fbss.render import assessment_json, assessment_ndjson_line

CASE = Path(__file__).resolve().parents[2] / "examples" / "phenotype-nerve-definite.yaml"


def test_the_json_document_is_the_documented_assessment_shape() -> None:
    assessment = assess(read_case_file(CASE))
    document = orjson.loads(assessment_json(assessment))
    assert document == orjson.loads(orjson.dumps(assessment.to_dict()))
    finding = document["findings"][0]
    assert set(finding) == {
        "code", "kind", "title", "status", "severity", "value", "detail", "action", "timeframe",
        "because", "missing", "codes", "sources", "data",
    }  # fmt: skip


def test_an_ndjson_line_is_one_compact_line() -> None:
    assessment = assess(read_case_file(CASE))
    line = assessment_ndjson_line(assessment)
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert orjson.loads(line) == orjson.loads(assessment_json(assessment))


OUTPUT_DOC = Path(__file__).resolve().parents[2] / "docs" / "output.md"


def test_the_output_doc_describes_every_key_kind_status_and_severity() -> None:
    from fbss.clinical.finding import Kind, Severity, Status

    text = OUTPUT_DOC.read_text(encoding="utf-8")
    document = orjson.loads(assessment_json(assess(read_case_file(CASE))))
    keys = [*document, *(f"summary.{key}" for key in document["summary"]), *document["findings"][0]]
    words = [*keys, *(k.value for k in Kind), *(s.value for s in Status), *(s.value for s in Severity)]
    assert [word for word in words if f"`{word}`" not in text] == []
