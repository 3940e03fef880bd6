"""Beers 2023 cautions for people aged 65 or over."""

from fbss.clinical.finding import Status
from fbss.clinical.planning.safety.older_adults import older_adult_checks
from fbss.clinical.planning.safety.uses import drug_uses

from .factories import context, make_case


def codes(proposed: tuple[str, ...] = (), crcl: float | None = None, **fields: object) -> dict[str, Status]:
    ctx = context(make_case(**fields))
    return {f.code: f.status for f in older_adult_checks(ctx, drug_uses(ctx, proposed), crcl)}


def test_tertiary_tricyclic_and_muscle_relaxant_are_to_be_avoided() -> None:
    found = codes(age_years=72, medications=[{"name": "amitriptyline"}, {"name": "cyclobenzaprine"}])
    assert found["safety.older_adult.tricyclic.amitriptyline"] is Status.MET
    assert found["safety.older_adult.muscle_relaxant.cyclobenzaprine"] is Status.MET


def test_opioid_with_gabapentinoid_and_three_cns_active_drugs() -> None:
    found = codes(
        age_years=80, medications=[{"name": "tramadol"}, {"name": "gabapentin"}, {"name": "zolpidem"}]
    )
    assert found["safety.older_adult.opioid_gabapentinoid"] is Status.MET
    assert found["safety.older_adult.cns_active"] is Status.MET


def test_nothing_under_65() -> None:
    assert codes(age_years=64, medications=[{"name": "amitriptyline"}]) == {}


def test_unknown_age_is_said() -> None:
    assert codes(medications=[{"name": "amitriptyline"}]) == {"safety.older_adult": Status.UNKNOWN}


def test_nsaids_avoided_below_crcl_30() -> None:
    found = codes(crcl=25, age_years=70, medications=[{"name": "ibuprofen"}])
    assert found["safety.older_adult.nsaid.ibuprofen"] is Status.MET


def test_gabapentinoid_after_falls() -> None:
    found = codes(("pregabalin",), age_years=70, conditions={"history_of_falls": True})
    assert found["safety.older_adult.antiepileptic_falls"] is Status.MET


def test_baclofen_needs_an_egfr() -> None:
    unknown = codes(age_years=70, medications=[{"name": "baclofen"}])
    assert unknown["safety.older_adult.baclofen"] is Status.UNKNOWN
    low = codes(age_years=70, medications=[{"name": "baclofen"}], labs=[{"test": "egfr", "value": 45}])
    assert low["safety.older_adult.baclofen"] is Status.MET


def test_switching_between_cg173_drugs_does_not_count_as_adding_one() -> None:
    found = codes(
        ("duloxetine",), age_years=70, medications=[{"name": "amitriptyline"}, {"name": "cyclobenzaprine"}]
    )
    assert "safety.older_adult.cns_active" not in found


def test_a_proposed_nortriptyline_is_a_caution_not_an_undecided_finding() -> None:
    ctx = context(make_case(age_years=70))
    found = {f.code: f for f in older_adult_checks(ctx, drug_uses(ctx, ("nortriptyline",)), None)}
    caution = found["safety.older_adult.tricyclic.nortriptyline"]
    assert caution.status is Status.MET
    assert caution.title.startswith("Caution with nortriptyline")


def test_the_generic_proposed_nsaid_has_a_snake_case_code() -> None:
    found = codes(("oral NSAID",), age_years=72)
    assert "safety.older_adult.nsaid.oral_nsaid" in found
