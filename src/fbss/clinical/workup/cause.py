"""The shape every differential rule fills in, and how it becomes a `differential.<cause>` finding.

`settled_by` names the work-up items (TestKind values, or medical_review / physical_exam / labs) that decide
the cause; `needs` the subset the case should get now. The work-up module reads `needs`, so which test a
cause wants sits beside the rule that wants it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fbss.clinical.finding import Coding, Finding, Kind, Missing, Status
from fbss.clinical.phenotype.trail import Trail
from fbss.clinical.sources import SEBAALY_2018, VAN_DE_MINKELIS_2024, Source
from fbss.clinical.wording import in_sentence

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

# Work-up items: TestKind values and the reviews, by their plain names.
ITEM_LABELS = {
    "medical_review": "Medical review (history, operation notes, red-flag questions)",
    "physical_exam": "Physical examination (neurological, trigger points, SIJ provocation)",
    "labs": "CRP, ESR and white cell count",
    "xray": "Radiographs of the operated region",
    "xray_flexion_extension": "Standing flexion-extension radiographs",
    "xray_whole_spine": "Standing whole-spine radiograph",
    "ct": "Thin-slice CT with reconstructions",
    "mri": "MRI",
    "mri_gadolinium": "Gadolinium-enhanced MRI",
    "emg_ncs": "EMG/NCS",
    "diagnostic_block": "Diagnostic block",
}
ITEM_PATHS = {"medical_review": "surgeries", "physical_exam": "exam", "labs": "labs"}


# How strongly the record speaks: shown (confirmed), suggested, against, not applicable, or nothing yet.
EVIDENCE_PHRASES = {
    "confirmed": "shown by the work-up",
    "suggested": "suggested, not yet confirmed",
    "against": "evidence against it",
    "not_applicable": "not applicable to this surgical history",
    "none": "not yet assessed",
    "deferred": "see the red-flag finding",
    "too_early": "too early to judge",
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

    def undecided_because_unassessed(self) -> Missing:
        """What would settle a cause the rule left open without naming a gap (e.g. not wanted now)."""
        items = [str(item) for item in self.settled_by]
        names = ", ".join(in_sentence(ITEM_LABELS[item]) for item in items)
        return Missing(ITEM_PATHS.get(items[0], "tests"), f"not yet assessed: {names} would settle it")

    def finding(self) -> Finding:
        missing = tuple(self.trail.missing)
        if self.status is Status.UNKNOWN and not missing:
            missing = (self.undecided_because_unassessed(),)
        return Finding(
            code=f"differential.{self.cause}",
            kind=Kind.DIFFERENTIAL,
            title=f"{LABELS[self.cause]}: {EVIDENCE_PHRASES[self.evidence]}",
            status=self.status,
            sources=(*self.sources, VAN_DE_MINKELIS_2024, SEBAALY_2018),
            because=tuple(self.trail.because),
            missing=missing,
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
