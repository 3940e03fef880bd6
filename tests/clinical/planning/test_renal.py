"""Creatinine clearance (Cockcroft-Gault worked examples) and the gabapentin and pregabalin dose bands."""

import pytest

from fbss.clinical.planning.safety.renal import band_for, cockcroft_gault, creatinine_clearance

from .factories import context, make_case


@pytest.mark.parametrize(
    ("age", "weight", "creatinine", "female", "expected"),
    [
        (60, 72, 1.0, False, 80.0),  # (140-60) x 72 / 72
        (60, 72, 1.0, True, 68.0),  # x 0.85
        (80, 60, 1.7, True, 25.0),  # (60 x 60) / (72 x 1.7) x 0.85
        (40, 90, 2.0, False, 62.5),
    ],
)
def test_cockcroft_gault_worked_examples(
    age: int, weight: float, creatinine: float, female: bool, expected: float
) -> None:
    assert cockcroft_gault(age, weight, creatinine, female) == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize(
    ("crcl", "label", "low", "high", "regimen"),
    [
        (90, ">=60", 900, 3600, "three times daily"),
        (60, ">=60", 900, 3600, "three times daily"),
        (59.9, ">30-59", 400, 1400, "twice daily"),
        (30.1, ">30-59", 400, 1400, "twice daily"),
        (30, ">15-29", 200, 700, "once daily"),
        (25, ">15-29", 200, 700, "once daily"),
        (15.1, ">15-29", 200, 700, "once daily"),
        (15, "<15", 100, 300, "once daily"),
        (7.5, "<15", 50, 150, "once daily"),  # label: CrCl 7.5 gets half the CrCl-15 dose
    ],
)
def test_gabapentin_label_bands(crcl: float, label: str, low: float, high: float, regimen: str) -> None:
    band = band_for("gabapentin", crcl)
    assert band.label == label
    assert band.dose_range(crcl) == (low, high)
    assert band.regimen == regimen


@pytest.mark.parametrize(
    ("crcl", "low", "high"),
    [(80, 150, 600), (45, 75, 300), (30, 25, 150), (20, 25, 150), (10, 25, 75)],
)
def test_pregabalin_bands(crcl: float, low: float, high: float) -> None:
    assert band_for("pregabalin", crcl).dose_range(crcl) == (low, high)


def test_clearance_from_age_weight_sex_and_creatinine() -> None:
    case = make_case(
        age_years=80,
        sex="female",
        weight_kg=60,
        labs=[{"test": "creatinine", "value": 1.7, "date": "2026-10-28"}],
    )
    clearance = creatinine_clearance(context(case))
    assert clearance.value == 25.0
    assert clearance.method == "cockcroft_gault"
    assert not clearance.missing


def test_creatinine_in_micromoles_gives_the_same_clearance() -> None:
    case = make_case(
        age_years=80,
        sex="female",
        weight_kg=60,
        labs=[{"test": "creatinine", "value": 150.28, "unit": "umol/L", "date": "2026-10-28"}],
    )
    assert creatinine_clearance(context(case)).value == 25.0


def test_a_recorded_clearance_is_used_as_is() -> None:
    case = make_case(labs=[{"test": "crcl", "value": 25, "date": "2026-10-01"}])
    clearance = creatinine_clearance(context(case))
    assert (clearance.value, clearance.method) == (25.0, "reported")


def test_missing_inputs_are_named_and_nothing_is_computed() -> None:
    case = make_case(age_years=70, labs=[{"test": "egfr", "value": 40, "date": "2026-10-01"}])
    clearance = creatinine_clearance(context(case))
    assert clearance.value is None
    assert {m.path for m in clearance.missing} == {"weight_kg", "sex", "labs"}


def test_an_old_creatinine_is_not_used() -> None:
    case = make_case(
        age_years=70,
        sex="male",
        weight_kg=70,
        labs=[{"test": "creatinine", "value": 1.0, "date": "2025-01-01"}],
    )
    clearance = creatinine_clearance(context(case))
    assert clearance.value is None
    assert clearance.missing[0].path == "labs[0].date"
