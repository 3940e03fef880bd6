"""The seeded synthetic FBSS case generator.

`generate_cases(n, seed)` yields n validated `Case`s; `generate_case_documents(n, seed)` yields the same cases as
JSON-ready dicts (what a case file holds). Case i of a seed is the same whatever n, so a test can ask for 5 or
5,000 and get the same first five. Pure: no clock, no I/O; the dates count back from a fixed day.

Each case follows one profile (a radicular leg-pain patient after discectomy, myofascial back pain after a
fusion, a painful pseudarthrosis, a red flag, ...) so that surgery, pain, descriptors, examination, tests,
labs, medicines and questionnaire histories fit together. The combinations are plausible, not a model of
prevalence; the data are invented and describe no one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fbss.clinical.case import Case
from fbss.demo import clinic, history
from fbss.demo.context import Patient, iso

LATEST_ASSESSMENT = dt.date(2026, 11, 1)


@dataclass(frozen=True, slots=True)
class Profile:
    """A kind of FBSS patient: what was done, when, and how the pain presents."""

    name: str
    weight: float
    mechanism: str  # nerve, muscle or mixed: drives descriptors, examination and screening answers
    surgeries: tuple[str, ...]
    months_since_index: tuple[float, float]
    back_nrs: tuple[int, int]
    leg_nrs: tuple[int, int] | None
    red_flag: str | None = None


PROFILES: tuple[Profile, ...] = (
    Profile(
        "radicular", 22, "nerve", ("microdiscectomy", "discectomy", "laminectomy"), (6, 60), (2, 5), (6, 9)
    ),
    Profile("recurrent_disc", 6, "nerve", ("microdiscectomy", "discectomy"), (9, 48), (3, 6), (6, 9)),
    Profile("epidural_fibrosis", 6, "nerve", ("discectomy", "laminectomy"), (6, 72), (3, 5), (5, 8)),
    Profile("myofascial", 14, "muscle", ("fusion", "laminectomy"), (6, 72), (5, 8), None),
    Profile("mixed", 13, "mixed", ("fusion", "laminectomy", "discectomy"), (6, 96), (5, 8), (4, 7)),
    Profile("pseudarthrosis", 6, "muscle", ("fusion",), (12, 36), (6, 9), (0, 3)),
    Profile("sacroiliac", 6, "muscle", ("fusion",), (8, 48), (5, 8), (2, 5)),
    Profile("facet", 5, "muscle", ("discectomy", "laminectomy"), (12, 96), (4, 7), None),
    Profile("adjacent_segment", 5, "mixed", ("fusion",), (36, 144), (5, 8), (3, 7)),
    Profile("stenosis", 5, "nerve", ("laminectomy", "discectomy"), (12, 120), (3, 6), (5, 8)),
    Profile(
        "too_early", 5, "mixed", ("microdiscectomy", "fusion", "laminectomy"), (0.7, 2.8), (3, 7), (3, 7)
    ),
    Profile(
        "cauda_equina", 1, "nerve", ("discectomy", "laminectomy"), (1, 60), (4, 8), (6, 9), "cauda_equina"
    ),
    Profile("infection", 1.5, "mixed", ("fusion", "discectomy"), (0.5, 2.5), (7, 10), (2, 6), "infection"),
    Profile("fracture", 1, "muscle", ("fusion", "laminectomy"), (12, 120), (7, 10), None, "fracture"),
    Profile("malignancy", 1, "mixed", ("laminectomy", "fusion"), (12, 120), (6, 9), (3, 6), "malignancy"),
    Profile("progressive_deficit", 1, "nerve", ("discectomy", "fusion"), (6, 60), (3, 6), (6, 9), "deficit"),
    Profile("suicide_risk", 1.5, "mixed", ("fusion", "discectomy"), (12, 96), (6, 9), (5, 8), "suicide_risk"),
)
_WEIGHTS = tuple(profile.weight for profile in PROFILES)
_LEVEL_ROOT = {"L4-L5": "L5", "L5-S1": "S1", "L3-L4": "L4"}  # the traversing root of a posterolateral disc


def generate_cases(n: int, seed: int = 0) -> Iterator[Case]:
    """n validated synthetic cases; deterministic for a seed."""
    for document in generate_case_documents(n, seed):
        yield Case.model_validate(document)


def generate_case_documents(n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """n synthetic cases as JSON-ready dicts (dates as ISO strings), as a case file would hold them."""
    for index in range(n):
        yield case_document(index, seed)


def case_document(index: int, seed: int = 0) -> dict[str, Any]:
    """Case `index` of `seed`, the same whatever else was generated."""
    rng = _rng(index, seed)
    profile = _draw_profile(rng)
    patient = _patient(rng, profile, f"demo-{seed}-{index:06d}")
    document: dict[str, Any] = {
        "case_id": patient.case_id,
        "assessment_date": iso(patient.assessment_date),
        "age_years": patient.age,
        "sex": patient.sex,
        "weight_kg": round(rng.uniform(52, 118), 1),
        "height_cm": round(rng.uniform(152, 192), 0),
        "surgeries": _surgeries(patient),
        "operation_count": patient.operations,
        "pain": _pain_reports(patient),
        "red_flags": _red_flag_screen(patient),
        "exam": clinic.exam(patient),
        "tests": clinic.tests(patient),
        "labs": clinic.labs(patient),
        "medications": history.medications(patient),
        "prior_treatments": history.prior_treatments(patient),
        "instruments": history.instruments(patient),
        "planned_procedures": history.planned_procedures(patient),
        "conditions": history.conditions(patient),
        "psychosocial": history.psychosocial(patient),
        "scs": history.scs(patient),
        "goals": history.goals(patient),
    }
    return {key: value for key, value in document.items() if value is not None}


def profile_of(index: int, seed: int = 0) -> Profile:
    """The profile case `index` of `seed` was drawn from (for tests and demos that want one kind)."""
    return _draw_profile(_rng(index, seed))


def _rng(index: int, seed: int) -> random.Random:
    return random.Random(f"fbss-demo/{seed}/{index}")  # noqa: S311 (synthetic data, not security)


def _draw_profile(rng: random.Random) -> Profile:
    return rng.choices(PROFILES, weights=_WEIGHTS)[0]


def _patient(rng: random.Random, profile: Profile, case_id: str) -> Patient:
    assessment_date = LATEST_ASSESSMENT - dt.timedelta(days=rng.randrange(0, 540))
    months = rng.uniform(*profile.months_since_index)
    if profile.red_flag == "fracture":
        age = rng.randint(70, 88)
    else:
        age = min(85, max(24, round(rng.gauss(54, 12))))
    level = rng.choices(("L4-L5", "L5-S1", "L3-L4"), weights=(5, 5, 1))[0]
    return Patient(
        rng=rng,
        profile_name=profile.name,
        mechanism=profile.mechanism,
        red_flag=profile.red_flag,
        case_id=case_id,
        assessment_date=assessment_date,
        age=age,
        sex=rng.choice(("female", "male")),
        surgery_type=rng.choice(profile.surgeries),
        index_date=assessment_date - dt.timedelta(days=round(months * 30.44)),
        months_since_index=months,
        level=level,
        root=_LEVEL_ROOT[level],
        side=rng.choices(("left", "right", "bilateral"), weights=(10, 10, 1))[0],
        back_nrs=rng.randint(*profile.back_nrs),
        leg_nrs=rng.randint(*profile.leg_nrs) if profile.leg_nrs else None,
        operations=1 + (rng.random() < 0.25) + (rng.random() < 0.08),
        severity=rng.uniform(0.35, 0.9),
        antithrombotic=rng.choice(history.ANTITHROMBOTICS) if age >= 60 and rng.random() < 0.25 else None,
    )


def _surgeries(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    index: dict[str, Any] = {
        "type": patient.surgery_type,
        "date": iso(patient.index_date),
        "levels": _levels_of(patient),
        "index": True,
    }
    if patient.surgery_type == "fusion":
        index["instrumented"] = rng.random() < 0.9
    elif rng.random() < 0.7:
        index["instrumented"] = False
    surgeries = [index]
    for earlier in range(1, patient.operations):
        years_before = rng.uniform(1, 8) * earlier
        surgeries.insert(
            0,
            {
                "type": rng.choice(("microdiscectomy", "discectomy", "laminectomy")),
                "date": iso(patient.index_date - dt.timedelta(days=round(years_before * 365))),
                "levels": [patient.level],
            },
        )
    return surgeries


def _levels_of(patient: Patient) -> list[str]:
    if patient.profile_name == "sacroiliac":
        return ["L5-S1"] if patient.rng.random() < 0.5 else ["L4-L5", "L5-S1"]
    if patient.surgery_type == "fusion" and patient.rng.random() < 0.35:
        upper = {"L4-L5": "L3-L4", "L5-S1": "L4-L5", "L3-L4": "L2-L3"}[patient.level]
        return [upper, patient.level]
    return [patient.level]


def _pain_reports(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    duration = round(max(patient.months_since_index, rng.uniform(3, 24) + patient.months_since_index), 1)
    back: dict[str, Any] = {
        "region": "back",
        "nrs_now": _jitter(rng, patient.back_nrs),
        "nrs_average": patient.back_nrs,
        "nrs_worst": min(10, patient.back_nrs + rng.randint(1, 3)),
        "duration_months": duration,
        "course": rng.choice(("persisted", "worsened", "new")),
        "descriptors": _descriptors(rng, "muscle" if patient.mechanism == "nerve" else patient.mechanism),
        "in_surgical_area": True,
    }
    reports = [back]
    if patient.leg_nrs is not None and patient.leg_nrs > 0:
        leg: dict[str, Any] = {
            "region": "leg",
            "side": patient.side,
            "dermatomes": [patient.root] if patient.mechanism != "muscle" else [],
            "below_knee": patient.mechanism != "muscle",
            "nrs_now": _jitter(rng, patient.leg_nrs),
            "nrs_average": patient.leg_nrs,
            "nrs_worst": min(10, patient.leg_nrs + rng.randint(0, 2)),
            "duration_months": duration,
            "course": _leg_course(patient),
            "descriptors": _descriptors(rng, "nerve" if patient.mechanism != "muscle" else "muscle"),
            "in_surgical_area": True,
        }
        if leg["course"] == "new_after_interval":
            leg["pain_free_interval_months"] = round(rng.uniform(7, 24), 0)
        reports.append(leg)
    if rng.random() < 0.15:
        reports[-1]["descriptors"] = None  # not asked
    return reports


def _leg_course(patient: Patient) -> str:
    if patient.profile_name == "recurrent_disc":
        return "new_after_interval"
    return patient.rng.choice(("persisted", "persisted", "worsened", "new"))


_MUSCLE_WORDS = ("dull_aching", "cramping", "soreness_around_surgery_site")
_NERVE_WORDS = ("shooting", "electric_shock", "burning", "tingling", "pins_and_needles", "numbness")


def _descriptors(rng: random.Random, mechanism: str) -> list[str]:
    if mechanism == "muscle":
        words = rng.sample(_MUSCLE_WORDS, rng.randint(1, 3))
        if rng.random() < 0.2:
            words.append("tingling")  # referred sensation of a trigger point, not proof of nerve pain
        return words
    if mechanism == "nerve":
        return rng.sample(_NERVE_WORDS, rng.randint(2, 4))
    return rng.sample(_MUSCLE_WORDS, 1) + rng.sample(_NERVE_WORDS, rng.randint(1, 3))


def _jitter(rng: random.Random, value: int) -> int:
    return min(10, max(0, value + rng.randint(-1, 1)))


_SCREEN_QUESTIONS = (
    "saddle_anaesthesia",
    "bladder_dysfunction",
    "bowel_dysfunction",
    "sexual_dysfunction",
    "bilateral_leg_symptoms",
    "fever",
    "night_sweats",
    "wound_problems",
    "history_of_cancer",
    "unexplained_weight_loss",
    "recent_significant_trauma",
    "prolonged_corticosteroid_use",
    "osteoporosis",
    "contusion_or_abrasion",
    "immunosuppression",
    "intravenous_drug_use",
    "diabetes",
    "new_leg_weakness",
    "progressive_weakness",
    "recent_spinal_injection_or_implant",
    "non_mechanical_night_pain",
)
_POSITIVE_ANSWERS: dict[str, dict[str, Any]] = {
    "cauda_equina": {
        "saddle_anaesthesia": True,
        "bladder_dysfunction": True,
        "bilateral_leg_symptoms": True,
        "cauda_equina_symptom_onset": "new",
    },
    "infection": {"fever": True, "night_sweats": True, "wound_problems": True},
    "fracture": {
        "osteoporosis": True,
        "prolonged_corticosteroid_use": True,
        "recent_significant_trauma": False,
    },
    "malignancy": {
        "history_of_cancer": True,
        "unexplained_weight_loss": True,
        "non_mechanical_night_pain": True,
    },
    "deficit": {"new_leg_weakness": True, "progressive_weakness": True},
}


def _red_flag_screen(patient: Patient) -> dict[str, Any]:
    """Mostly asked and negative; some questions not asked (left out: unknown), the profile's flag positive."""
    rng = patient.rng
    asked_share = rng.choice((1.0, 1.0, 0.85, 0.6))
    screen: dict[str, Any] = {q: False for q in _SCREEN_QUESTIONS if rng.random() < asked_share}
    screen["diabetes"] = rng.random() < 0.12
    if patient.months_since_index < 3:
        screen["recent_spinal_injection_or_implant"] = False
    screen.update(_POSITIVE_ANSWERS.get(patient.red_flag or "", {}))
    return screen
