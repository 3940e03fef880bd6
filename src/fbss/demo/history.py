"""The synthetic patient's medicines, past treatments, questionnaire history, SCS pathway and goals.

Questionnaire answers are drawn from the instrument definitions registered in `fbss.clinical.instruments`
(their items and ranges), never from item ids written here, so the generator follows the instruments as
they are defined; only the rare PHQ-9 item 9 is named, to keep its positive answers as uncommon as in clinic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fbss.clinical.instruments import INSTRUMENTS, Instrument, Item
from fbss.demo.context import Patient, iso

# name, mg per day (low, high), doses per day; standard adult regimens, for plausible demo data only
_NEUROPATHIC = (
    ("gabapentin", (900, 3600), 3),
    ("pregabalin", (150, 600), 2),
    ("duloxetine", (30, 60), 1),
    ("amitriptyline", (10, 50), 1),
    ("nortriptyline", (10, 50), 1),
)
_SIMPLE = (
    ("paracetamol", (2000, 4000), 4),
    ("naproxen", (500, 1000), 2),
    ("ibuprofen", (1200, 2400), 3),
    ("celecoxib", (200, 400), 2),
    ("diclofenac", (75, 150), 2),
)
_OPIOIDS = (
    ("codeine", (120, 240), 4),
    ("tramadol", (100, 400), 4),
    ("tapentadol", (100, 400), 2),
    ("oxycodone", (10, 60), 2),
    ("morphine", (20, 90), 2),
)
_ANTITHROMBOTIC_DOSE = {
    "aspirin": (75, 1),
    "clopidogrel": (75, 1),
    "apixaban": (10, 2),
    "rivaroxaban": (20, 1),
    "warfarin": (5, 1),
}
ANTITHROMBOTICS = tuple(_ANTITHROMBOTIC_DOSE)

# Chance that a patient has answered each instrument; instruments not listed get the default.
_INSTRUMENT_CHANCE = {
    "nrs": 0.9,
    "odi": 0.75,
    "phq9": 0.75,
    "gad7": 0.55,
    "peg": 0.45,
    "dn4": 0.5,
    "paindetect": 0.35,
    "pcs": 0.35,
    "rmdq": 0.25,
    "startback": 0.2,
    "promis29": 0.2,
}
_DEFAULT_CHANCE = 0.25
_NEUROPATHIC_SCREENS = frozenset({"dn4", "dn4_interview", "slanss", "paindetect"})
_MOOD = frozenset({"phq9", "gad7"})
# (instrument, item): chance that the item is above its minimum at all; PHQ-9 item 9 is positive in a minority
_RARE_ITEMS = {("phq9", "9"): 0.06}


def medications(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    found: list[dict[str, Any]] = []
    if patient.mechanism != "muscle" and rng.random() < 0.75:
        tried = rng.sample(_NEUROPATHIC, 2)
        if rng.random() < 0.35:
            found.append(_medicine(patient, tried[1], status="stopped", response="no_help"))
        found.append(_medicine(patient, tried[0], response=rng.choice(("partial", "no_help", None))))
    if rng.random() < 0.8:
        found.append(_medicine(patient, rng.choice(_SIMPLE)))
    if rng.random() < 0.35:
        found.append(_medicine(patient, rng.choice(_OPIOIDS), response=rng.choice(("partial", "no_help"))))
    if patient.mechanism == "muscle" and rng.random() < 0.2:
        found.append(_medicine(patient, ("cyclobenzaprine", (15, 30), 3)))
    if patient.antithrombotic:
        dose, doses = _ANTITHROMBOTIC_DOSE[patient.antithrombotic]
        found.append(_medicine(patient, (patient.antithrombotic, (dose, dose), doses), prevention=True))
    return found


def _medicine(
    patient: Patient,
    regimen: tuple[str, tuple[int, int], int],
    status: str = "active",
    response: str | None = None,
    prevention: bool = False,
) -> dict[str, Any]:
    rng = patient.rng
    name, (low, high), doses = regimen
    step = max(1, (high - low) // 4) if high > low else 1
    medicine: dict[str, Any] = {
        "name": name,
        "dose_mg_per_day": rng.randrange(low, high + 1, step),
        "doses_per_day": doses,
        "route": "oral",
        "status": status,
        "start": iso(patient.after_surgery(rng.uniform(0.1, 0.6))),
    }
    if status == "stopped":
        medicine["stop"] = iso(patient.after_surgery(rng.uniform(0.6, 0.9)))
    if response:
        medicine["response"] = response
    if prevention:
        medicine["prevention"] = "primary" if name == "aspirin" and rng.random() < 0.5 else "secondary"
    return medicine


def prior_treatments(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    if patient.months_since_index < 3:
        return []
    done: list[dict[str, Any]] = []
    if rng.random() < 0.8:
        done.append(_treatment(patient, "physical_therapy", sessions=rng.randint(6, 24)))
    if patient.mechanism != "muscle" and rng.random() < 0.5:
        route = rng.choice(("transforaminal", "caudal", "interlaminar"))
        done.append(
            _treatment(
                patient,
                "epidural_steroid_injection",
                epidural_route=route,
                steroid_mg=80,
                relief_percent=rng.randrange(0, 90, 10),
                relief_weeks=rng.randint(0, 12),
            )
        )
    if patient.profile_name == "facet" and rng.random() < 0.4:
        done.append(
            _treatment(patient, "radiofrequency_denervation", relief_percent=rng.randrange(30, 90, 10))
        )
    if rng.random() < 0.3:
        done.append(_treatment(patient, "pain_psychology", sessions=rng.randint(4, 12)))
    if rng.random() < 0.15:
        done.append(_treatment(patient, "multidisciplinary_rehabilitation"))
    if rng.random() < 0.1:
        done.append(_treatment(patient, "acupuncture", sessions=rng.randint(4, 10)))
    return done


def _treatment(patient: Patient, kind: str, **facts: Any) -> dict[str, Any]:
    rng = patient.rng
    start = patient.after_surgery(rng.uniform(0.2, 0.7))
    return {
        "kind": kind,
        "start": iso(start),
        "end": iso(min(patient.assessment_date, start + dt.timedelta(days=rng.randint(1, 90)))),
        "response": rng.choices(("helped", "partial", "no_help", "worse"), weights=(1, 4, 5, 1))[0],
        **facts,
    }


# --- questionnaires ---------------------------------------------------------------------------------------


def instruments(patient: Patient) -> list[dict[str, Any]]:
    """Responses to the registered instruments, some with a history of up to four dated responses."""
    rng = patient.rng
    responses: list[dict[str, Any]] = []
    trend = rng.choice((-1, 0, 0, 1))  # improving, stable or worsening over time
    for instrument_id in sorted(INSTRUMENTS):
        required = patient.red_flag == "suicide_risk" and instrument_id in _MOOD
        if not required and rng.random() >= _INSTRUMENT_CHANCE.get(instrument_id, _DEFAULT_CHANCE):
            continue
        instrument = INSTRUMENTS[instrument_id]
        count = rng.choice((1, 1, 2, 3, 4)) if patient.months_since_index >= 3 else 1
        latest = _severity_for(patient, instrument_id)
        for step in range(count - 1, -1, -1):
            severity = min(1.0, max(0.0, latest + trend * 0.08 * step))
            when = patient.days_ago(step * rng.randint(60, 120))
            answers = _answers(patient, instrument, severity)
            responses.append({"instrument": instrument_id, "date": iso(when), "answers": answers})
    return responses


def _severity_for(patient: Patient, instrument_id: str) -> float:
    rng = patient.rng
    if instrument_id in _NEUROPATHIC_SCREENS:
        low, high = {"nerve": (0.65, 0.9), "mixed": (0.45, 0.7)}.get(patient.mechanism, (0.05, 0.3))
        return rng.uniform(low, high)
    if instrument_id in _MOOD:
        return rng.uniform(0.75, 0.95) if patient.red_flag == "suicide_risk" else rng.uniform(0.1, 0.55)
    return min(1.0, max(0.0, patient.severity + rng.gauss(0, 0.08)))


def _answers(patient: Patient, instrument: Instrument, severity: float) -> dict[str, int | None]:
    rng = patient.rng
    answers: dict[str, int | None] = {}
    for item in instrument.items:
        rare = _RARE_ITEMS.get((instrument.id, item.id))
        if rare is not None and patient.red_flag != "suicide_risk" and rng.random() >= rare:
            answers[item.id] = item.minimum
        else:
            answers[item.id] = _answer(patient, item, severity)
    if rng.random() < 0.05 and answers and patient.red_flag != "suicide_risk":
        answers[rng.choice(sorted(answers))] = None  # an item left unanswered
    return answers


def _answer(patient: Patient, item: Item, severity: float) -> int:
    rng = patient.rng
    if item.maximum == 10 and item.minimum == 0 and ("back" in item.id or "leg" in item.id):
        reported = patient.leg_nrs if "leg" in item.id else patient.back_nrs
        return min(10, max(0, (reported or 0) + rng.randint(-1, 1)))
    if item.allowed is not None:
        target = min(item.allowed) + severity * (max(item.allowed) - min(item.allowed))
        return min(item.allowed, key=lambda value: abs(value - target))
    if item.minimum == 0 and item.maximum == 1:
        return int(rng.random() < severity)
    span = item.maximum - item.minimum
    value = round(item.minimum + severity * span + rng.gauss(0, 0.12 * span))
    return min(item.maximum, max(item.minimum, value))


# --- plans, circumstances, SCS, goals ---------------------------------------------------------------------


def planned_procedures(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    later = iso(patient.assessment_date + dt.timedelta(days=rng.randint(7, 40)))
    if patient.red_flag or patient.months_since_index < 3:
        return []
    if patient.mechanism == "nerve" and rng.random() < 0.15:
        return [{"procedure": "esi_transforaminal", "date": later, "level": patient.level}]
    if patient.profile_name == "facet" and rng.random() < 0.3:
        return [{"procedure": "radiofrequency_denervation", "date": later, "level": patient.level}]
    return []


def conditions(patient: Patient) -> dict[str, Any]:
    rng = patient.rng
    found: dict[str, Any] = {}
    for name in ("cardiac_pacemaker", "coagulopathy", "bleeding_history", "active_substance_misuse"):
        if rng.random() < 0.5:
            found[name] = False
    if patient.sex == "female" and patient.age < 50 and rng.random() < 0.5:
        found["pregnancy"] = False
    if patient.age >= 70:
        found["history_of_falls"] = rng.random() < 0.3
    if rng.random() < 0.4:
        found["cardiovascular_disease"] = patient.antithrombotic is not None
    return found


def psychosocial(patient: Patient) -> dict[str, Any]:
    rng = patient.rng
    if rng.random() < 0.6:
        return {}
    factors = (
        "lack_of_engagement",
        "dysfunctional_coping",
        "unrealistic_expectations",
        "psychological_distress",
    )
    chance = 0.6 if patient.red_flag == "suicide_risk" else 0.15
    return {factor: rng.random() < chance for factor in factors}


def scs(patient: Patient) -> dict[str, Any]:
    rng = patient.rng
    eligible = patient.mechanism == "nerve" and patient.leg_predominant and patient.months_since_index >= 12
    if not eligible or patient.red_flag or rng.random() < 0.6:
        return {}
    pathway: dict[str, Any] = {
        "mdt_assessed": True,
        "psych_evaluation": {
            "date": iso(patient.days_ago(rng.randint(30, 90))),
            "outcome": rng.choices(("cleared", "treat_first"), weights=(4, 1))[0],
        },
        "education_done": rng.random() < 0.7,
    }
    if pathway["psych_evaluation"]["outcome"] == "cleared" and rng.random() < 0.5:
        pathway["trial"] = _scs_trial(patient)
    return pathway


def _scs_trial(patient: Patient) -> dict[str, Any]:
    rng = patient.rng
    days = rng.randint(4, 8)
    start = patient.days_ago(rng.randint(days + 2, 30))
    baseline = patient.leg_nrs or patient.back_nrs
    relief = rng.uniform(0.2, 0.8)
    diary = [
        {
            "date": iso(start + dt.timedelta(days=day)),
            "nrs_leg": max(0, round(baseline * (1 - relief)) + rng.randint(-1, 1)),
            "nrs_back": max(0, patient.back_nrs - rng.randint(0, 2)),
            "active_minutes": rng.randint(40, 180),
            "analgesic_doses": rng.randint(0, 4),
        }
        for day in range(1, days)
    ]
    return {
        "start": iso(start),
        "end": iso(start + dt.timedelta(days=days)),
        "baseline_nrs_leg": baseline,
        "baseline_nrs_back": patient.back_nrs,
        "baseline_active_minutes": rng.randint(20, 90),
        "baseline_analgesic_doses": rng.randint(2, 6),
        "diary": diary,
        "patient_satisfied": relief >= 0.5,
        "paraesthesia_overlap_percent": rng.randrange(50, 100, 5),
    }


_GOALS = (
    "Walk for 30 minutes without stopping",
    "Return to work three days a week",
    "Sleep through the night most nights",
    "Pick up a grandchild",
    "Drive for an hour",
    "Garden for an afternoon",
)


def goals(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    if rng.random() < 0.5:
        return []
    return [
        {"goal": goal, "set_on": iso(patient.days_ago(rng.randint(0, 120)))} for goal in rng.sample(_GOALS, 2)
    ]
