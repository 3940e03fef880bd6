"""Storing what an imported resource became (its Case parts) in one patient's record, keyed by its FHIR
identity: a part seen before is compared and updated in place, never added twice.

List facts (surgeries, labs, medications ...) are one observation each. Single facts (red-flag screen, exam,
conditions, psychosocial, SCS, and weight / height / operation count in the profile) are observations whose
latest one is the current value, so a part is merged into the latest before it and stored only if it changes
something. What cannot be stored is said, with the reason, in the import report.

Unlike a fact typed into the app, an imported fact without a date keeps no date (the row is filed under the
day of the import): an old result must not pass for today's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from fbss.fhir.mapping import Part
from fbss.fhir.rest.identities import link_record, record_link, stored_key
from fbss.store.casebuilder import LIST_KINDS, SINGLE_KINDS
from fbss.store.errors import Invalid
from fbss.store.models import FhirIdentity, Observation, Patient
from fbss.store.records import DATE_FIELDS, validate_payload

LIST_TARGETS = {field_name: kind for kind, field_name in LIST_KINDS.items()} | {"pain": "pain"}
SINGLE_TARGETS = {field_name: kind for kind, field_name in SINGLE_KINDS.items()}
PROFILE_TARGETS = frozenset({"weight_kg", "height_cm", "operation_count"})


@dataclass(slots=True)
class Written:
    """What storing one patient's parts did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    not_stored: list[tuple[str, str]] = field(default_factory=list)  # (part key, reason)


