"""`fbss scs-trial DIARY`: CSV, YAML and case-file diaries, the verdict, the chart and clear input errors."""

from pathlib import Path

import orjson
from typer.testing import CliRunner

from fbss.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()

CSV = """date,nrs_leg,nrs_back,active_minutes,analgesic_doses,sleep_hours,note
2026-10-21,4,3,90,3,6,
2026-10-22,3,2,110,2,6.5,slept better
2026-10-23,3,,120,2,,
"""


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scs-trial", *args])
    return result.exit_code, result.output


def test_csv_diary_with_baselines_from_options_succeeds(tmp_path: Path) -> None:
    diary = tmp_path / "diary.csv"
    diary.write_text(CSV)
    code, out = run(
        str(diary),
        "--baseline-leg",
        "8",
        "--baseline-analgesics",
        "4",
        "--baseline-activity",
        "60",
        "--satisfied",
        "--start",
        "2026-10-20",
        "--end",
        "2026-10-24",
        "--as-of",
        "2026-11-01",
    )
    assert code == 0
    assert "met the success rule" in out
    assert "58.3% relief" in out  # 8 -> 3.33
    assert "Daily pain (0-10)" in out
    assert "4 days" in out


def test_json_output_carries_the_evaluation(tmp_path: Path) -> None:
    diary = tmp_path / "diary.csv"
    diary.write_text(CSV)
    code, out = run(str(diary), "--baseline-leg", "8", "--format", "json")
    assert code == 0
    data = orjson.loads(out)
    assert data["outcome"] == "undetermined"  # no analgesic or activity baseline, no satisfaction
    assert data["relief"][0]["region"] == "leg"
    assert data["threshold_percent"] == 50.0


def test_a_case_file_is_evaluated_as_of_its_assessment_date() -> None:
    code, out = run(str(EXAMPLES / "plan-scs-trial-success.yaml"))
    assert code == 0
    assert "met the success rule" in out
    assert "62.5% relief" in out


def test_a_failed_trial_with_an_implant_decision_says_so() -> None:
    code, out = run(str(EXAMPLES / "plan-scs-trial-failed.yaml"))
    assert code == 0
    assert "did not meet the success rule" in out
    assert "Decision recorded: implant" in out


def test_the_threshold_is_an_option(tmp_path: Path) -> None:
    diary = tmp_path / "trial.yaml"
    diary.write_text(
        "baseline_nrs_leg: 8\nbaseline_analgesic_doses: 2\nbaseline_active_minutes: 30\npatient_satisfied: true\n"
        "predominance: leg\ndiary:\n  - {date: 2026-10-21, nrs_leg: 4, analgesic_doses: 2, active_minutes: 30}\n"
    )
    assert "met the success rule" in run(str(diary))[1]
    assert "did not meet" in run(str(diary), "--threshold", "60")[1]


def test_an_out_of_range_rating_names_the_csv_line(tmp_path: Path) -> None:
    diary = tmp_path / "diary.csv"
    diary.write_text("date,nrs_leg\n2026-10-21,4\n2026-10-22,11\n")
    result = runner.invoke(app, ["scs-trial", str(diary)])
    assert result.exit_code == 2
    assert "line 3: diary[1].nrs_leg: must be <= 10" in result.output


def test_an_unknown_column_is_refused(tmp_path: Path) -> None:
    diary = tmp_path / "diary.csv"
    diary.write_text("date,pain\n2026-10-21,4\n")
    code, out = run(str(diary))
    assert code == 2
    assert "unknown column 'pain'" in out


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    diary = tmp_path / "diary.txt"
    diary.write_text("x")
    code, out = run(str(diary))
    assert code == 2
    assert "use .csv, .yaml, .yml or .json" in out
