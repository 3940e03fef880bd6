"""What an import did with each resource: mapped (to which Case path), skipped (and why), or refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Mapped(NamedTuple):  # one per mapped part: a named tuple is immutable and quicker to make
    where: str  # file and position, e.g. `bundle.json entry[3]` or `Observation.000.ndjson line 12`
    resource: str  # resource identity, e.g. `Observation/abc`
    target: str  # the Case path it became, e.g. `labs` or `red_flags`
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    where: str
    resource: str
    reason: str


@dataclass(frozen=True, slots=True)
class Refused:
    """Input that is not valid FHIR R4 (or not JSON): `path` is the JSON path inside the resource."""

    where: str
    path: str
    message: str


@dataclass(slots=True)
class ImportReport:
    mapped: list[Mapped] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    def extend(self, other: ImportReport) -> None:
        self.mapped.extend(other.mapped)
        self.skipped.extend(other.skipped)
        self.refused.extend(other.refused)

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": {
                "mapped": len(self.mapped),
                "skipped": len(self.skipped),
                "refused": len(self.refused),
            },
            "mapped": [vars_of(item) for item in self.mapped],
            "skipped": [vars_of(item) for item in self.skipped],
            "refused": [vars_of(item) for item in self.refused],
        }

    def skip_reasons(self) -> dict[str, int]:
        """How often each reason occurred, for a short summary."""
        counts: dict[str, int] = {}
        for item in self.skipped:
            counts[item.reason] = counts.get(item.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda pair: -pair[1]))


def vars_of(item: Mapped | Skipped | Refused) -> dict[str, Any]:
    if isinstance(item, Mapped):
        return item._asdict()
    return {name: getattr(item, name) for name in item.__slots__}
