"""Pain mechanism: muscle (nociceptive, myofascial), nerve (neuropathic), mixed, or undetermined.

"Mixed" has no formal definition (Freynhagen 2019). Here it means both components are established:
- the neuropathic component by a NeuPSIG grade of probable or definite (Finnerup 2016);
- the myofascial component by an active trigger point meeting the Delphi criteria: taut band, hypersensitive
  spot and referred pain, recognised by the patient as the familiar pain (Fernández-de-las-Peñas 2018).
Trigger points can refer tingling and burning, so nerve-type words beside an active trigger point, with no
neurological sign, are not taken as nerve pain. The full table is in docs/phenotype.md.
"""

from __future__ import annotations

from typing import Any

from fbss.clinical.case import (
    MUSCLE_DESCRIPTORS,
    NERVE_DESCRIPTORS,
    Case,
    PainReport,
    ReflexResponse,
    TriggerPoint,
)
from fbss.clinical.criteria.pains import is_no_pain
from fbss.clinical.finding import Because, Finding, Kind, Status
from fbss.clinical.phenotype.trail import Trail
from fbss.clinical.sources import FERNANDEZ_DE_LAS_PENAS_2018, FINNERUP_2016, FREYNHAGEN_2019

NEUROPATHIC_COMPONENT_BY_GRADE = {
    "definite": "established",
    "probable": "established",
    "possible": "suggested",
    "unlikely": "absent",
    "unknown": "unknown",
}

MECHANISM_TITLES = {
    "mixed": "Pain mechanism: mixed (neuropathic and myofascial components both established)",
    "nerve": "Pain mechanism: nerve (neuropathic, radicular)",
    "muscle": "Pain mechanism: muscle (nociceptive, myofascial)",
    "undetermined": "Pain mechanism undetermined",
}


def pain_mechanism(case: Case, grade: Finding) -> Finding:
    """Muscle, nerve, mixed or undetermined, from the NeuPSIG grade finding and the myofascial exam."""
    trail = Trail()
    nerve = NEUROPATHIC_COMPONENT_BY_GRADE[str(grade.value)]
    muscle = myofascial_component(case, trail)
    quiet = no_neurological_signs(case, trail)
    painless = all(is_no_pain(report) for report in case.pain)
    value = "undetermined" if painless else mechanism_from(nerve, muscle, quiet)
    if painless:
        trail.lacks(
            "pain",
            "no pain recorded (no report, or every report rated 0): a pain mechanism needs pain to classify",
        )
    elif value == "undetermined":
        say_what_would_decide(nerve, muscle, quiet, trail)
    elif value == "nerve" and muscle == "unknown":
        trail.lacks("exam.trigger_points", "an active trigger point would add a myofascial component (mixed)")
    screens: dict[str, dict[str, Any]] = grade.data.get("screens", {})
    discordant = value == "muscle" and any(s["reading"] == "positive" for s in screens.values())
    return Finding(
        code="phenotype.mechanism",
        kind=Kind.PHENOTYPE,
        title=MECHANISM_TITLES[value],
        status=Status.UNKNOWN if value == "undetermined" else Status.MET,
        sources=(FINNERUP_2016, FERNANDEZ_DE_LAS_PENAS_2018, FREYNHAGEN_2019),
        because=(Because("finding:phenotype.neuropathic_grade", grade.value), *trail.because),
        missing=tuple(trail.missing),
        value=value,
        detail="A screening questionnaire is positive but no neurological sign was found: nerve pain is not "
        "established (screening questionnaires do not grade neuropathic pain; NeuPSIG 2016)."
        if discordant
        else None,
        data={
            "neuropathic_component": nerve,
            "myofascial_component": muscle,
            "no_neurological_signs": quiet,
            "nerve_words_explained_by_trigger_points": nerve_words_explained_by_trigger_points(case),
            "screen_discordant": discordant,
        },
    )


