"""The synthetic patient's examination, tests and laboratory results, consistent with the profile."""

from __future__ import annotations

from typing import Any

from fbss.demo.context import Patient, iso

_REFLEX_OF_ROOT = {"L4": "patellar", "L5": "medial_hamstring", "S1": "achilles"}
_MUSCLE_OF_ROOT = {"L4": "quadriceps", "L5": "extensor hallucis longus", "S1": "gastrocnemius"}
_TRIGGER_POINT_MUSCLES = (
    "quadratus lumborum",
    "gluteus medius",
    "lumbar multifidus",
    "iliocostalis lumborum",
    "piriformis",
)
_UPPER_SEGMENT = {"L4-L5": "L3-L4", "L5-S1": "L4-L5", "L3-L4": "L2-L3"}


def exam(patient: Patient) -> dict[str, Any] | None:
    rng = patient.rng
    if rng.random() < 0.05 and patient.red_flag is None:
        return None  # not examined
    nerve = patient.mechanism in {"nerve", "mixed"} and patient.leg_nrs is not None
    found: dict[str, Any] = {
        "date": iso(patient.days_ago(rng.choice((0, 0, 0, 3, 10)))),
        "straight_leg_raise": _straight_leg_raise(patient, nerve),
        "motor": _motor(patient, nerve),
        "sensory": _sensory(patient, nerve),
        "reflexes": _reflexes(patient, nerve),
        "trigger_points": _trigger_points(patient),
        "saddle_sensation_reduced": patient.red_flag == "cauda_equina",
    }
    if patient.red_flag == "cauda_equina":
        found["post_void_residual_ml"] = rng.randint(250, 650)
    if patient.months_since_index < 3 or patient.red_flag == "infection" or rng.random() < 0.4:
        found["wound"] = (
            rng.choice(("discharge", "erythema")) if patient.red_flag == "infection" else "healed"
        )
    if patient.red_flag == "infection":
        found["temperature_c"] = round(rng.uniform(38.1, 39.4), 1)
    elif rng.random() < 0.5:
        found["temperature_c"] = round(rng.uniform(36.2, 37.2), 1)
    if rng.random() < 0.4:
        found["nonorganic_signs"] = rng.choices((0, 1, 2, 3), weights=(12, 4, 2, 1))[0]
    return found


def _sides(patient: Patient) -> tuple[str, ...]:
    return ("left", "right") if patient.side == "bilateral" else (patient.side,)


def _straight_leg_raise(patient: Patient, nerve: bool) -> list[dict[str, Any]]:
    rng = patient.rng
    if nerve and rng.random() < 0.75:
        return [
            {"side": side, "positive": True, "angle_degrees": rng.randrange(25, 65, 5)}
            for side in _sides(patient)
        ]
    return [{"side": "left", "positive": False}, {"side": "right", "positive": False}]


def _motor(patient: Patient, nerve: bool) -> list[dict[str, Any]]:
    rng = patient.rng
    muscle = _MUSCLE_OF_ROOT[patient.root]
    if patient.red_flag == "deficit":
        grade = rng.randint(2, 3)
        return [
            {
                "side": patient.side,
                "root": patient.root,
                "muscle": muscle,
                "mrc_grade": grade,
                "new": True,
                "progressive": True,
            }
        ]
    if patient.red_flag == "cauda_equina":
        return [{"side": side, "mrc_grade": 4, "new": True} for side in ("left", "right")]
    if nerve and rng.random() < 0.3:
        return [
            {
                "side": _sides(patient)[0],
                "root": patient.root,
                "muscle": muscle,
                "mrc_grade": 4,
                "new": False,
                "progressive": False,
            }
        ]
    return []


def _sensory(patient: Patient, nerve: bool) -> list[dict[str, Any]]:
    rng = patient.rng
    found: list[dict[str, Any]] = []
    if patient.red_flag == "cauda_equina":
        found.append({"side": "bilateral", "kind": "reduced_pinprick", "saddle": True})
    if nerve and rng.random() < 0.7:
        kind = rng.choice(("reduced_pinprick", "reduced_touch"))
        found.extend({"side": side, "kind": kind, "root": patient.root} for side in _sides(patient))
        if rng.random() < 0.2:
            found.append({"side": _sides(patient)[0], "kind": "allodynia", "root": patient.root})
    return found


