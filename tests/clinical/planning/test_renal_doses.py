"""Renal dose checks carry what a CDS card needs: medication, position, CrCl, band, max, current, suggested."""

from fbss.clinical.finding import Severity, Status
from fbss.clinical.planning.safety.renal import creatinine_clearance
from fbss.clinical.planning.safety.renal_doses import renal_dose_findings

from .factories import context, make_case

CRCL_25 = {
    "age_years": 80,
    "sex": "female",
    "weight_kg": 60,
    "labs": [{"test": "creatinine", "value": 1.7, "date": "2026-10-28"}],
}
DATA_KEYS = {
    "medication",
    "position",
    "crcl_ml_min",
    "band",
    "max_mg_per_day",
    "current_mg_per_day",
    "suggested_mg_per_day",
}


def check(case_fields: dict[str, object], proposed: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    ctx = context(make_case(**case_fields))
    return renal_dose_findings(ctx, creatinine_clearance(ctx), proposed)


def test_gabapentin_1800_at_crcl_25_is_above_the_700_maximum() -> None:
    (finding,) = check({**CRCL_25, "medications": [{"name": "gabapentin", "dose_mg_per_day": 1800}]})
    assert finding.code == "safety.renal_dose.gabapentin"
    assert (finding.status, finding.severity) == (Status.MET, Severity.WARNING)
    assert set(finding.data) >= DATA_KEYS
    assert finding.data["band"] == ">15-29"
    assert finding.data["max_mg_per_day"] == 700
    assert finding.data["current_mg_per_day"] == 1800
    assert finding.data["suggested_mg_per_day"] == 700
    assert finding.data["position"] == 0
    assert "once daily" in (finding.action or "")


def test_a_dose_within_the_band_needs_no_change() -> None:
    (finding,) = check({**CRCL_25, "medications": [{"name": "gabapentin", "dose_mg_per_day": 600}]})
    assert finding.status is Status.NOT_MET
    assert finding.data["suggested_mg_per_day"] == 600


def test_an_unrecorded_dose_is_asked_for_with_the_band() -> None:
    (finding,) = check({**CRCL_25, "medications": [{"name": "pregabalin"}]})
    assert finding.status is Status.UNKNOWN
    assert finding.data["max_mg_per_day"] == 150
    assert any(m.path == "medications[0].dose_mg_per_day" for m in finding.missing)


def test_without_clearance_no_dose_is_computed() -> None:
    (finding,) = check({"medications": [{"name": "gabapentin", "dose_mg_per_day": 1800}]})
    assert finding.status is Status.UNKNOWN
    assert finding.data["max_mg_per_day"] is None
    assert {m.path for m in finding.missing} >= {"age_years", "weight_kg"}


def test_duloxetine_is_avoided_below_crcl_30() -> None:
    (finding,) = check({**CRCL_25, "medications": [{"name": "duloxetine", "dose_mg_per_day": 60}]})
    assert finding.status is Status.MET
    assert finding.data["avoid"] is True
    assert finding.data["band"] == "<30"


def test_a_proposed_gabapentinoid_gets_its_band_only_when_it_is_reduced() -> None:
    reduced = check(CRCL_25, proposed=("gabapentin",))
    assert reduced[0].data["position"] is None
    assert reduced[0].data["max_mg_per_day"] == 700
    normal = {
        "age_years": 40,
        "sex": "male",
        "weight_kg": 80,
        "labs": [{"test": "creatinine", "value": 1.0, "date": "2026-10-28"}],
    }
    assert check(normal, proposed=("gabapentin",)) == ()


def test_dialysis_adds_the_supplement() -> None:
    fields = {
        **CRCL_25,
        "conditions": {"on_dialysis": True},
        "medications": [{"name": "gabapentin", "dose_mg_per_day": 300}],
    }
    (finding,) = check(fields)
    assert "haemodialysis" in (finding.detail or "")
