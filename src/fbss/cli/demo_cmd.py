"""`fbss demo ...`: synthetic cases, the example reports, and the job `make run` starts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer

from fbss.cli.assess_cmd import OutputFormat, assess_source
from fbss.demo import generate_case_documents

MAX_CASES = 10_000_000


def examples_folder() -> Path:
    """The examples/ folder of the source tree this package runs from, else ./examples."""
    for root in (Path(__file__).resolve().parents[3], Path.cwd()):
        if (root / "examples").is_dir():
            return root / "examples"
    return Path("examples")


def register(app: typer.Typer) -> None:
    demo = typer.Typer(
        help="Synthetic demo data: generated cases, the example reports, and the job `make run` starts.",
        no_args_is_help=True,
        rich_markup_mode="rich",
    )
    demo.command("cases", help=CASES_HELP, epilog=CASES_EPILOG)(cases)
    demo.command("report")(report)
    demo.command("run")(run)
    app.add_typer(demo, name="demo")


CASES_HELP = """\
Print N synthetic FBSS cases as NDJSON (one JSON case per line); the same seed gives the same cases.

The cases are invented: plausible combinations of surgery, back and leg pain, descriptors, examination, \
imaging, blocks, labs, medicines and questionnaire histories, a few of them with red flags. They describe \
no real person. Case i of a seed is the same whatever N is.
"""

CASES_EPILOG = """\
[bold]Examples[/]

  fbss demo cases 3 --seed 42

  fbss demo cases 10000 --seed 1 > cases.ndjson

  fbss assess cases.ndjson --format json > assessments.ndjson
"""


def cases(
    count: Annotated[int, typer.Argument(metavar="N", min=0, max=MAX_CASES, help="How many cases.")],
    seed: Annotated[int, typer.Option("--seed", "-s", help="The same seed gives the same cases.")] = 0,
) -> None:
    """Print N synthetic cases as NDJSON."""
    out = sys.stdout.buffer
    for document in generate_case_documents(count, seed):
        out.write(orjson.dumps(document, option=orjson.OPT_APPEND_NEWLINE))
    out.flush()


def report(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="A folder of case files; default: the project's examples/ folder.", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text: readable reports. json: NDJSON.")
    ] = OutputFormat.TEXT,
) -> None:
    """Assess the example cases and print their reports (the same as `fbss assess examples/`)."""
    raise typer.Exit(assess_source(str(folder or examples_folder()), output_format))


def run() -> None:
    """What `make run` starts: for now, the reports of the example cases."""
    raise typer.Exit(assess_source(str(examples_folder()), OutputFormat.TEXT))
