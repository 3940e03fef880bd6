"""The shape every differential rule fills in, and how it becomes a `differential.<cause>` finding.

`settled_by` names the work-up items (TestKind values, or medical_review / physical_exam / labs) that decide
the cause; `needs` the subset the case should get now. The work-up module reads `needs`, so which test a
cause wants sits beside the rule that wants it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fbss.clinical.finding import Coding, Finding, Kind, Status
from fbss.clinical.phenotype.trail import Trail
from fbss.clinical.sources import SEBAALY_2018, VAN_DE_MINKELIS_2024, Source

CAUSES = (
    "recurrent_disc",
    "stenosis",
    "pseudarthrosis",
    "hardware_failure",
    "instability",
    "adjacent_segment_disease",
    "epidural_fibrosis",
    "arachnoiditis",
    "facet_joint",
    "sacroiliac_joint",
    "myofascial",
    "infection",
    "other",
)

LABELS = {
    "recurrent_disc": "Recurrent or residual disc herniation",
    "stenosis": "Central or foraminal stenosis (residual, recurrent or new)",
    "pseudarthrosis": "Pseudarthrosis (failed fusion)",
    "hardware_failure": "Hardware failure (loosening, breakage, malposition)",
    "instability": "Segmental instability",
    "adjacent_segment_disease": "Adjacent segment disease",
    "epidural_fibrosis": "Epidural fibrosis (scar around the roots)",
    "arachnoiditis": "Arachnoiditis",
    "facet_joint": "Facet joint pain",
    "sacroiliac_joint": "Sacroiliac joint pain",
    "myofascial": "Myofascial pain",
    "infection": "Discitis or other post-operative infection",
    "other": "Another cause",
}

# How strongly the record speaks: shown (confirmed), suggested, against, not applicable, or nothing yet.
EVIDENCE_PHRASES = {
    "confirmed": "shown by the work-up",
    "suggested": "suggested, not yet confirmed",
    "against": "evidence against it",
    "not_applicable": "not applicable to this surgical history",
    "none": "not yet assessed",
    "deferred": "see the red-flag finding",
}


@dataclass(slots=True)
class Cause:
    """One cause's verdict while it is being built."""

    cause: str
    structural: bool
    settled_by: tuple[str, ...]
    surgically_amenable: bool | None = None
    status: Status = Status.UNKNOWN
    evidence: str = "none"
    needs: list[str] = field(default_factory=list)
    trail: Trail = field(default_factory=Trail)
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    codes: tuple[Coding, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def points_to(self, evidence: str) -> None:
        self.status, self.evidence = Status.MET, evidence

    def against(self, evidence: str = "against") -> None:
        self.status, self.evidence = Status.NOT_MET, evidence

    def need(self, *items: str) -> None:
        self.needs.extend(item for item in items if item not in self.needs)

    def cite(self, *sources: Source) -> None:
        self.sources.extend(source for source in sources if source not in self.sources)

    def finding(self) -> Finding:
        return Finding(
            code=f"differential.{self.cause}",
            kind=Kind.DIFFERENTIAL,
            title=f"{LABELS[self.cause]}: {EVIDENCE_PHRASES[self.evidence]}",
            status=self.status,
            sources=(*self.sources, VAN_DE_MINKELIS_2024, SEBAALY_2018),
            because=tuple(self.trail.because),
            missing=tuple(self.trail.missing),
            detail=" ".join(self.notes) or None,
            value=self.evidence,
            codes=self.codes if self.status is Status.MET else (),
            data={
                "structural": self.structural,
                "surgically_amenable": self.surgically_amenable,
                "settled_by": [str(item) for item in self.settled_by],
                "evidence": self.evidence,
                "needs": [str(item) for item in self.needs],
                **self.data,
            },
        )
