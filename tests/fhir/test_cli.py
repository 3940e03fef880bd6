"""`fbss fhir import` and `fbss fhir export` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fbss.cli import app
from tests.fhir.conftest import RICH_CASE

runner = CliRunner()


def test_import_writes_one_case_per_patient_and_a_report(tmp_path: Path, external):
    out, report = tmp_path / "cases", tmp_path / "report.json"
    source = external / "synthea-bulk-ndjson-10"
    result = runner.invoke(
        app,
        ["fhir", "import", str(source), "--as-of", "2026-11-01", "--out", str(out), "--report", str(report)],
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.json"))) == 13
    document = json.loads(report.read_text())
    assert document["as_of"] == "2026-11-01"
    assert all(reason["reason"] for p in document["patients"] for reason in p["skipped"])
    assert "skipped, by reason:" in result.output


def test_import_exits_1_when_something_is_refused(tmp_path: Path):
    broken = tmp_path / "Observation.000.ndjson"
    broken.write_text('{"resourceType": "Observation", "status": 7}\n')
    result = runner.invoke(app, ["fhir", "import", str(broken), "--as-of", "2026-11-01"])
    assert result.exit_code == 1
    assert "refused Observation.000.ndjson line 1 status" in result.output


def test_export_then_import_gives_back_the_case_file(tmp_path: Path):
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(RICH_CASE))
    bundle = tmp_path / "bundle.json"
    exported = runner.invoke(app, ["fhir", "export", str(case_file), "--out", str(bundle)])
    assert exported.exit_code == 0, exported.output
    out = tmp_path / "back"
    imported = runner.invoke(app, ["fhir", "import", str(bundle), "--out", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "as of 2026-10-01" in imported.output
    back = json.loads((out / "demo-1.json").read_text())
    from fbss.clinical.case import Case

    assert Case.model_validate(back) == Case.model_validate(RICH_CASE)


def test_export_of_several_cases_writes_ndjson_per_resource_type(tmp_path: Path):
    for number in (1, 2):
        (tmp_path / f"case{number}.json").write_text(json.dumps({**RICH_CASE, "case_id": f"c{number}"}))
    out = tmp_path / "ndjson"
    result = runner.invoke(
        app, ["fhir", "export", str(tmp_path / "case1.json"), str(tmp_path / "case2.json"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len((out / "Patient.ndjson").read_text().splitlines()) == 2
    assert len((out / "Device.ndjson").read_text().splitlines()) == 1
