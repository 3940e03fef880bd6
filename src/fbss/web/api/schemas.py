"""Request bodies of the JSON API. Unknown fields are refused; text limits match the store's."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from fbss.store.models import ReferralStatus, Role, Specialty

Version = Annotated[int, Field(ge=1, description="The version you read; a stale one gets 409 Conflict")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Body):
    username: Annotated[str, Field(max_length=80)]
    password: Annotated[str, Field(max_length=1000)]


class ObservationIn(Body):
    kind: Annotated[str, Field(max_length=30, description="A part of the case: pain, exam, test, ...")]
    payload: dict[str, Any] = Field(description="The part, in the case format (docs/case-format.md)")
    observed_on: dt.date | None = Field(None, description="Defaults to the payload's own date, else today")


class ObservationEdit(Body):
    version: Version
    payload: dict[str, Any]
    observed_on: dt.date | None = None


class AnswersIn(Body):
    """Several of a patient's answers saved together (all or none), e.g. body map, NRS and red-flag questions."""

    answers: Annotated[list[ObservationIn], Field(min_length=1, max_length=50)]


class PatientIn(Body):
    mrn: Annotated[str, Field(max_length=40)]
    display_name: Annotated[str, Field(max_length=200)]
    birth_date: dt.date | None = None
    sex: str | None = None


class CareTeamIn(Body):
    user_id: int
    responsibility: Annotated[str, Field(max_length=200)] | None = None


class ReferralIn(Body):
    to_specialty: Specialty
    reason: Annotated[str, Field(max_length=2000)]
    to_user_id: int | None = None


class ReferralEdit(Body):
    version: Version
    status: ReferralStatus


class TaskIn(Body):
    title: Annotated[str, Field(max_length=200)]
    assignee_id: int | None = None
    due_on: dt.date | None = None


class TaskEdit(Body):
    """Only the fields sent are changed."""

    version: Version
    title: Annotated[str, Field(max_length=200)] | None = None
    assignee_id: int | None = None
    due_on: dt.date | None = None
    done: bool | None = None


class NoteIn(Body):
    text: Annotated[str, Field(max_length=10_000)]


class NoteEdit(Body):
    version: Version
    text: Annotated[str, Field(max_length=10_000)]


class Acknowledge(Body):
    version: Version


class UserIn(Body):
    username: Annotated[str, Field(max_length=80)]
    password: Annotated[str, Field(max_length=1000)]
    role: Role
    display_name: Annotated[str, Field(max_length=200)]
    specialty: Specialty | None = None
    patient_id: int | None = None


class UserEdit(Body):
    version: Version
    active: bool | None = None
    display_name: Annotated[str, Field(max_length=200)] | None = None
    password: Annotated[str, Field(max_length=1000)] | None = None