def _reflexes(patient: Patient, nerve: bool) -> list[dict[str, Any]]:
    rng = patient.rng
    reflexes = []
    for reflex in ("patellar", "achilles"):
        for side in ("left", "right"):
            affected = nerve and reflex == _REFLEX_OF_ROOT[patient.root] and side in _sides(patient)
            response = rng.choice(("reduced", "absent")) if affected and rng.random() < 0.6 else "normal"
            reflexes.append({"side": side, "reflex": reflex, "response": response})
    return reflexes


def _trigger_points(patient: Patient) -> list[dict[str, Any]] | None:
    rng = patient.rng
    if patient.mechanism == "nerve":
        return [] if rng.random() < 0.7 else None
    points = []
    for muscle in rng.sample(_TRIGGER_POINT_MUSCLES, rng.randint(1, 3)):
        point: dict[str, Any] = {
            "muscle": muscle,
            "side": rng.choice(("left", "right")),
            "taut_band": True,
            "hypersensitive_spot": True,
            "referred_pain": rng.random() < 0.8,
            "reproduces_familiar_pain": rng.random() < 0.75,
        }
        if rng.random() < 0.2:
            point["referred_sensations"] = ["tingling"]
        points.append(point)
    return points


# --- tests ------------------------------------------------------------------------------------------------


