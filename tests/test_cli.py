"""The `fbss` commands this module owns: assess, schema case, demo; run in process through Typer's runner."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import orjson
import pytest
from typer.testing import CliRunner

from fbss.cli import app
from fbss.cli.assess_cmd import EXIT_BAD_INPUT
from fbss.demo import generate_case_documents
from fbss.render.schema import REFERENCE_BEGIN, REFERENCE_END, case_field_reference

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CAUDA_EQUINA = EXAMPLES / "redflag-cauda-equina.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def ndjson(text: str) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in text.splitlines() if line.strip()]


def test_assess_prints_a_readable_report_with_red_flags_first(runner: CliRunner) -> None:
    result = runner.invoke(app, ["assess", str(CAUDA_EQUINA)])
    assert result.exit_code == 0, result.output
    report = result.stdout
    assert "example-redflag-cauda-equina" in report
    assert report.index("RED FLAG") < report.index("Sources")
    assert "EMERGENCY" in report


def test_assess_json_prints_one_assessment_document(runner: CliRunner) -> None:
    result = runner.invoke(app, ["assess", str(CAUDA_EQUINA), "--format", "json"])
    assert result.exit_code == 0
    document = orjson.loads(result.stdout)
    assert document["case_id"] == "example-redflag-cauda-equina"
    assert set(document) == {
        "knowledge_version",
        "case_id",
        "assessment_date",
        "summary",
        "findings",
        "sources",
    }
    assert "redflag.cauda_equina" in document["summary"]["open_red_flags"]


def test_assess_a_folder_prints_one_ndjson_line_per_case_in_name_order(runner: CliRunner) -> None:
    result = runner.invoke(app, ["assess", str(EXAMPLES), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    ids = [document["case_id"] for document in ndjson(result.stdout)]
    assert ids == [f"example-{path.stem}" for path in sorted(EXAMPLES.glob("*.yaml"))]


def test_assess_stdin_reports_bad_lines_and_assesses_the_rest(runner: CliRunner) -> None:
    lines = [
        orjson.dumps({"assessment_date": "2026-11-01", "case_id": "one"}),
        orjson.dumps({"assessment_date": "2026-11-01", "pain": [{"region": "leg", "nrs_now": 12}]}),
        b"{not json",
        orjson.dumps({"assessment_date": "2026-11-01", "case_id": "four"}),
    ]
    result = runner.invoke(app, ["assess", "-", "--format", "json"], input=b"\n".join(lines) + b"\n")
    assert result.exit_code == EXIT_BAD_INPUT
    assert [document["case_id"] for document in ndjson(result.stdout)] == ["one", "four"]
    assert "error: <stdin>:2: pain[0].nrs_now: must be <= 10" in result.stderr
    assert "error: <stdin>:3: not valid JSON" in result.stderr
    assert "2 of 4 cases assessed; 2 unreadable" in result.stderr
    assert "Traceback" not in result.output


def test_assess_an_ndjson_file_of_generated_cases(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cases.ndjson"
    path.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in generate_case_documents(20, seed=5)))
    result = runner.invoke(app, ["assess", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert len(ndjson(result.stdout)) == 20


def test_assess_a_bad_file_exits_2_with_one_message_per_field(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("assessment_date: 2026-11-01\nage_years: 130\nsex: unknown\n")
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {path}:2: age_years: must be <= 120",
        f"error: {path}:3: sex: 'unknown' is not one of: female, male, other",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("assessment_date: 2026-11-01\npain: [\n", "not valid YAML"),
        (
            "assessment_date: 2026-11-01\nlabs:\n  - {test: crp, value: 3, unit: g/L}\n",
            "unit 'g/L' is not accepted",
        ),
        (
            "assessment_date: 2026-11-01\ninstruments:\n  - {instrument: phq9, answers: {'1': 9}}\n",
            "instruments[0]",
        ),
    ],
    ids=["malformed-yaml", "unknown-unit", "out-of-range-answer"],
)
def test_assess_bad_input_is_a_clear_message_never_a_traceback(
    runner: CliRunner, tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(content)
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_assess_a_missing_file_or_empty_folder_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["assess", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == EXIT_BAD_INPUT
    assert "no such file or folder" in missing.stderr
    empty = runner.invoke(app, ["assess", str(tmp_path)])
    assert empty.exit_code == EXIT_BAD_INPUT
    assert "no case files" in empty.stderr


def test_assess_help_reads_like_documentation(runner: CliRunner) -> None:
    result = runner.invoke(app, ["assess", "--help"])
    assert result.exit_code == 0
    for phrase in ("CASE is one of", "--format", "Exit status", "Examples", "fbss demo cases"):
        assert phrase in result.stdout


def test_top_level_help_lists_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("assess", "schema", "demo"):
        assert command in result.stdout


def test_top_level_help_ends_with_examples_of_the_main_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"], terminal_width=120)
    assert result.exit_code == 0
    examples = result.stdout.split("Examples")[1]
    for command in (
        "fbss assess examples/",
        "--detail full",
        "fbss serve --demo",
        "fbss fhir import",
        "fbss scs-trial",
        "fbss demo cases",
    ):
        assert command in examples


def test_assess_detail_full_prints_not_met_findings_in_full(runner: CliRunner) -> None:
    brief = runner.invoke(app, ["assess", str(CAUDA_EQUINA)])
    full = runner.invoke(app, ["assess", str(CAUDA_EQUINA), "--detail", "full"])
    assert brief.exit_code == full.exit_code == 0
    assert "Summary" in brief.stdout
    assert brief.stdout.index("RED FLAG") < brief.stdout.index("Summary")
    assert len(brief.stdout.splitlines()) < len(full.stdout.splitlines())


def test_schema_case_prints_a_valid_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", "case"])
    assert result.exit_code == 0
    schema = orjson.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == "FBSS case"
    assert schema["properties"]["assessment_date"]["description"]


def test_schema_case_markdown_is_the_field_reference(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", "case", "--markdown"])
    assert result.exit_code == 0
    assert result.stdout == case_field_reference()


def test_schema_case_update_doc_rewrites_only_the_generated_reference(
    runner: CliRunner, tmp_path: Path
) -> None:
    doc = tmp_path / "case-format.md"
    doc.write_text(f"# Intro\n\n{REFERENCE_BEGIN}\nstale\n{REFERENCE_END}\n\nOutro\n")
    result = runner.invoke(app, ["schema", "case", "--update-doc", str(doc)])
    assert result.exit_code == 0
    text = doc.read_text()
    assert text.startswith("# Intro\n\n")
    assert text.endswith(f"{REFERENCE_END}\n\nOutro\n")
    assert "stale" not in text
    assert case_field_reference() in text


def test_demo_cases_prints_deterministic_ndjson(runner: CliRunner) -> None:
    first = runner.invoke(app, ["demo", "cases", "3", "--seed", "11"])
    again = runner.invoke(app, ["demo", "cases", "3", "--seed", "11"])
    assert first.exit_code == 0
    assert first.stdout == again.stdout
    assert ndjson(first.stdout) == list(generate_case_documents(3, seed=11))


def test_demo_cases_refuses_a_negative_count(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "cases", "-1"])
    assert result.exit_code == 2


def test_demo_report_prints_every_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "report"])
    assert result.exit_code == 0, result.stderr
    for path in EXAMPLES.glob("*.yaml"):
        assert f"example-{path.stem}" in result.stdout


def test_demo_run_prints_the_example_reports(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "run"])
    assert result.exit_code == 0, result.stderr
    assert "FBSS assessment" in result.stdout