class RecordWriter:
    """Writes parts into one patient's record; holds the record in memory while it does."""

    def __init__(self, session: Session, patient: Patient, today: dt.date, recorded_by: int | None) -> None:
        self.session = session
        self.patient = patient
        self.today = today
        self.recorded_by = recorded_by
        self.rows = list(
            session.scalars(
                select(Observation)
                .where(Observation.patient_id == patient.id)
                .order_by(Observation.observed_on, Observation.id)
            )
        )
        self.linked = set(
            session.scalars(
                select(FhirIdentity.observation_id).where(
                    FhirIdentity.patient_id == patient.id, FhirIdentity.observation_id.is_not(None)
                )
            )
        )
        self.written = Written()

    def write(self, key: str, part: Part) -> None:
        """Store one part under its key (`<resource identity>#<case field>#<n>`)."""
        try:
            if part.target in LIST_TARGETS:
                self._list_fact(key, LIST_TARGETS[part.target], _plain(part.value), part.when)
            elif part.target in SINGLE_TARGETS:
                self._single_fact(key, SINGLE_TARGETS[part.target], _plain(part.value), part.when)
            elif part.target in PROFILE_TARGETS:
                self._single_fact(key, "profile", {part.target: part.value}, part.when)
            else:
                self._patient_fact(key, part)
        except Invalid as error:
            self.written.not_stored.append((key, f"not stored: {error}"))

    # --- list facts --------------------------------------------------------------------------------------

    def _list_fact(self, key: str, kind: str, payload: dict[str, Any], when: dt.date | None) -> None:
        observed_on, stored = self._dated(kind, payload, when)
        link = record_link(self.session, self.patient.id, key)
        row = self.session.get(Observation, link.observation_id) if link and link.observation_id else None
        if row is not None:
            self._update(key, row, observed_on, stored)
            return
        same = self._same_unlinked(kind, stored)
        if same is not None:
            self._link(key, same)
            self.written.unchanged += 1
            return
        self._add(key, kind, stored, observed_on)

    def _update(self, key: str, row: Observation, observed_on: dt.date, stored: dict[str, Any]) -> None:
        if row.entered_in_error:
            self.written.not_stored.append((key, "withdrawn in fbss as entered in error: not restored"))
        elif row.payload == stored:
            self.written.unchanged += 1
        else:
            row.payload, row.observed_on = stored, observed_on
            self.session.flush()
            self.written.updated += 1

    def _same_unlinked(self, kind: str, stored: dict[str, Any]) -> Observation | None:
        """A fact identical to one already in the record, not yet tied to another FHIR resource, is that fact."""
        for row in self.rows:
            if (
                row.kind == kind
                and not row.entered_in_error
                and row.id not in self.linked
                and row.payload == stored
            ):
                return row
        return None

    # --- single facts ------------------------------------------------------------------------------------

    def _single_fact(self, key: str, kind: str, values: dict[str, Any], when: dt.date | None) -> None:
        values = _known(values)  # None is "not recorded": it adds nothing and erases nothing
        date_field = DATE_FIELDS.get(kind, (None, False))[0]
        if date_field:
            # A dated finding (the exam): filed on its date, completing the one before it; an older one does
            # not replace a newer exam.
            own = values.get(date_field)
            on = dt.date.fromisoformat(str(own)) if own else (when or self.today)
            latest = self._latest(kind, on)
            merged = {**(latest.payload if latest is not None else {}), **values, date_field: own}
        else:
            # A current state (profile, red-flag screen, conditions, psychosocial, SCS): the latest row is the
            # state, so the part goes into a new latest row; of two values of one field the newer one wins.
            on = when or self.today
            latest = self._latest(kind, self.today)
            if latest is None or on >= latest.observed_on:
                merged = {**(latest.payload if latest is not None else {}), **values}
            else:
                merged, on = {**values, **_known(latest.payload)}, latest.observed_on
        observed_on, stored = self._dated(kind, merged, on)
        if latest is not None and latest.payload == stored:
            self.written.unchanged += 1
            return
        self._add(key, kind, stored, observed_on, link_again=True)

    def _latest(self, kind: str, on_or_before: dt.date) -> Observation | None:
        found = [
            row
            for row in self.rows
            if row.kind == kind and not row.entered_in_error and row.observed_on <= on_or_before
        ]
        return max(found, key=lambda row: (row.observed_on, row.id)) if found else None

    def _dated(
        self, kind: str, payload: dict[str, Any], when: dt.date | None
    ) -> tuple[dt.date, dict[str, Any]]:
        """The row's date (the fact's own, else the resource's, else today) and the payload, date left as is."""
        stored = validate_payload(kind, payload).model_dump(mode="json")
        date_field = DATE_FIELDS.get(kind, (None, False))[0]
        own = stored.get(date_field) if date_field else None
        observed_on = dt.date.fromisoformat(own) if own else (when or self.today)
        if observed_on > self.today:
            raise Invalid.one(f"{kind}.{date_field or 'date'}", "is after the day of the import")
        return observed_on, stored

    # --- the patient row ---------------------------------------------------------------------------------

    def _patient_fact(self, key: str, part: Part) -> None:
        if part.target == "case_id":
            self.written.unchanged += 1  # the patient's identity: matched and linked already
        elif part.target == "sex":
            sex = str(getattr(part.value, "value", part.value))
            if self.patient.sex is None:
                self.patient.sex = sex
                self.written.updated += 1
            elif self.patient.sex == sex:
                self.written.unchanged += 1
            else:
                self.written.not_stored.append((key, "sex differs from the record's: the record's is kept"))
        elif part.target == "age_years":
            if self.patient.birth_date is not None:
                self.written.unchanged += 1  # the record counts age from the birth date
            else:
                self.written.not_stored.append((key, "an age without a birth date is not stored"))
        else:
            self.written.not_stored.append((key, f"{part.target}: no place in the stored record"))

    # --- rows and links ----------------------------------------------------------------------------------

    def _add(
        self, key: str, kind: str, stored: dict[str, Any], observed_on: dt.date, link_again: bool = False
    ) -> None:
        row = Observation(
            patient_id=self.patient.id,
            kind=kind,
            observed_on=observed_on,
            payload=stored,
            recorded_by=self.recorded_by,
        )
        self.session.add(row)
        self.session.flush()
        self.rows.append(row)
        self._link(key, row, replace=link_again)
        self.written.added += 1

    def _link(self, key: str, row: Observation, replace: bool = False) -> None:
        existing = record_link(self.session, self.patient.id, key)
        if existing is not None and replace:
            existing.observation_id = row.id
            self.session.flush()
        elif existing is None:
            link_record(self.session, self.patient.id, key, row.id)
        self.linked.add(row.id)


def part_key(identity: str, target: str, ordinal: int) -> str:
    return stored_key(f"{identity}#{target}#{ordinal}")


def _known(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


def _plain(value: Any) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=False)
    return dict(value)
