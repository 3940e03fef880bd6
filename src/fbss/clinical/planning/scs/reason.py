"""One reason in the SCS candidacy: what it says, its source, the inputs behind it and what would change it."""

from __future__ import annotations

from dataclasses import dataclass

from fbss.clinical.finding import Because
from fbss.clinical.frozen import quick_init
from fbss.clinical.sources import Source


@quick_init
@dataclass(frozen=True, slots=True)
class Reason:
    text: str
    source: Source
    because: tuple[Because, ...] = ()
    change: str | None = None  # what would change it
    evidence: bool = False  # an issue of evidence strength, not something to fix

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "source": self.source.id, "would_change": self.change}