def tests(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    if patient.red_flag in {"cauda_equina", "infection", "malignancy", "deficit"}:
        kind = "mri_gadolinium" if patient.red_flag in {"infection", "malignancy"} else "mri"
        return [{"kind": kind, "status": "ordered", "date": iso(patient.assessment_date)}]
    if patient.red_flag == "fracture":
        return [{"kind": "xray", "status": "ordered", "date": iso(patient.assessment_date)}]
    builder = _TESTS_BY_PROFILE.get(patient.profile_name)
    if builder is None or (patient.profile_name == "too_early" and rng.random() < 0.6):
        return []
    return builder(patient)


def _imaging(patient: Patient, kind: str, *findings: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": kind,
        "status": "resulted",
        "date": iso(patient.after_surgery(patient.rng.uniform(0.6, 1.0))),
        "findings": list(findings),
    }


def _at_level(patient: Patient, finding: str, **extra: Any) -> dict[str, Any]:
    return {"type": finding, "level": patient.level, **extra}


def _radicular_tests(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    side = _sides(patient)[0]
    if rng.random() < 0.6:
        scar = _at_level(
            patient, "epidural_fibrosis", side=side, root=patient.root, enhancement="homogeneous"
        )
        found = [_imaging(patient, "mri_gadolinium", scar)]
    else:
        narrow = _at_level(patient, "foraminal_stenosis", side=side, root=patient.root, concordant=True)
        found = [_imaging(patient, "mri", narrow)]
    if rng.random() < 0.3:
        found.append(_imaging(patient, "emg_ncs", {"type": "radiculopathy_chronic", "root": patient.root}))
    return found


def _recurrent_disc_tests(patient: Patient) -> list[dict[str, Any]]:
    disc = _at_level(
        patient,
        "disc_herniation",
        side=_sides(patient)[0],
        root=patient.root,
        enhancement="peripheral",
        concordant=True,
    )
    return [_imaging(patient, "mri_gadolinium", disc)]


def _fibrosis_tests(patient: Patient) -> list[dict[str, Any]]:
    scar = _at_level(patient, "epidural_fibrosis", root=patient.root, enhancement="homogeneous")
    return [_imaging(patient, "mri_gadolinium", scar)]


def _myofascial_tests(patient: Patient) -> list[dict[str, Any]]:
    return [_imaging(patient, "mri")] if patient.rng.random() < 0.5 else []


def _mixed_tests(patient: Patient) -> list[dict[str, Any]]:
    finding = patient.rng.choice(("epidural_fibrosis", "facet_arthropathy", "foraminal_stenosis"))
    return [_imaging(patient, "mri", _at_level(patient, finding))]


def _pseudarthrosis_tests(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    found = [_at_level(patient, "pseudarthrosis")]
    if rng.random() < 0.4:
        found.append(_at_level(patient, "hardware_loosening"))
    tests = [_imaging(patient, "xray"), _imaging(patient, "ct", *found)]
    if rng.random() < 0.3:
        moving = _at_level(patient, "instability", translation_mm=round(rng.uniform(3, 5), 1))
        tests.append(_imaging(patient, "xray_flexion_extension", moving))
    return tests


def _block(patient: Patient, target: str, level: str | None) -> dict[str, Any]:
    rng = patient.rng
    block = {
        "target": target,
        "relief_percent": rng.randrange(60, 100, 5),
        "confirmed_by_second_block": rng.random() < 0.6,
    }
    if level:
        block["level"] = level
    test = _imaging(patient, "diagnostic_block")
    del test["findings"]
    return {**test, "block": block}


def _sacroiliac_tests(patient: Patient) -> list[dict[str, Any]]:
    return [_imaging(patient, "xray"), _block(patient, "sacroiliac_joint", None)]


def _facet_tests(patient: Patient) -> list[dict[str, Any]]:
    arthropathy = _at_level(patient, "facet_arthropathy")
    return [_imaging(patient, "mri", arthropathy), _block(patient, "medial_branch", patient.level)]


def _adjacent_segment_tests(patient: Patient) -> list[dict[str, Any]]:
    upper = _UPPER_SEGMENT[patient.level]
    found: list[dict[str, Any]] = [{"type": "adjacent_segment_degeneration", "level": upper}]
    if patient.rng.random() < 0.5:
        found.append({"type": "central_stenosis", "level": upper, "concordant": True})
    return [_imaging(patient, "xray_whole_spine"), _imaging(patient, "mri", *found)]


def _stenosis_tests(patient: Patient) -> list[dict[str, Any]]:
    kind = patient.rng.choice(("central_stenosis", "foraminal_stenosis"))
    return [_imaging(patient, "mri", _at_level(patient, kind, concordant=True))]


def _early_tests(patient: Patient) -> list[dict[str, Any]]:
    return [_imaging(patient, "xray")]


_TESTS_BY_PROFILE = {
    "radicular": _radicular_tests,
    "recurrent_disc": _recurrent_disc_tests,
    "epidural_fibrosis": _fibrosis_tests,
    "myofascial": _myofascial_tests,
    "mixed": _mixed_tests,
    "suicide_risk": _mixed_tests,
    "pseudarthrosis": _pseudarthrosis_tests,
    "sacroiliac": _sacroiliac_tests,
    "facet": _facet_tests,
    "adjacent_segment": _adjacent_segment_tests,
    "stenosis": _stenosis_tests,
    "too_early": _early_tests,
}


# --- laboratory -------------------------------------------------------------------------------------------


def labs(patient: Patient) -> list[dict[str, Any]]:
    rng = patient.rng
    when = iso(patient.after_surgery(rng.uniform(0.85, 1.0)))
    found: list[dict[str, Any]] = []
    if patient.red_flag == "infection":
        found += [
            {"test": "crp", "value": round(rng.uniform(60, 220), 1), "date": when},
            {"test": "esr", "value": rng.randint(50, 110), "date": when},
            {"test": "wbc", "value": round(rng.uniform(11.5, 19), 1), "date": when},
        ]
    elif patient.months_since_index < 3 or rng.random() < 0.3:
        found.append({"test": "crp", "value": round(rng.uniform(0.5, 8), 1), "date": when})
    if rng.random() < 0.6:
        egfr = round(min(120, max(22, 125 - 0.8 * patient.age + rng.gauss(0, 12))))
        found.append({"test": "egfr", "value": egfr, "date": when})
    if rng.random() < 0.4:
        if rng.random() < 0.5:
            found.append(
                {"test": "creatinine", "value": rng.randint(55, 125), "unit": "umol/L", "date": when}
            )
        else:
            found.append({"test": "creatinine", "value": round(rng.uniform(0.6, 1.4), 2), "date": when})
    if patient.antithrombotic == "warfarin":
        found.append({"test": "inr", "value": round(rng.uniform(1.9, 3.1), 1), "date": when})
    if rng.random() < 0.3:
        found.append({"test": "platelets", "value": rng.randint(150, 400), "date": when})
    return found
