"""The assessment as a readable report for a terminal or a text file (Rich).

The first screen is the picture (fbss.render.summary): open red flags boxed, with what to do and how soon,
then the FBSS criteria, phenotype, scores, work-up still needed, the plan in order, safety warnings and the SCS
state. Then the detail, one section per kind of finding: met and undecided findings in full (reasons, what is
missing, codes, source ids), the others one line each (`Detail.FULL` shows every finding in full). The
sources are listed in full at the end. Sections are built from the findings' kinds, so findings of a new kind
appear (after the known sections) without a change here. Codes are printed only under met findings: a code
under a finding that does not hold must not reach a claim.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from fbss.clinical.assessment import Assessment
from fbss.clinical.finding import Because, Finding, Kind, Status
from fbss.clinical.sources import Source, Verification
from fbss.render.summary import summarize
from fbss.render.textstyle import clean, severity_tag, show, status_tag
from fbss.render.textsummary import summary_parts


class Detail(StrEnum):
    """How much of each finding the detail sections show."""

    BRIEF = "brief"  # met and undecided findings in full, the others one line each
    FULL = "full"  # every finding in full


SECTION_TITLES: dict[Kind, str] = {
    Kind.RED_FLAG: "Red flags",
    Kind.CRITERIA: "FBSS / PSPS type 2 criteria",
    Kind.PHENOTYPE: "Pain phenotype",
    Kind.SCORE: "Scores",
    Kind.OUTCOME: "Change over time",
    Kind.DIFFERENTIAL: "Differential diagnosis",
    Kind.WORKUP: "Work-up",
    Kind.REFERRAL: "Referral",
    Kind.PLAN: "Plan",
    Kind.TREATMENT: "Treatment options",
    Kind.SAFETY: "Safety checks",
    Kind.SCS: "Spinal cord stimulation pathway",
    Kind.DATA_QUALITY: "Data quality",
}
# The order a reader needs: red flags, diagnosis, then the plan. Kinds not listed follow, in Kind order.
REPORT_ORDER: tuple[Kind, ...] = (
    Kind.RED_FLAG,
    Kind.CRITERIA,
    Kind.PHENOTYPE,
    Kind.SCORE,
    Kind.OUTCOME,
    Kind.DIFFERENTIAL,
    Kind.WORKUP,
    Kind.REFERRAL,
    Kind.PLAN,
    Kind.TREATMENT,
    Kind.SAFETY,
    Kind.SCS,
)
STATUS_COUNT_ORDER = (Status.MET, Status.UNKNOWN, Status.NOT_MET, Status.NOT_APPLICABLE)
STATUS_WORDS = {
    Status.MET: "met",
    Status.UNKNOWN: "unknown",
    Status.NOT_MET: "not met",
    Status.NOT_APPLICABLE: "not applicable",
}
IN_FULL = frozenset({Status.MET, Status.UNKNOWN})
CODE_SYSTEM_NAMES = {
    "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM",
    "http://id.who.int/icd/release/11/mms": "ICD-11",
    "http://snomed.info/sct": "SNOMED CT",
    "http://loinc.org": "LOINC",
    "http://www.nlm.nih.gov/research/umls/rxnorm": "RxNorm",
}


def print_report(assessment: Assessment, console: Console, detail: Detail = Detail.BRIEF) -> None:
    """Print the report of one assessment; to a file or pipe without the padding Rich adds to table cells."""
    if console.is_terminal:
        console.print(text_report(assessment, detail))
        return
    with console.capture() as captured:
        console.print(text_report(assessment, detail))
    console.file.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def plain_text_report(assessment: Assessment, width: int = 100, detail: Detail = Detail.BRIEF) -> str:
    """The report as plain text (no colour), e.g. for a file or a test."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    print_report(assessment, console, detail)
    return buffer.getvalue()


def text_report(assessment: Assessment, detail: Detail = Detail.BRIEF) -> RenderableType:
    """The whole report as one Rich renderable: header, summary, detail by kind, sources."""
    summary = summarize(finding.to_dict() for finding in assessment.findings)
    parts: list[RenderableType] = [_header(assessment), *summary_parts(summary), _detail_note(detail)]
    for kind, findings in report_sections(assessment):
        parts.append(_section(section_title(kind), findings, detail))
    parts.append(_sources_section(assessment.sources))
    return Group(*parts)


def report_sections(assessment: Assessment) -> list[tuple[Kind, tuple[Finding, ...]]]:
    """The kinds present in the assessment, in report order, each with its findings in engine order."""
    kinds = [*REPORT_ORDER, *(kind for kind in Kind if kind not in REPORT_ORDER)]
    return [(kind, assessment.of_kind(kind)) for kind in kinds if assessment.of_kind(kind)]


def section_title(kind: Kind) -> str:
    return SECTION_TITLES.get(kind, kind.value.replace("_", " ").capitalize())


def _header(assessment: Assessment) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Case", clean(assessment.case_id or "(no case id)"))
    grid.add_row("Assessment date", assessment.assessment_date.isoformat())
    grid.add_row("Knowledge version", assessment.knowledge_version)
    highest = assessment.highest_severity
    grid.add_row("Highest severity", severity_tag(highest) if highest else Text("none met"))
    return Group(Rule(Text("FBSS assessment", style="bold")), grid)


