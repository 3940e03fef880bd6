"""Antithrombotics before each procedure: hold, restart, INR, and whether a dated stop is long enough.
Never 'safe to proceed': prescriber agreement is always required."""

import pytest

from fbss.clinical.case import ProcedureKind
from fbss.clinical.finding import Status
from fbss.clinical.planning.safety.anticoagulation import antithrombotic_checks
from fbss.clinical.planning.safety.hold_timing import long_enough
from fbss.clinical.planning.safety.holds import days, hours
from fbss.clinical.planning.safety.procedures import planned
from fbss.clinical.planning.safety.procedures import proposed as proposed_targets

from .factories import context, make_case


def checks(**fields: object):  # type: ignore[no-untyped-def]
    ctx = context(make_case(**fields))
    return {f.code: f for f in antithrombotic_checks(ctx, planned(ctx))}


def test_apixaban_and_clopidogrel_before_an_scs_trial_are_not_given_a_hold_number() -> None:
    found = checks(
        medications=[{"name": "apixaban"}, {"name": "clopidogrel"}],
        planned_procedures=[{"procedure": "scs_trial", "date": "2026-11-20"}],
    )
    apixaban = found["safety.antithrombotic.apixaban.scs_trial"]
    clopidogrel = found["safety.antithrombotic.clopidogrel.scs_trial"]
    for finding in (apixaban, clopidogrel):
        assert finding.status is Status.MET
        assert finding.value is None
        assert finding.data["hold"] is None
        assert finding.data["hold_confirmed"] is False
        assert finding.data["category"] == "high"
        assert finding.data["prescriber_agreement_required"] is True
        assert "agree the hold with the prescriber and local protocol" in finding.title
    assert apixaban.data["reported_hold"] == {"low": 3, "high": 5, "unit": "days"}
    assert clopidogrel.data["reported_hold"] == {"low": 7, "high": 7, "unit": "days"}
    assert "unconfirmed" in (apixaban.detail or "") or "not confirmed" in (apixaban.detail or "")


def test_warfarin_stopped_3_days_before_an_esi_is_held_too_briefly() -> None:
    found = checks(
        medications=[{"name": "warfarin", "stop": "2026-11-07"}],
        planned_procedures=[{"procedure": "esi_transforaminal", "date": "2026-11-10"}],
        labs=[{"test": "inr", "value": 2.4, "date": "2026-10-30"}],
    )
    finding = found["safety.antithrombotic.warfarin.esi_transforaminal"]
    assert finding.data["hold"] == {"low": 5, "high": 5, "unit": "days"}
    assert finding.data["stopped_days_before"] == 3
    assert finding.data["held_long_enough"] is False
    assert finding.data["normal_inr_required"] is True
    assert finding.data["restart"] == {"low": 6, "high": 6, "unit": "hours"}
    assert "shorter than the hold" in finding.title
    assert any(b.path == "labs[0].value" for b in finding.because)


def test_warfarin_without_a_stop_date_gets_the_last_day_to_stop() -> None:
    found = checks(
        medications=[{"name": "warfarin"}],
        planned_procedures=[{"procedure": "esi_interlaminar", "date": "2026-11-10"}],
    )
    assert found["safety.antithrombotic.warfarin.esi_interlaminar"].data["stop_by"] == "2026-11-05"


def test_a_stopped_drug_within_the_hold_window_is_still_checked() -> None:
    found = checks(
        medications=[{"name": "clopidogrel", "status": "stopped", "stop": "2026-11-12"}],
        planned_procedures=[{"procedure": "scs_trial", "date": "2026-11-20"}],
    )
    finding = found["safety.antithrombotic.clopidogrel.scs_trial"]
    assert finding.data["stopped_days_before"] == 8
    assert finding.data["held_long_enough"] is True
    assert "prescriber agreement still required" in finding.title


def test_aspirin_without_its_reason_cannot_be_given_a_hold() -> None:
    found = checks(medications=[{"name": "aspirin"}], planned_procedures=[{"procedure": "scs_trial"}])
    finding = found["safety.antithrombotic.aspirin.scs_trial"]
    assert finding.status is Status.UNKNOWN
    assert finding.missing[0].path == "medications[0].prevention"


def test_aspirin_for_primary_prevention_is_held_6_days_before_an_scs_trial() -> None:
    found = checks(
        medications=[{"name": "aspirin", "prevention": "primary"}],
        planned_procedures=[{"procedure": "scs_trial"}],
    )
    assert found["safety.antithrombotic.aspirin.scs_trial"].value == "6 days"


def test_naproxen_before_a_trigger_point_injection_needs_no_routine_hold() -> None:
    found = checks(
        medications=[{"name": "naproxen"}], planned_procedures=[{"procedure": "trigger_point_injection"}]
    )
    finding = found["safety.antithrombotic.naproxen.trigger_point_injection"]
    assert finding.status is Status.NOT_MET
    assert finding.data["prescriber_agreement_required"] is True


