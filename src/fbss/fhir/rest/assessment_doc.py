"""An Assessment again from its stored document (`Assessment.to_dict`, kept in the assessment snapshots), so
reading a record as FHIR reuses the snapshot instead of assessing the case once more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fbss.clinical.assessment import Assessment
from fbss.clinical.finding import Because, Coding, Finding, Kind, Missing, Severity, Status
from fbss.clinical.sources import Source, Verification


def assessment_of(document: dict[str, Any]) -> Assessment:
    """The Assessment a document was made from (the inverse of Assessment.to_dict)."""
    sources = {key: _source(value) for key, value in document.get("sources", {}).items()}
    return Assessment(
        knowledge_version=str(document["knowledge_version"]),
        assessment_date=dt.date.fromisoformat(str(document["assessment_date"])),
        case_id=document.get("case_id"),
        findings=tuple(_finding(item, sources) for item in document.get("findings", [])),
    )


def _source(value: dict[str, Any]) -> Source:
    return Source(
        id=value["id"],
        citation=value["citation"],
        url=value.get("url"),
        doi=value.get("doi"),
        verification=Verification(value.get("verification", Verification.VERIFIED.value)),
        note=value.get("note"),
    )


def _finding(item: dict[str, Any], sources: dict[str, Source]) -> Finding:
    severity = item.get("severity")
    return Finding(
        code=item["code"],
        kind=Kind(item["kind"]),
        title=item["title"],
        status=Status(item["status"]),
        sources=tuple(sources[source_id] for source_id in item.get("sources", [])),
        severity=Severity(severity) if severity else None,
        because=tuple(_because(b) for b in item.get("because", [])),
        missing=tuple(Missing(m["path"], m["reason"]) for m in item.get("missing", [])),
        detail=item.get("detail"),
        action=item.get("action"),
        timeframe=item.get("timeframe"),
        value=item.get("value"),
        codes=tuple(Coding(c["system"], c["code"], c["display"]) for c in item.get("codes", [])),
        data=dict(item.get("data") or {}),
    )


def _because(item: dict[str, Any]) -> Because:
    value = item.get("value")
    return Because(item["path"], tuple(value) if isinstance(value, list) else value, item.get("note"))