def _detail_note(detail: Detail) -> RenderableType:
    if detail is Detail.FULL:
        return Text("\nDetail: every finding in full.", style="dim")
    return Text(
        "\nDetail: met and undecided findings in full; the others one line each (--detail full shows all).",
        style="dim",
    )


# --- sections and findings --------------------------------------------------------------------------------


def _section(title: str, findings: tuple[Finding, ...], detail: Detail) -> RenderableType:
    rows = [_finding_row(f, full=detail is Detail.FULL or f.status in IN_FULL) for f in findings]
    return Group(_section_rule(title, _status_counts(findings)), *rows)


def _section_rule(title: str, counts: str) -> RenderableType:
    return Group(Text(""), Rule(Text.assemble((title, "bold"), (f"  {counts}", "dim")), align="left"))


def _status_counts(findings: Iterable[Finding]) -> str:
    statuses = [finding.status for finding in findings]
    counted = [(statuses.count(status), STATUS_WORDS[status]) for status in STATUS_COUNT_ORDER]
    return ", ".join(f"{n} {word}" for n, word in counted if n)


def _finding_row(finding: Finding, full: bool = True) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(status_tag(finding.status), _finding_body(finding) if full else _headline(finding))
    return grid


def _finding_body(finding: Finding) -> RenderableType:
    lines: list[RenderableType] = [_headline(finding)]
    hints = _data_hints(finding.data)
    if hints:
        lines.append(Text(hints, style="italic"))
    if finding.action:
        when = f" ({clean(finding.timeframe)})" if finding.timeframe else ""
        lines.append(Text.assemble(("Action: ", "bold"), clean(finding.action), when))
    elif finding.timeframe:
        lines.append(Text.assemble(("When: ", "bold"), clean(finding.timeframe)))
    if finding.detail:
        lines.append(Text(clean(finding.detail)))
    if finding.because and finding.status is not Status.NOT_APPLICABLE:
        lines.append(_labelled("Because", [_because_text(b) for b in finding.because]))
    if finding.missing:
        lines.append(
            _labelled("Missing", [f"{clean(m.path)}: {clean(m.reason)}" for m in finding.missing], "yellow")
        )
    if finding.codes and finding.status is Status.MET:
        coded = [
            f"{CODE_SYSTEM_NAMES.get(c.system, c.system)} {c.code} {clean(c.display)}" for c in finding.codes
        ]
        lines.append(_labelled("Codes", coded))
    lines.append(Text("Sources: " + ", ".join(source.id for source in finding.sources), style="dim"))
    return Group(*lines)


def _headline(finding: Finding) -> Text:
    style = "bold" if finding.status is Status.MET else ""
    headline = Text(clean(finding.title), style=style)
    if finding.value is not None:
        headline.append(f"  = {show(finding.value)}", style="bold")
    if finding.severity and finding.status is Status.MET:
        headline.append("  ")
        headline.append_text(severity_tag(finding.severity))
    headline.append(f"  {finding.code}", style="dim")
    return headline


def _labelled(label: str, items: list[str], style: str = "") -> RenderableType:
    """A label over a bulleted list whose long items wrap under their own start, not under the bullet."""
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(width=3, justify="right")
    bullets.add_column(ratio=1)
    for item in items:
        bullets.add_row("-", Text(item, style=style))
    return Group(Text(f"{label}:", style=f"bold {style}".strip()), bullets)


def _because_text(because: Because) -> str:
    note = f" ({clean(because.note)})" if because.note else ""
    return f"{clean(because.path)} = {show(because.value)}{note}"


def _data_hints(data: Mapping[str, Any]) -> str:
    """A few widely used `data` entries shown in words; everything is in the JSON output."""
    hints: list[str] = []
    if data.get("band") is not None:
        hints.append(f"band: {show(data['band'])}")
    if data.get("minimum") is not None and data.get("maximum") is not None:
        hints.append(f"range {show(data['minimum'])}-{show(data['maximum'])}")
    if isinstance(data.get("subscales"), Mapping) and data["subscales"]:
        hints.append("subscales: " + ", ".join(f"{k} {show(v)}" for k, v in data["subscales"].items()))
    if "baseline" in data and "latest" in data:
        hints.append(f"{show(data['baseline'])} -> {show(data['latest'])}")
    for key in ("change", "percent_change", "mcid", "clinically_important", "state", "date"):
        if data.get(key) is not None:
            hints.append(f"{key.replace('_', ' ')}: {show(data[key])}")
    for key in ("flags", "for", "causes", "settled_by"):
        if data.get(key):
            hints.append(f"{key.replace('_', ' ')}: {show(data[key])}")
    if data.get("held"):
        hints.append("on hold")
    return " · ".join(clean(hint) for hint in hints)


def _sources_section(sources: Mapping[str, Source]) -> RenderableType:
    lines: list[RenderableType] = [_section_rule("Sources", f"{len(sources)} cited")]
    for source_id, source in sorted(sources.items()):
        text = Text.assemble((f"[{source_id}] ", "bold"), clean(source.citation))
        if source.doi:
            text.append(f". doi:{source.doi}")
        if source.url:
            text.append(f". {source.url}")
        if source.verification is Verification.SECONDARY:
            text.append("  (secondary source: re-check against the primary)", style="yellow")
        if source.note:
            text.append(f"\n    {clean(source.note)}", style="dim")
        lines.append(text)
    return Group(*lines)
