"""`fbss scs-trial DIARY`: evaluate an SCS screening-trial diary against the success rule and print the verdict
with a small terminal chart. The evaluation is the clinical core's (fbss.clinical.planning.scs.trial)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fbss.caseio import problems_of
from fbss.clinical.assess import assess
from fbss.clinical.case import Case, DiaryEntry, ScsTrial
from fbss.clinical.planning.scs.trial import Outcome, TrialEvaluation, evaluate_trial
from fbss.clinical.policy import DEFAULT_POLICY, Policy

EXIT_OK = 0
EXIT_BAD_INPUT = 2
CSV_COLUMNS = tuple(DiaryEntry.model_fields)
BAR_WIDTH = 10

HELP = """\
Evaluate a spinal cord stimulation screening trial from its daily diary and print the verdict: whether the \
trial met the success rule (at least 50% pain relief from baseline, with stable or reduced analgesic use, \
stable or increased activity, and patient satisfaction; Practice Parameters 2006, TRIAL-STIM), the trial \
length against the 3-8 day window, and a chart of the daily pain ratings.

DIARY is one of (the format is described in docs/scs.md):

• a [bold].csv[/] file, one row per day, with the header \
[italic]date,nrs_back,nrs_leg,active_minutes,analgesic_doses,sleep_hours,note[/] (empty cells for unknowns; \
only the date column is required). Give the baselines with the options below;

• a [bold].yaml[/] or [bold].json[/] trial: start, end, baseline_nrs_leg, baseline_nrs_back, \
baseline_active_minutes, baseline_analgesic_doses, patient_satisfied, diary (a list of days as in the CSV), \
and optionally predominance (leg or back);

• a case file (it has an assessment_date): its scs.trial is evaluated as of the assessment date, judged on the \
predominant pain found by the assessment.

Options override the file. The thresholds are the clinic's policy; their defaults cite their sources. \
The verdict supports the multidisciplinary team's decision; it does not make it.

Exit status: 0 when the diary was evaluated (whatever the verdict); 2 when it could not be read.
"""

EPILOG = """\
[bold]Examples[/]

  fbss scs-trial diary.csv --baseline-leg 8 --baseline-analgesics 4 --baseline-activity 60 --satisfied

  fbss scs-trial examples/plan-scs-trial-success.yaml

  fbss scs-trial trial.yaml --format json
"""


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Predominance(StrEnum):
    LEG = "leg"
    BACK = "back"
    UNKNOWN = "unknown"


class DiaryError(ValueError):
    """A diary that cannot be read; one message per problem, naming the row or field."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def register(app: typer.Typer) -> None:
    """Add `fbss scs-trial` to the application."""
    app.command("scs-trial", help=HELP, epilog=EPILOG, no_args_is_help=True)(scs_trial_command)


