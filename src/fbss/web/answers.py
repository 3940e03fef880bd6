"""A patient's own answers: stored, assessed at once, and any red flag they raise alerts the care team.

Which red flags came from the answers is read from each finding's `because` paths (the inputs the rule
used), so the web layer never re-implements a red-flag rule: it only routes what the core concluded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from fbss.store.casebuilder import LIST_KINDS, SINGLE_KINDS
from fbss.store.errors import FieldError, Invalid
from fbss.store.models import Alert, Observation
from fbss.store.records import add_observation
from fbss.store.snapshots import assess_patient
from fbss.store.workflow import raise_alert
from fbss.web.render import open_red_flags

# What a patient may record about themself; everything else is entered by the care team.
PATIENT_KINDS = frozenset({"pain", "red_flags", "instrument", "treatment", "goal", "scs_diary"})
CASE_FIELD_OF_KIND = {**LIST_KINDS, **SINGLE_KINDS, "pain": "pain", "scs_diary": "scs"}


@dataclass
class Answered:
    observations: list[Observation]
    red_flags: list[dict[str, Any]] = field(default_factory=list)  # open red flags these answers raised
    alerts: list[Alert] = field(default_factory=list)


def record_answers(
    session: Session,
    patient_id: int,
    user_id: int,
    answers: Sequence[tuple[str, Any]],
    today: dt.date,
    field_prefix: str | None = None,
) -> Answered:
    """Store the answers (all or none), assess, and alert the care team to red flags they raised.

    With `field_prefix`, an invalid answer is named by its place in the list (answers[1].payload.region).
    """
    rows = []
    for index, (kind, payload) in enumerate(answers):
        try:
            rows.append(add_observation(session, patient_id, kind, payload, today, recorded_by=user_id))
        except Invalid as error:
            if field_prefix is None:
                raise
            raise Invalid(
                [FieldError(f"{field_prefix}[{index}].{e.field}", e.message) for e in error.errors]
            ) from None
    assessed = assess_patient(session, patient_id, today)
    fields = {CASE_FIELD_OF_KIND.get(kind, kind) for kind, _ in answers}
    raised = [flag for flag in open_red_flags(assessed.result) if _rests_on(flag, fields)]
    alerts = [
        raise_alert(session, patient_id, flag["code"], flag["title"], flag.get("severity"), rows[0].id)
        for flag in raised
    ]
    return Answered(rows, raised, alerts)


def _rests_on(finding: dict[str, Any], case_fields: set[str]) -> bool:
    """Whether any input the finding used sits in one of these parts of the case."""
    for because in finding.get("because", []):
        head = str(because.get("path", "")).split(".", 1)[0].split("[", 1)[0]
        if head in case_fields:
            return True
    return False
