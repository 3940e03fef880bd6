"""The hold table: values from the ASRA pain table reproduction, and unconfirmed rows kept apart."""

import pytest

from fbss.clinical.planning.safety import holds
from fbss.clinical.planning.safety.bleeding_risk import Risk
from fbss.clinical.planning.safety.holds import Unit


def test_aspirin_primary_prevention_is_held_6_days_before_high_risk_procedures() -> None:
    row = holds.ASPIRIN_PRIMARY
    assert row.advice(Risk.HIGH).hold == holds.days(6)
    assert row.advice(Risk.INTERMEDIATE).shared_assessment
    assert not row.advice(Risk.LOW).holds
    assert row.restart(Risk.HIGH) == holds.hours(24)


def test_aspirin_secondary_prevention_is_always_a_shared_assessment() -> None:
    assert holds.ASPIRIN_SECONDARY.advice(Risk.HIGH).shared_assessment
    assert holds.ASPIRIN_SECONDARY.advice(Risk.HIGH).hold is None


@pytest.mark.parametrize(
    ("drug", "days"),
    [
        ("diclofenac", 1),
        ("ketorolac", 1),
        ("ibuprofen", 1),
        ("etodolac", 2),
        ("indomethacin", 2),
        ("naproxen", 4),
        ("meloxicam", 4),
        ("nabumetone", 6),
        ("oxaprozin", 10),
        ("piroxicam", 10),
    ],
)
def test_nsaids_are_held_five_half_lives_before_high_risk_procedures(drug: str, days: int) -> None:
    row = holds.nsaid_row(drug)
    assert row.advice(Risk.HIGH).hold == holds.days(days)
    assert not row.advice(Risk.INTERMEDIATE).holds
    assert row.from_table


def test_an_nsaid_without_a_table_figure_gets_no_invented_number() -> None:
    advice = holds.nsaid_row("ketoprofen").advice(Risk.HIGH)
    assert advice.hold is None
    assert "5 half-lives" in (advice.text or "")


def test_warfarin_5_days_and_normal_inr_then_restart_at_6_hours() -> None:
    for risk in (Risk.HIGH, Risk.INTERMEDIATE):
        advice = holds.WARFARIN.advice(risk)
        assert advice.hold == holds.days(5)
        assert advice.normal_inr
    assert holds.WARFARIN.advice(Risk.LOW).shared_assessment
    assert holds.WARFARIN.restart(Risk.HIGH) == holds.hours(6)


def test_heparin_and_lmwh_holds_in_hours() -> None:
    assert holds.HEPARIN_IV.advice(Risk.HIGH).hold == holds.hours(6)
    assert holds.HEPARIN_SC.advice(Risk.HIGH).hold == holds.hours(24)
    assert holds.HEPARIN_SC.advice(Risk.INTERMEDIATE).hold == holds.hours(6)
    assert holds.HEPARIN_SC.restart(Risk.HIGH) == holds.hours(6)
    assert holds.HEPARIN_SC.restart(Risk.LOW) == holds.hours(2)
    assert holds.ENOXAPARIN_PROPHYLACTIC.advice(Risk.LOW).hold == holds.hours(12)
    assert holds.LMWH_THERAPEUTIC.advice(Risk.HIGH).hold == holds.hours(24)
    assert holds.LMWH_THERAPEUTIC.restart(Risk.LOW) == holds.hours(4)
    assert holds.LMWH_THERAPEUTIC.restart(Risk.HIGH) == holds.hours(12, 24)


def test_p2y12_and_doac_rows_are_marked_unconfirmed_with_their_reported_values() -> None:
    for row in (
        holds.CLOPIDOGREL,
        holds.PRASUGREL,
        holds.TICAGRELOR,
        holds.APIXABAN,
        holds.RIVAROXABAN,
        holds.DABIGATRAN,
        holds.EDOXABAN,
        holds.FONDAPARINUX,
    ):
        assert not row.from_table
    assert holds.CLOPIDOGREL.advice(Risk.HIGH).hold == holds.days(7)
    assert holds.PRASUGREL.advice(Risk.HIGH).hold == holds.days(7, 10)
    assert holds.TICAGRELOR.advice(Risk.HIGH).hold == holds.days(5)
    assert holds.RIVAROXABAN.advice(Risk.HIGH).hold == holds.days(3)


def test_conflicting_sources_are_shown_as_a_range() -> None:
    assert holds.APIXABAN.advice(Risk.HIGH).hold == holds.days(3, 5)
    assert holds.DABIGATRAN.advice(Risk.HIGH).hold == holds.days(4, 5)
    assert holds.DABIGATRAN.renal_hold == holds.days(5, 6)
    assert "disagree" in (holds.APIXABAN.note or "")


def test_interval_text() -> None:
    assert holds.days(3, 5).text() == "3-5 days"
    assert holds.days(1).text() == "1 day"
    assert holds.hours(12, 24).text() == "12-24 hours"
    assert holds.days(2).hours == (48, 48)
    assert holds.hours(6).unit is Unit.HOURS