def mechanism_from(nerve: str, muscle: str, quiet: bool | None) -> str:
    """The rule table: components (established / suggested / absent / unknown) to a mechanism."""
    if nerve == "established":
        return "mixed" if muscle == "established" else "nerve"
    if muscle == "established" and (nerve == "absent" or quiet is True):
        return "muscle"
    if nerve == "absent" and muscle == "suggested":
        return "muscle"
    return "undetermined"


def say_what_would_decide(nerve: str, muscle: str, quiet: bool | None, trail: Trail) -> None:
    if nerve in ("suggested", "unknown"):
        trail.lacks("exam.sensory", "sensory signs in the painful dermatomes would establish nerve pain")
    if muscle in ("suggested", "unknown"):
        trail.lacks(
            "exam.trigger_points", "an active trigger point (taut band, spot, referral) is the muscle sign"
        )
    if muscle == "established" and quiet is None:
        trail.lacks(
            "exam.sensory", "a neurological exam without signs would leave the trigger point as the cause"
        )
    if not trail.missing:
        trail.lacks(
            "tests",
            "neither a neuropathic nor a myofascial component is found: a joint (facet or sacroiliac) or the "
            "disc may be the source; the differential names the test that settles each",
        )


def myofascial_component(case: Case, trail: Trail) -> str:
    """Established by an active trigger point meeting the Delphi criteria; else suggested, absent, unknown."""
    points = case.exam.trigger_points if case.exam else None
    if points is not None:
        meeting = [(i, p) for i, p in enumerate(points) if meets_delphi_criteria(p)]
        for i, point in meeting:
            if point.reproduces_familiar_pain is True:
                trail.saw(f"exam.trigger_points[{i}]", point.muscle, "active trigger point (Delphi criteria)")
                return "established"
        if meeting:
            i, point = meeting[0]
            trail.saw(
                f"exam.trigger_points[{i}]", point.muscle, "meets the criteria, not recognised as familiar"
            )
            return "suggested"
        trail.saw("exam.trigger_points", "no trigger point meets the Delphi criteria")
        return "absent"
    words = sorted({d.value for p in painful(case) for d in p.descriptors or () if d in MUSCLE_DESCRIPTORS})
    if words:
        trail.saw("pain[].descriptors", tuple(words), "muscle-type words alone do not establish it")
        return "suggested"
    return "unknown"


def painful(case: Case) -> list[PainReport]:
    """The pain reports that are pain: a report rated 0 on every recorded NRS is not (as in criteria.fbss)."""
    return [report for report in case.pain if not is_no_pain(report)]


def meets_delphi_criteria(point: TriggerPoint) -> bool:
    """Taut band, hypersensitive spot and referred pain all present (Fernández-de-las-Peñas 2018)."""
    return bool(point.taut_band and point.hypersensitive_spot and point.referred_pain)


def no_neurological_signs(case: Case, trail: Trail) -> bool | None:
    """True when sensation was examined and no sensory, motor, reflex or nerve-tension sign was found."""
    exam = case.exam
    if exam is None or exam.sensory is None:
        return None
    signs = sum(1 for s in exam.sensory if not s.saddle)
    signs += sum(1 for m in exam.motor or () if m.mrc_grade < 5)
    signs += sum(
        1 for r in exam.reflexes or () if r.response in (ReflexResponse.REDUCED, ReflexResponse.ABSENT)
    )
    signs += sum(1 for s in exam.straight_leg_raise or () if s.positive)
    trail.saw("exam", f"{signs} neurological sign(s) on examination")
    return signs == 0


def nerve_words_explained_by_trigger_points(case: Case) -> bool | None:
    """Whether every nerve-type word used is a sensation an active trigger point refers (Delphi 2018)."""
    words = {d for p in painful(case) for d in p.descriptors or () if d in NERVE_DESCRIPTORS}
    points = case.exam.trigger_points or () if case.exam else ()
    active = [p for p in points if meets_delphi_criteria(p) and p.reproduces_familiar_pain]
    if not words or not active:
        return None
    return words <= {d for p in active for d in p.referred_sensations}
