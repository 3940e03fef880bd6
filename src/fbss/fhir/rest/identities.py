"""The FHIR identities imports matched to our records (table `fhir_identities`): how a Patient or a resource
seen before is recognised, so that importing the same data twice adds nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fbss.store.models import FhirIdentity

IDENTIFIER = "identifier:"
MAX_KEY = 500


def stored_key(key: str) -> str:
    """The key as stored: keys longer than the column are kept as their digest."""
    return key if len(key) <= MAX_KEY else "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def identifier_key(system: str, value: str) -> str:
    return f"{IDENTIFIER}{system}|{value}"


def patient_keys(resource: dict[str, Any]) -> list[str]:
    """A Patient resource's identities, business identifiers first, then its logical id."""
    keys = [
        identifier_key(str(item["system"]), str(item["value"]))
        for item in resource.get("identifier", ())
        if isinstance(item, dict) and item.get("system") and item.get("value")
    ]
    if resource.get("id"):
        keys.append(f"Patient/{resource['id']}")
    return keys


def find_patient(session: Session, keys: Iterable[str]) -> int | None:
    """The patient one of these identities was matched to before (the first key found wins)."""
    for key in keys:
        found = session.scalar(
            select(FhirIdentity.patient_id)
            .where(FhirIdentity.key == stored_key(key), FhirIdentity.observation_id.is_(None))
            .limit(1)
        )
        if found is not None:
            return found
    return None


def link_patient(session: Session, patient_id: int, keys: Iterable[str]) -> None:
    """Remember these identities for the patient (an identity already given to another patient stays there)."""
    for key in dict.fromkeys(stored_key(key) for key in keys):
        owner = session.scalar(
            select(FhirIdentity.patient_id).where(
                FhirIdentity.key == key, FhirIdentity.observation_id.is_(None)
            )
        )
        if owner is None:
            session.add(FhirIdentity(patient_id=patient_id, key=key))
    session.flush()


def identifiers_of(session: Session, patient_id: int) -> list[tuple[str, str]]:
    """The business identifiers (system, value) imports brought for this patient."""
    keys = session.scalars(
        select(FhirIdentity.key)
        .where(
            FhirIdentity.patient_id == patient_id,
            FhirIdentity.observation_id.is_(None),
            FhirIdentity.key.startswith(IDENTIFIER),
        )
        .order_by(FhirIdentity.id)
    )
    found = []
    for key in keys:
        system, _, value = key.removeprefix(IDENTIFIER).partition("|")
        found.append((system, value))
    return found


def record_link(session: Session, patient_id: int, key: str) -> FhirIdentity | None:
    """The observation an imported part (`<resource>#<field>#<n>`) became, if it was imported before."""
    return session.scalar(
        select(FhirIdentity).where(FhirIdentity.patient_id == patient_id, FhirIdentity.key == stored_key(key))
    )


def link_record(session: Session, patient_id: int, key: str, observation_id: int) -> None:
    session.add(FhirIdentity(patient_id=patient_id, key=stored_key(key), observation_id=observation_id))
    session.flush()
