"""Findings -> CDS Hooks cards. Cards only render findings: no clinical rule lives here."""

from __future__ import annotations

from typing import Any

from fbss.cdshooks.models import Card, Coding, Link, Source, Suggestion, summary_of
from fbss.clinical.finding import Finding, Severity
from fbss.fhir.export.assessment_resources import source_url

OVERRIDE_SYSTEM = "https://fbss.example.org/fhir/CodeSystem/cds-override-reason"
OVERRIDE_REASONS = (
    Coding(system=OVERRIDE_SYSTEM, code="already-addressed", display="Already addressed"),
    Coding(system=OVERRIDE_SYSTEM, code="clinical-judgement", display="Not appropriate for this patient"),
    Coding(system=OVERRIDE_SYSTEM, code="data-incorrect", display="The record data are wrong or out of date"),
    Coding(system=OVERRIDE_SYSTEM, code="patient-declined", display="Patient declined"),
)
_INDICATOR = {
    Severity.EMERGENCY: "critical",
    Severity.URGENT: "critical",
    Severity.WARNING: "warning",
    Severity.INFO: "info",
    None: "info",
}


def indicator(finding: Finding) -> str:
    return _INDICATOR[finding.severity]


def source_of(finding: Finding) -> Source:
    """The card source: fbss, naming the guideline or paper the finding cites, with its URL."""
    first = finding.sources[0]
    return Source(label=f"fbss: {_short(first.citation)}", url=source_url(first))


def detail_of(finding: Finding) -> str:
    """Markdown: what the finding says, what to do, on what it rests, what is missing, and its sources."""
    lines = [f"**{finding.title}**"]
    if finding.detail:
        lines += ["", finding.detail]
    if finding.action:
        lines += [
            "",
            f"**Action:** {finding.action}" + (f" ({finding.timeframe})" if finding.timeframe else ""),
        ]
    if finding.because:
        lines += ["", "Based on:"] + [f"- `{b.path}`: {_value(b.value)}" for b in finding.because[:8]]
    if finding.missing:
        lines += ["", "Would help to decide:"] + [f"- `{m.path}`: {m.reason}" for m in finding.missing[:6]]
    lines += ["", "Sources:"] + [f"- [{_short(s.citation)}]({source_url(s)})" for s in finding.sources]
    return "\n".join(lines)


def card_for(
    finding: Finding,
    patient_url: str | None,
    suggestions: list[Suggestion] | None = None,
    summary: str | None = None,
) -> Card:
    return Card(
        summary=summary_of(summary or finding.title),
        detail=detail_of(finding),
        indicator=indicator(finding),
        source=source_of(finding),
        suggestions=suggestions or None,
        selectionBehavior="at-most-one" if suggestions else None,
        overrideReasons=list(OVERRIDE_REASONS),
        links=[Link(label="Open in fbss", url=patient_url, type="absolute")] if patient_url else None,
    )


def _short(citation: str) -> str:
    return citation if len(citation) <= 90 else citation[:87].rsplit(" ", 1)[0] + "\u2026"


def _value(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return "not recorded" if value is None else str(value)
