"""Who on the care team delivers each step (the care-team model of FBSS care: pain management, pain
psychology, orthopaedic or neurological surgery, primary care and physical therapy working together)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PAIN_MANAGEMENT = "pain_management"
    PAIN_PSYCHOLOGY = "pain_psychology"
    SPINE_SURGERY = "spine_surgery"
    PRIMARY_CARE = "primary_care"
    PHYSICAL_THERAPY = "physical_therapy"
    COMPLEMENTARY_THERAPY = "complementary_therapy"
    EMERGENCY_CARE = "emergency_care"


ROLE_NAMES: dict[Role, str] = {
    Role.PAIN_MANAGEMENT: "pain management",
    Role.PAIN_PSYCHOLOGY: "pain psychology",
    Role.SPINE_SURGERY: "orthopaedic or neurological spine surgery",
    Role.PRIMARY_CARE: "primary care",
    Role.PHYSICAL_THERAPY: "physical therapy",
    Role.COMPLEMENTARY_THERAPY: "a registered complementary therapist, coordinated by primary care",
    Role.EMERGENCY_CARE: "emergency care",
}


def role_name(role: Role) -> str:
    """The plain name of a care-team role, as a clinician would say it."""
    return ROLE_NAMES[role]
