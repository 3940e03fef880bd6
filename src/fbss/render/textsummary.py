"""The text report's first screen: open red flags boxed, then one row of the picture per summary section.

Laid out from `fbss.render.summary.Summary` (the same summary the web chart shows); the findings in full follow
in the detail sections (fbss.render.text). Long lines wrap under their own start, not under the label.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Number
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from fbss.clinical.finding import Status
from fbss.render.summary import Summary, SummaryLine, SummarySection
from fbss.render.textstyle import clean, severity_tag, show, status_tag, words

NOT_SCREENED = (
    "This assessment holds no red-flag findings: the red-flag screen did not run. "
    "Screen for serious pathology yourself before relying on anything below."
)
Row = tuple[Text, Text]  # (marker, text)


def summary_parts(summary: Summary) -> list[RenderableType]:
    """The red-flag boxes, then the summary table."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True, min_width=15)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    _add(grid, "Red flags", _red_flag_rows(summary))
    for section in summary.shown:
        _add(grid, section.label, _section_rows(section))
    return [*red_flag_boxes(summary), Text(""), Rule(Text("Summary", style="bold"), align="left"), grid]


def red_flag_boxes(summary: Summary) -> list[RenderableType]:
    """Each open red flag in a heavy box with its action and time frame; a box too if none were screened."""
    if not summary.screened:
        warning = Text(NOT_SCREENED, style="bold")
        return [Panel(warning, title="RED FLAGS NOT SCREENED", border_style="bold red", box=box.HEAVY)]
    boxes: list[RenderableType] = []
    for flag in summary.open_red_flags:
        title = Text.assemble(("RED FLAG ", "bold"), severity_tag(flag.get("severity")))
        body = Text.assemble((clean(flag["title"]), "bold"), (f"  {flag['code']}", "dim"))
        action = _action(flag)
        if action is not None:
            body.append("\n").append_text(action)
        boxes.append(Panel(body, title=title, border_style="bold red", box=box.HEAVY))
    return boxes


def _add(grid: Table, label: str, rows: list[Row]) -> None:
    for index, (marker, text) in enumerate(rows):
        grid.add_row(label if index == 0 else "", marker, text)


def _red_flag_rows(summary: Summary) -> list[Row]:
    opened = len(summary.open_red_flags)
    if not summary.screened:
        rows = [(Text(""), Text("NOT SCREENED (see the box above)", style="bold red"))]
    elif opened:
        rows = [(Text(""), Text(f"{opened} open (boxed above)", style="bold red"))]
    else:
        rows = [(Text(""), Text("none open"))]
    for flag in summary.undecided_red_flags:
        rows.append((status_tag(Status.UNKNOWN), Text(clean(flag["title"]))))
        rows.extend(_missing(flag))
    return rows


def _section_rows(section: SummarySection) -> list[Row]:
    rows: list[Row] = []
    run_in = [line for line in section.lines if section.run_in and line.plain]
    if run_in:
        rows.append((Text(""), Text(" · ").join(_line_text(line) for line in run_in)))
    for line in section.lines:
        if line not in run_in:
            rows.extend(_line_rows(line))
    undecided = f"{section.undecided} undecided: see the detail below" if section.undecided else ""
    if not section.lines and section.empty:
        said = f"{section.empty}; {undecided}" if undecided else section.empty
        rows.append((Text(""), Text(said, style="dim")))
        undecided = ""
    for hold in section.holds:
        steps = ", ".join(str(step) for step in hold.steps)
        until = "; ".join(clean(title) for title in hold.until)
        plural = "s" if len(hold.steps) > 1 else ""
        rows.append((Text(""), Text(f"Step{plural} {steps} on hold until settled: {until}", style="yellow")))
    if undecided:
        rows.append((Text(""), Text(undecided, style="dim")))
    return rows


def _line_text(line: SummaryLine) -> Text:
    finding = line.finding
    text = Text(clean(finding["title"]), style="bold" if finding.get("severity") else "")
    extra = _value_and_band(finding)
    if extra:
        text.append(f" ({extra})", style="bold")
    if line.role and line.role.lower() not in finding["title"].lower():
        text.append(f"  [{clean(line.role)}]", style="dim")
    return text


def _line_rows(line: SummaryLine) -> list[Row]:
    finding = line.finding
    rows: list[Row] = [(_marker(line), _line_text(line))]
    action = _action(finding) if line.show_action else None
    if action is not None:
        rows.append((Text(""), action))
    if finding["status"] == Status.UNKNOWN.value and not line.to_do:
        rows.extend(_missing(finding))
    rows.extend((status_tag(part["status"]), Text(clean(part["title"]))) for part in line.parts)
    return rows


def _marker(line: SummaryLine) -> Text:
    """What stands before a line: its step number, then HELD, 'to do', its status when not met, or its severity."""
    status, severity = line.finding["status"], line.finding.get("severity")
    marker = Text(f"{line.step}." if line.step is not None else "")
    if line.held_by:
        tag = Text("HELD", style="bold yellow")
    elif line.to_do:
        tag = Text("to do", style="bold yellow")
    elif status != Status.MET.value:
        tag = status_tag(status)
    else:
        tag = severity_tag(severity)
    if marker and tag:
        marker.append(" ")
    return marker.append_text(tag)


def _action(finding: Mapping[str, Any]) -> Text | None:
    action, timeframe = finding.get("action"), finding.get("timeframe")
    when = f" ({clean(timeframe)})" if timeframe else ""
    if action:
        return Text.assemble(("Action: ", "bold"), clean(action), when)
    if timeframe:
        return Text.assemble(("When: ", "bold"), clean(timeframe))
    return None


def _missing(finding: Mapping[str, Any]) -> list[Row]:
    paths = [clean(str(m.get("path", ""))) for m in finding.get("missing") or ()]
    return [(Text(""), Text(f"missing: {', '.join(paths)}", style="yellow"))] if paths else []


def _value_and_band(finding: Mapping[str, Any]) -> str:
    """A measured value and a band, where the title does not already say them (titles usually do).

    A value that is a word (a class such as 'nerve' or a state such as 'needed') is the title's statement, so
    only numbers are added.
    """
    title = finding["title"].lower()
    said = []
    value = finding.get("value")
    if isinstance(value, Number) and not isinstance(value, bool) and show(value) not in title:
        said.append(show(value))
    data = finding.get("data")
    band = data.get("band") if isinstance(data, Mapping) else None
    if band is not None and words(band).lower() not in title:
        said.append(clean(words(band)))
    return ", ".join(said)
