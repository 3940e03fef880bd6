"""The case model: explicit unknowns, unit conversion, clear errors naming the field."""

from datetime import date

import pytest
from pydantic import ValidationError

from fbss.clinical.case import Case, LabTest, region_of_level, roots_of_level


def minimal(**extra: object) -> dict[str, object]:
    return {"assessment_date": "2026-11-01", **extra}


def test_minimal_case_has_explicit_unknowns() -> None:
    case = Case.model_validate(minimal())
    assert case.age_years is None
    assert case.red_flags.saddle_anaesthesia is None
    assert case.exam is None
    assert case.index_surgery is None


def test_creatinine_in_micromoles_is_converted_to_mg_per_dl() -> None:
    case = Case.model_validate(minimal(labs=[{"test": "creatinine", "value": 88.4, "unit": "umol/L"}]))
    assert case.labs[0].test is LabTest.CREATININE
    assert case.labs[0].value == pytest.approx(1.0)
    assert case.labs[0].unit == "mg/dL"


def test_crp_in_mg_per_dl_is_converted_to_mg_per_l() -> None:
    case = Case.model_validate(minimal(labs=[{"test": "crp", "value": 2.5, "unit": "mg/dL"}]))
    assert case.labs[0].value == pytest.approx(25.0)


def test_unknown_unit_is_refused_naming_the_lab() -> None:
    with pytest.raises(ValidationError) as error:
        Case.model_validate(minimal(labs=[{"test": "crp", "value": 3, "unit": "g/L"}]))
    (problem,) = error.value.errors()
    assert problem["loc"] == ("labs", 0)
    assert "g/L" in problem["msg"]


@pytest.mark.parametrize(
    ("lab", "message"),
    [
        ({"test": "creatinine", "value": 80}, "creatinine 80 mg/dL is not plausible (above 20 mg/dL"),
        ({"test": "creatinine", "value": 80, "unit": "mg/dL"}, "was it umol/L?"),
        ({"test": "crp", "value": 1200}, "crp 1200 mg/L is not plausible"),
        ({"test": "inr", "value": 25}, "prothrombin time in seconds"),
        ({"test": "platelets", "value": 250000}, "per microlitre"),
        ({"test": "wbc", "value": 7500}, "per microlitre"),
        ({"test": "egfr", "value": 300}, "above 250"),
        ({"test": "crcl", "value": 300}, "above 250"),
        ({"test": "creatinine", "value": 2000, "unit": "umol/L"}, "(22.6 mg/dL)"),
    ],
)
def test_an_implausible_lab_value_is_refused_naming_the_lab_and_the_likely_slip(
    lab: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        Case.model_validate(minimal(labs=[{**lab, "date": "2026-10-01"}]))
    (problem,) = error.value.errors()
    assert problem["loc"] == ("labs", 0)
    assert message in problem["msg"]
    assert "plausibility limit" in problem["msg"]


@pytest.mark.parametrize(
    ("test", "limit"),
    [("creatinine", 20), ("crp", 1000), ("inr", 20), ("platelets", 2000), ("wbc", 500), ("egfr", 250)],
)
def test_values_up_to_the_plausibility_limit_are_accepted(test: str, limit: float) -> None:
    case = Case.model_validate(minimal(labs=[{"test": test, "value": limit}]))
    assert case.labs[0].value == limit


def test_each_bad_field_is_reported_with_its_path() -> None:
    with pytest.raises(ValidationError) as error:
        Case.model_validate(minimal(pain=[{"region": "legg", "nrs_now": 11}], age_years=-1))
    locations = {problem["loc"] for problem in error.value.errors()}
    assert locations == {("pain", 0, "region"), ("pain", 0, "nrs_now"), ("age_years",)}


def test_unknown_field_is_an_error_not_ignored() -> None:
    with pytest.raises(ValidationError) as error:
        Case.model_validate(minimal(agee=40))
    assert error.value.errors()[0]["loc"] == ("agee",)


def test_surgery_after_the_assessment_date_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"surgeries\[0\]\.date"):
        Case.model_validate(minimal(surgeries=[{"type": "fusion", "date": "2027-01-01"}]))


def test_index_surgery_defaults_to_latest_dated() -> None:
    case = Case.model_validate(
        minimal(
            surgeries=[
                {"type": "discectomy", "date": "2019-03-01", "levels": ["L5-S1"]},
                {"type": "fusion", "date": "2024-05-01", "levels": ["L4-L5", "L5-S1"]},
            ]
        )
    )
    assert case.index_surgery is not None
    assert case.index_surgery.date == date(2024, 5, 1)
    assert case.total_operations == 2


def test_levels_map_to_regions_and_roots() -> None:
    assert region_of_level("L5-S1").value == "lumbar"
    assert region_of_level("C5-C6").value == "cervical"
    assert roots_of_level("L4-L5") == {"L4", "L5"}
