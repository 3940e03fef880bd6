"""CDS Hooks 2.0.1 request and response shapes, typed from the specification (https://cds-hooks.hl7.org/2.0/).

Requests from an EHR are read leniently (unknown fields, such as `extension`, are kept, not refused);
responses we build are strict, so a card that breaks the specification cannot be constructed.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SUMMARY_MAX = 140  # "summary ... SHOULD be under a 140-character limit"


class Lenient(BaseModel):
    model_config = ConfigDict(extra="allow")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- requests ---------------------------------------------------------------------------------------------


class FhirAuthorization(Lenient):
    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str
    subject: str
    patient: str | None = None


class HookRequest(Lenient):
    hook: str
    hookInstance: str
    fhirServer: str | None = None
    fhirAuthorization: FhirAuthorization | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _authorization_needs_server(self) -> HookRequest:
        if self.fhirAuthorization is not None and not self.fhirServer:
            raise ValueError("fhirAuthorization given without fhirServer")
        return self


class Coding(Strict):
    code: str
    system: str
    display: str | None = None


class OverrideReason(Lenient):
    reason: Coding | None = None
    userComment: str | None = None


class AcceptedSuggestion(Lenient):
    id: str


class Feedback(Lenient):
    card: str
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] | None = None
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: str

    @model_validator(mode="after")
    def _consistent(self) -> Feedback:
        if self.outcome == "accepted" and self.overrideReason is not None:
            raise ValueError("an accepted card has no override reason")
        if self.outcome == "overridden" and self.acceptedSuggestions:
            raise ValueError("an overridden card has no accepted suggestions")
        return self


class FeedbackRequest(Lenient):
    feedback: list[Feedback] = Field(min_length=1)


# --- responses --------------------------------------------------------------------------------------------


def new_uuid() -> str:
    return str(uuid.uuid4())


class Source(Strict):
    label: str
    url: str | None = None
    icon: str | None = None
    topic: Coding | None = None


class Action(Strict):
    type: Literal["create", "update", "delete"]
    description: str
    resource: dict[str, Any] | None = None
    resourceId: list[str] | None = None

    @model_validator(mode="after")
    def _resource_for_type(self) -> Action:
        if self.type in ("create", "update") and self.resource is None:
            raise ValueError(f"a {self.type} action carries the resource")
        if self.type == "delete" and not self.resourceId:
            raise ValueError("a delete action names resourceId")
        return self


class Suggestion(Strict):
    label: str
    uuid: str = Field(default_factory=new_uuid)
    isRecommended: bool | None = None
    actions: list[Action] = Field(default_factory=list)


class Link(Strict):
    label: str
    url: str
    type: Literal["absolute", "smart"]
    appContext: str | None = None


class Card(Strict):
    uuid: str = Field(default_factory=new_uuid)
    summary: str = Field(max_length=SUMMARY_MAX - 1)
    detail: str | None = None
    indicator: Literal["info", "warning", "critical"]
    source: Source
    suggestions: list[Suggestion] | None = None
    selectionBehavior: Literal["at-most-one", "any"] | None = None
    overrideReasons: list[Coding] | None = None
    links: list[Link] | None = None

    @field_validator("summary")
    @classmethod
    def _one_line(cls, summary: str) -> str:
        if "\n" in summary:
            raise ValueError("summary is one line")
        return summary

    @model_validator(mode="after")
    def _selection_with_suggestions(self) -> Card:
        if self.suggestions and self.selectionBehavior is None:
            raise ValueError("selectionBehavior is required when a card has suggestions")
        return self


class CardsResponse(Strict):
    cards: list[Card]
    systemActions: list[Action] | None = None


class ServiceDefinition(Strict):
    hook: str
    title: str | None = None
    description: str
    id: str
    prefetch: dict[str, str] | None = None
    usageRequirements: str | None = None


class Discovery(Strict):
    services: list[ServiceDefinition]


def summary_of(text: str) -> str:
    """A one-line summary under 140 characters, cut at a word with an ellipsis when longer."""
    line = " ".join(text.split())
    if len(line) < SUMMARY_MAX:
        return line
    cut = line[: SUMMARY_MAX - 2].rsplit(" ", 1)[0]
    return cut + "\u2026"
