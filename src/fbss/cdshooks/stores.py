"""What the service must remember across requests and processes, as Protocols (SQL versions in store.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol


class ReplayStore(Protocol):
    def remember(self, issuer: str, jti: str, expires: dt.datetime) -> bool:
        """Record a token id; False when it was seen before (a replay). Atomic across processes."""
        ...


class FeedbackStore(Protocol):
    def record(self, service_id: str, feedback: dict[str, Any], received: dt.datetime) -> bool:
        """Store one feedback entry; False when the same entry was stored before (idempotent)."""
        ...

    def outcomes(self, service_id: str) -> list[dict[str, Any]]:
        """Every feedback entry stored for a service, oldest first."""
        ...


class ScsStateStore(Protocol):
    def swap(self, patient_key: str, state: str) -> str | None:
        """Store the patient's SCS pathway state and return the one stored before (None: first time)."""
        ...


@dataclass(frozen=True, slots=True)
class Stores:
    replay: ReplayStore
    feedback: FeedbackStore
    scs_state: ScsStateStore
