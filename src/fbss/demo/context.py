"""The facts a synthetic patient is built around, shared by the generator's parts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Patient:
    rng: random.Random
    profile_name: str
    mechanism: str  # nerve, muscle or mixed
    red_flag: str | None
    case_id: str
    assessment_date: dt.date
    age: int
    sex: str
    surgery_type: str
    index_date: dt.date
    months_since_index: float
    level: str  # the operated segment, e.g. L4-L5
    root: str  # the root it affects, e.g. L5
    side: str
    back_nrs: int
    leg_nrs: int | None
    operations: int
    severity: float  # 0-1: how unwell overall; drives questionnaire answers
    antithrombotic: str | None  # the one antiplatelet or anticoagulant taken, if any

    @property
    def leg_predominant(self) -> bool:
        return self.leg_nrs is not None and self.leg_nrs > self.back_nrs

    def days_ago(self, days: float) -> dt.date:
        """A date `days` before the assessment (never after it)."""
        return self.assessment_date - dt.timedelta(days=max(0, round(days)))

    def after_surgery(self, fraction: float) -> dt.date:
        """A date the given fraction of the way from the index surgery to the assessment."""
        span = (self.assessment_date - self.index_date).days
        return self.index_date + dt.timedelta(days=round(span * min(1.0, max(0.0, fraction))))


def iso(day: dt.date) -> str:
    return day.isoformat()
