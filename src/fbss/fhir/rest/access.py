"""Whose records a FHIR caller may read: a patient their own, a clinician their care teams' patients.

Admins read the audit log, not clinical content, so no FHIR read route admits them (fbss.web.access refuses
them before these helpers run); here they see no one.
"""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from fbss.store.models import CareTeamMember, Patient, Role, User
from fbss.web.access import Principal


def visible_patients(role: Role | str, user_id: int, own_patient_id: int | None) -> Select[int]:
    """The ids of the patients this user may read, as a query."""
    query = select(Patient.id)
    if Role(role) is Role.CLINICIAN:
        return query.where(
            Patient.id.in_(select(CareTeamMember.patient_id).where(CareTeamMember.user_id == user_id))
        )
    if Role(role) is Role.PATIENT and own_patient_id is not None:
        return query.where(Patient.id == own_patient_id)
    return query.where(Patient.id.is_(None))


def visible_to(principal: Principal) -> Select[int]:
    return visible_patients(principal.role, principal.user_id, principal.patient_id)


def visible_to_user(user: User) -> Select[int]:
    return visible_patients(user.role, user.id, user.patient_id)


def may_read(session: Session, principal: Principal, patient_id: int) -> bool:
    """Whether the caller may read this patient's record (a missing patient: no)."""
    found = session.scalar(visible_to(principal).where(Patient.id == patient_id))
    return found is not None
