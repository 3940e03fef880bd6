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
UNCHECKED = "**This safety check of the order could not be made** from the record."
UNCHECKED_SUMMARY = "Safety check not made"
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


def detail_of(finding: Finding, unchecked: bool = False) -> str:
    """Markdown: what the finding says, what to do, on what it rests, what is missing, and its sources. For a
    check that could not be made (`unchecked`), what is missing comes first, every item of it."""
    lines = [f"**{finding.title}**"]
    detail = finding.detail
    if unchecked:
        lines += ["", UNCHECKED + (" Missing:" if finding.missing else "")]
        lines += [f"- `{m.path}`: {m.reason}" for m in finding.missing]
        candidates = [c for c in finding.data.get("candidates", ()) if isinstance(c, str)]
        if candidates:  # e.g. the hold of each table row the missing detail would choose between
            lines += ["", "Each possibility:"] + [f"- {c}" for c in candidates]
            detail = None if detail == " ".join(candidates) else detail
    if detail:
        lines += ["", detail]
    if finding.action:
        lines += [
            "",
            f"**Action:** {finding.action}" + (f" ({finding.timeframe})" if finding.timeframe else ""),
        ]
    if finding.because:
        lines += ["", "Based on:"] + [f"- `{b.path}`: {_value(b.value)}" for b in finding.because[:8]]
    if finding.missing and not unchecked:
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


def unchecked_card_for(finding: Finding, patient_url: str | None) -> Card:
    """A safety check about a draft order that the record could not decide (status unknown): the prescriber
    learns that it was not made and what is missing. `warning` ("urgent or highly relevant information that
    should be considered", CDS Hooks indicator code system,
    https://build.fhir.org/ig/HL7/UTG/CodeSystem-cdshooks-indicator.html), or `critical` when the finding is."""
    card = card_for(finding, patient_url, summary=f"{UNCHECKED_SUMMARY}: {finding.title}")
    urgency = "critical" if card.indicator == "critical" else "warning"
    return card.model_copy(update={"detail": detail_of(finding, unchecked=True), "indicator": urgency})


def _short(citation: str) -> str:
    return citation if len(citation) <= 90 else citation[:87].rsplit(" ", 1)[0] + "\u2026"


def _value(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return "not recorded" if value is None else str(value)
