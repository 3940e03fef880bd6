"""`fbss assess CASE`: assess one case file or a batch, and print a readable report or JSON."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from fbss import caseio
from fbss.clinical.assess import assess
from fbss.clinical.assessment import Assessment
from fbss.render import assessment_json, assessment_ndjson_line, print_report
from fbss.render.text import Detail

EXIT_OK = 0
EXIT_INTERNAL_ERROR = 1
EXIT_BAD_INPUT = 2

HELP = """\
Assess a case and print the assessment: open red flags first, a one-screen summary, then each finding \
with its reasons, what is missing to decide it, and its sources.

The summary names the open red flags (with what to do and how soon), other urgent findings, the FBSS \
criteria, the pain phenotype, the scores, the work-up still needed, the plan's steps in order with their \
roles (and what holds them), the safety warnings and the SCS state. In the detail, findings that are not \
met or not applicable take one line each unless [bold]--detail full[/] is given.

CASE is one of:

• a case file: [bold].yaml[/], [bold].yml[/] or [bold].json[/] (the format is described in \
docs/case-format.md; [bold]fbss schema case[/] prints its JSON Schema);

• a folder: every case file in it, in name order (not its subfolders);

• an [bold].ndjson[/] file: one JSON case per line;

• [bold]-[/] (a dash): an NDJSON stream of cases on standard input.

With [bold]--format json[/], one case file prints one JSON document; a folder, an .ndjson file or standard \
input print NDJSON, one assessment per line, in input order (the shape is described in docs/output.md).

A case that cannot be read is reported on standard error, one line per bad field, naming the file, the line \
where known, and the field's path, e.g. [italic]cases.ndjson:3: pain[0].nrs_now: must be <= 10[/]. \
The rest of a batch is still assessed. On a terminal, a batch shows a progress bar on standard error.

Exit status: 0 when every case was assessed; 2 when some input could not be read; 1 on an internal error \
(please report it).
"""

EPILOG = """\
[bold]Examples[/]

  fbss assess examples/redflag-cauda-equina.yaml

  fbss assess examples/plan-scs-candidate-leg.yaml --detail full

  fbss assess examples/ --format json > assessments.ndjson

  fbss demo cases 1000 --seed 7 | fbss assess - --format json
"""


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def register(app: typer.Typer) -> None:
    app.command("assess", help=HELP, epilog=EPILOG, no_args_is_help=True)(assess_command)


def assess_command(
    case: Annotated[
        str,
        typer.Argument(
            metavar="CASE",
            help="A case file (.yaml/.yml/.json), a folder of them, an .ndjson file, or - for NDJSON on stdin.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="text: a readable report. json: the assessment document(s)."),
    ] = OutputFormat.TEXT,
    detail: Annotated[
        Detail,
        typer.Option(
            "--detail",
            "-d",
            help="text: brief (not-met findings one line each) or full (every finding in full).",
        ),
    ] = Detail.BRIEF,
) -> None:
    raise typer.Exit(assess_source(case, output_format, detail))


def assess_source(
    source: str, output_format: OutputFormat = OutputFormat.TEXT, detail: Detail = Detail.BRIEF
) -> int:
    """Assess every case of a source (a file, folder, .ndjson or -), print the results; the exit status."""
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    if caseio.is_batch(source):
        return _assess_batch(source, output_format, errors, detail)
    return _assess_one(source, output_format, errors, detail)


def _assess_one(source: str, output_format: OutputFormat, errors: Console, detail: Detail) -> int:
    try:
        case = caseio.read_case_file(Path(source))
    except caseio.CaseInputError as error:
        _report_bad_input(error, errors)
        return EXIT_BAD_INPUT
    try:
        assessment = assess(case)
    except Exception as error:  # a bug in a rule: say so plainly instead of a traceback
        _report_internal_error(source, error, errors)
        return EXIT_INTERNAL_ERROR
    _write(assessment, output_format, detail, single=True)
    return EXIT_OK


def _assess_batch(source: str, output_format: OutputFormat, errors: Console, detail: Detail) -> int:
    try:
        entries = caseio.read_cases(source)
        total = caseio.count_cases(source)
    except caseio.CaseInputError as error:
        _report_bad_input(error, errors)
        return EXIT_BAD_INPUT
    bad = failed = done = 0
    for entry in _with_progress(entries, total, errors):
        done += 1
        if entry.error is not None:
            bad += 1
            _report_bad_input(entry.error, errors)
            continue
        assert entry.case is not None
        try:
            assessment = assess(entry.case)
        except Exception as error:  # one broken case must not stop the batch
            failed += 1
            _report_internal_error(entry.origin, error, errors)
            continue
        _write(assessment, output_format, detail, single=False)
    if bad or failed:
        errors.print(
            Text(f"{done - bad - failed} of {done} cases assessed; {bad} unreadable, {failed} failed.")
        )
    if failed:
        return EXIT_INTERNAL_ERROR
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _with_progress(
    entries: Iterator[caseio.CaseEntry], total: int | None, errors: Console
) -> Iterator[caseio.CaseEntry]:
    """Entries passed through a progress bar on standard error, shown only when it is a terminal."""
    show = errors.is_terminal
    progress = (
        Progress(
            SpinnerColumn(),
            TextColumn("assessing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
            redirect_stdout=sys.stdout.isatty(),
            redirect_stderr=False,
        )
        if show
        else None
    )
    with progress or nullcontext():
        task = progress.add_task("assessing", total=total) if progress else None
        for entry in entries:
            yield entry
            if progress is not None and task is not None:
                progress.advance(task)


def _write(assessment: Assessment, output_format: OutputFormat, detail: Detail, *, single: bool) -> None:
    if output_format is OutputFormat.JSON:
        data = assessment_json(assessment) if single else assessment_ndjson_line(assessment)
        _write_bytes(data)
        return
    console = Console(highlight=False)
    print_report(assessment, console, detail)
    if not single:
        console.print()


def _write_bytes(data: bytes) -> None:
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and not stream.isatty():
        stream.flush()
        buffer.write(data)
    else:
        stream.write(data.decode())


def _report_bad_input(error: caseio.CaseInputError, errors: Console) -> None:
    for line in error.messages():
        errors.print(Text.assemble(("error: ", "bold red"), line))


def _report_internal_error(origin: str, error: Exception, errors: Console) -> None:
    message = f"{origin}: internal error while assessing ({type(error).__name__}: {error}); please report it"
    errors.print(Text.assemble(("error: ", "bold red"), message))
