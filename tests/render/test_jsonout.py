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