def scs_trial_command(
    diary: Annotated[Path, typer.Argument(help="Diary file: .csv, .yaml, .yml or .json", show_default=False)],
    baseline_leg: Annotated[
        int | None, typer.Option(min=0, max=10, help="Leg pain before the trial (0-10)")
    ] = None,
    baseline_back: Annotated[
        int | None, typer.Option(min=0, max=10, help="Back pain before the trial (0-10)")
    ] = None,
    baseline_activity: Annotated[
        int | None, typer.Option(min=0, max=1440, help="Active minutes a day before the trial")
    ] = None,
    baseline_analgesics: Annotated[
        int | None, typer.Option(min=0, max=100, help="Analgesic doses a day before the trial")
    ] = None,
    satisfied: Annotated[
        bool | None, typer.Option("--satisfied/--not-satisfied", help="Whether the patient was satisfied")
    ] = None,
    start: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Trial start date")] = None,
    end: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Trial end date")] = None,
    predominance: Annotated[
        Predominance | None, typer.Option(help="The pain the trial is judged on (default: higher baseline)")
    ] = None,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Evaluate as of this date (default: today)"),
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=1, max=100, help="Relief needed, % (Practice Parameters: 50)")
    ] = DEFAULT_POLICY.scs_trial_success_relief_percent,
    min_days: Annotated[int, typer.Option(min=0, help="Shortest usual trial (Practice Parameters: 3)")] = (
        DEFAULT_POLICY.scs_trial_min_days
    ),
    max_days: Annotated[int, typer.Option(min=0, help="Longest usual trial (Practice Parameters: 8)")] = (
        DEFAULT_POLICY.scs_trial_max_days
    ),
    require_satisfaction: Annotated[
        bool, typer.Option(help="Success needs patient satisfaction (Practice Parameters)")
    ] = DEFAULT_POLICY.scs_trial_requires_satisfaction,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text or json")] = OutputFormat.TEXT,
) -> None:
    """Evaluate the diary and print the verdict (see HELP)."""
    overrides = {
        "baseline_nrs_leg": baseline_leg,
        "baseline_nrs_back": baseline_back,
        "baseline_active_minutes": baseline_activity,
        "baseline_analgesic_doses": baseline_analgesics,
        "patient_satisfied": satisfied,
        "start": start.date() if start else None,
        "end": end.date() if end else None,
    }
    try:
        trial, found_predominance, found_as_of = read_trial(diary, overrides)
    except DiaryError as error:
        err = Console(stderr=True)
        for message in error.messages:
            err.print(f"{diary.name}: {message}", markup=False, highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    policy = Policy(
        scs_trial_min_days=min_days,
        scs_trial_max_days=max_days,
        scs_trial_success_relief_percent=threshold,
        scs_trial_requires_satisfaction=require_satisfaction,
    )
    today = as_of.date() if as_of else found_as_of or dt.date.today()
    region = predominance.value if predominance else found_predominance
    evaluation = evaluate_trial(trial, policy, today, region)
    if output_format is OutputFormat.JSON:
        typer.echo(orjson.dumps(evaluation.to_dict(), option=orjson.OPT_INDENT_2).decode())
        return
    print_verdict(Console(), trial, evaluation)


# --- reading ------------------------------------------------------------------------------------------------


def read_trial(path: Path, overrides: dict[str, Any]) -> tuple[ScsTrial, str, dt.date | None]:
    """The trial in a diary file, with options applied; its predominance and as-of date when the file gives them."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DiaryError([f"cannot read the file ({error.strerror})"]) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data: dict[str, Any] = {"diary": _csv_rows(text)}
        predominance, as_of = "unknown", None
    elif suffix in (".yaml", ".yml", ".json"):
        data, predominance, as_of = _structured(text)
    else:
        raise DiaryError([f"unknown diary format {suffix or '(none)'}: use .csv, .yaml, .yml or .json"])
    data.update({key: value for key, value in overrides.items() if value is not None})
    try:
        return ScsTrial.model_validate(data), predominance, as_of
    except ValidationError as error:
        raise DiaryError([_located(str(p), suffix) for p in problems_of(error)]) from None


def _csv_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or ()]
    if "date" not in columns:
        raise DiaryError([f"the header must name a date column; columns are: {', '.join(CSV_COLUMNS)}"])
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        raise DiaryError([f"unknown column {c!r}; columns are: {', '.join(CSV_COLUMNS)}" for c in unknown])
    rows = []
    for row in reader:
        cells = {
            key.strip(): value.strip() for key, value in row.items() if key is not None and value is not None
        }
        rows.append({key: value for key, value in cells.items() if value != ""})
    if not rows:
        raise DiaryError(["the diary has no rows"])
    return rows


def _structured(text: str) -> tuple[dict[str, Any], str, dt.date | None]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise DiaryError([f"{where}not valid YAML or JSON"]) from None
    if not isinstance(data, dict):
        raise DiaryError(["the file must hold a mapping of trial fields (or a case)"])
    if "assessment_date" in data:
        return _from_case(data)
    predominance = str(data.pop("predominance", "unknown"))
    if predominance not in {p.value for p in Predominance}:
        raise DiaryError([f"predominance: must be one of leg, back, unknown, not {predominance!r}"])
    return data, predominance, None


def _from_case(data: dict[str, Any]) -> tuple[dict[str, Any], str, dt.date | None]:
    try:
        case = Case.model_validate(data)
    except ValidationError as error:
        raise DiaryError([str(p) for p in problems_of(error)]) from None
    if case.scs.trial is None:
        raise DiaryError(["scs.trial: the case records no SCS trial"])
    predominance = assess(case).get("phenotype.predominance")
    region = str(predominance.value) if predominance is not None and predominance.value else "unknown"
    return case.scs.trial.model_dump(), region, case.assessment_date


def _located(problem: str, suffix: str) -> str:
    """Name a CSV diary row by its line in the file (header = line 1)."""
    if suffix != ".csv" or not problem.startswith("diary["):
        return problem
    index = int(problem[len("diary[") : problem.index("]")])
    return f"line {index + 2}: {problem}"


# --- printing -----------------------------------------------------------------------------------------------

VERDICT_STYLE = {
    Outcome.SUCCESS: ("met the success rule", "bold green"),
    Outcome.NOT_SUCCESSFUL: ("did not meet the success rule", "bold red"),
    Outcome.UNDETERMINED: ("cannot be judged yet", "bold yellow"),
}


def print_verdict(console: Console, trial: ScsTrial, evaluation: TrialEvaluation) -> None:
    """The verdict, the criteria one per line, what is missing, and the chart."""
    words, style = VERDICT_STYLE[evaluation.outcome]
    headline = Text("SCS trial ", style="bold")
    headline.append(words, style=style)
    if evaluation.state.value != "complete":
        headline.append(f" ({evaluation.state.value.replace('_', ' ')})", style="italic")
    console.print(headline)
    if evaluation.length_days is not None:
        window = "within" if evaluation.within_window else "outside"
        console.print(
            f"{evaluation.length_days} days ({trial.start} to {trial.end}), {window} the usual window"
        )
    for reason in evaluation.reasons:
        console.print(f"  • {reason}", highlight=False)
    if trial.decision is not None:
        mismatch = trial.decision.value == "implant" and evaluation.outcome is not Outcome.SUCCESS
        console.print(
            f"Decision recorded: {trial.decision.value.replace('_', ' ')}"
            + (" (record why: the success rule was not shown to be met)" if mismatch else ""),
            style="bold red" if mismatch else None,
        )
    for missing in evaluation.missing:
        console.print(f"  ? {missing.path}: {missing.reason}", style="yellow", highlight=False)
    if trial.diary:
        console.print(pain_chart(trial, evaluation))
    console.print(
        "Rule: Practice Parameters for SCS (2006) and the TRIAL-STIM panel; the decision to implant is the "
        "multidisciplinary team's.",
        style="dim",
    )


def pain_chart(trial: ScsTrial, evaluation: TrialEvaluation) -> Table:
    """One row per diary day: leg and back pain as bars on 0-10, marked against the relief target."""
    table = Table(title="Daily pain (0-10)", show_edge=False, pad_edge=False, box=None)
    table.add_column("day", style="dim")
    for region in ("leg", "back"):
        relief = evaluation.region(region)
        target = _target(relief.baseline if relief else None, evaluation.threshold_percent)
        label = (
            f"{region} (baseline {relief.baseline}, target <= {target:g})"
            if relief and relief.baseline
            else region
        )
        table.add_column(label)
    for entry in sorted(trial.diary, key=lambda e: e.date):
        cells: list[Text] = [Text(entry.date.strftime("%m-%d"))]
        for region in ("leg", "back"):
            relief = evaluation.region(region)
            target = _target(relief.baseline if relief else None, evaluation.threshold_percent)
            cells.append(_bar(getattr(entry, f"nrs_{region}"), target))
        table.add_row(*cells)
    return table


def _target(baseline: int | None, threshold_percent: float) -> float:
    return round(baseline * (1 - threshold_percent / 100), 1) if baseline else 10.0


def _bar(value: int | None, target: float) -> Text:
    if value is None:
        return Text("-", style="dim")
    style = "green" if value <= target else "red"
    bar = Text("█" * value, style=style)
    bar.append("░" * (BAR_WIDTH - value), style="dim")
    bar.append(f" {value}")
    return bar