def test_enoxaparin_dose_intent_decides_12_or_24_hours() -> None:
    prophylactic = checks(
        medications=[{"name": "enoxaparin", "indication": "prophylaxis after surgery"}],
        planned_procedures=[{"procedure": "esi_interlaminar"}],
    )
    assert prophylactic["safety.antithrombotic.enoxaparin.esi_interlaminar"].value == "12 hours"
    unknown = checks(
        medications=[{"name": "enoxaparin"}], planned_procedures=[{"procedure": "esi_interlaminar"}]
    )
    assert unknown["safety.antithrombotic.enoxaparin.esi_interlaminar"].status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("stopped", "interval", "expected"),
    [
        (5, days(5), True),
        (4, days(5), False),
        (2, days(3, 5), False),
        (4, days(3, 5), None),
        (5, days(3, 5), True),
        (-1, days(1), False),
        (0, hours(12), None),
        (0, hours(24), False),
        (1, hours(24), None),
        (2, hours(24), True),
    ],
)
def test_whether_a_dated_stop_covers_the_hold(stopped: int, interval, expected) -> None:  # type: ignore[no-untyped-def]
    assert long_enough(stopped, interval) is expected


def test_clopidogrel_before_a_trigger_point_injection_is_reported_as_unconfirmed_no_hold() -> None:
    found = checks(
        medications=[{"name": "clopidogrel"}], planned_procedures=[{"procedure": "trigger_point_injection"}]
    )
    finding = found["safety.antithrombotic.clopidogrel.trigger_point_injection"]
    assert finding.status is Status.NOT_MET
    assert "unconfirmed" in finding.title


def test_dabigatran_reports_the_longer_hold_for_impaired_renal_function() -> None:
    found = checks(medications=[{"name": "dabigatran"}], planned_procedures=[{"procedure": "scs_implant"}])
    data = found["safety.antithrombotic.dabigatran.scs_implant"].data
    assert data["reported_hold"] == {"low": 4, "high": 5, "unit": "days"}
    assert data["reported_hold_impaired_renal"] == {"low": 5, "high": 6, "unit": "days"}


@pytest.mark.parametrize(
    "medication",
    [
        {"name": "clopidogrel", "prevention": "secondary"},
        {"name": "ticagrelor", "indication": "drug-eluting stent 2024"},
        {"name": "aspirin", "indication": "coronary stent"},
    ],
)
def test_antiplatelets_after_a_stent_or_for_secondary_prevention_go_to_the_cardiologist(
    medication: dict[str, str],
) -> None:
    found = checks(medications=[medication], planned_procedures=[{"procedure": "esi_interlaminar"}])
    finding = found[f"safety.antithrombotic.{medication['name']}.esi_interlaminar"]
    assert finding.data["shared_assessment"] is True
    assert finding.data["cardiologist"] is True
    assert "prescribing cardiologist" in finding.title
    assert finding.action is not None
    assert "cardiologist" in finding.action


def test_clopidogrel_after_a_stent_still_shows_the_reported_number_as_unconfirmed() -> None:
    found = checks(
        medications=[{"name": "clopidogrel", "prevention": "secondary", "indication": "coronary stent"}],
        planned_procedures=[{"procedure": "esi_transforaminal", "date": "2026-11-20"}],
    )
    finding = found["safety.antithrombotic.clopidogrel.esi_transforaminal"]
    assert "7 days (unconfirmed)" in finding.title
    assert finding.data["hold"] is None


def test_every_hold_number_shows_its_verification_status_and_none_is_confirmed() -> None:
    found = checks(
        medications=[{"name": "warfarin"}, {"name": "aspirin", "prevention": "primary"}],
        planned_procedures=[{"procedure": "scs_trial"}],
    )
    for code in ("safety.antithrombotic.warfarin.scs_trial", "safety.antithrombotic.aspirin.scs_trial"):
        finding = found[code]
        assert "(ASRA 2018 as reproduced, secondary source)" in finding.title
        assert finding.data["hold_confirmed"] is False


def test_the_restart_is_said_once() -> None:
    found = checks(medications=[{"name": "warfarin"}], planned_procedures=[{"procedure": "scs_trial"}])
    detail = found["safety.antithrombotic.warfarin.scs_trial"].detail or ""
    assert detail.count("Restart 6 hours") == 1
    assert "24 hours for the restart" in detail


def test_a_proposed_esi_hold_carries_the_procedure_kind_like_a_planned_one() -> None:
    ctx = context(make_case(medications=[{"name": "warfarin"}]))
    proposed = proposed_targets((ProcedureKind.ESI_TRANSFORAMINAL,), ())
    codes = [f.code for f in antithrombotic_checks(ctx, proposed)]
    assert codes == ["safety.antithrombotic.warfarin.esi_transforaminal"]


def test_a_medication_name_becomes_a_snake_case_code_part() -> None:
    found = checks(
        medications=[{"name": "Acetylsalicylic Acid", "prevention": "primary"}],
        planned_procedures=[{"procedure": "scs_trial"}],
    )
    assert list(found) == ["safety.antithrombotic.acetylsalicylic_acid.scs_trial"]
