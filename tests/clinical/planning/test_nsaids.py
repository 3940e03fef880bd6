"""NSAID cautions raised only by recorded risk factors."""

from fbss.clinical.planning.safety.nsaids import nsaid_checks
from fbss.clinical.planning.safety.uses import GENERIC_NSAID, drug_uses

from .factories import context, make_case


def codes(crcl: float | None = None, proposed: tuple[str, ...] = (), **fields: object) -> set[str]:
    ctx = context(make_case(**fields))
    return {f.code for f in nsaid_checks(ctx, drug_uses(ctx, proposed), crcl)}


def test_triple_whammy_gi_and_cardiovascular() -> None:
    found = codes(
        age_years=78,
        medications=[{"name": "naproxen"}, {"name": "lisinopril"}, {"name": "furosemide"}],
        conditions={"heart_failure": True, "peptic_ulcer_history": True},
    )
    assert found == {"safety.nsaid.renal", "safety.nsaid.gastrointestinal", "safety.nsaid.cardiovascular"}


def test_low_clearance_is_a_kidney_caution_for_a_proposed_nsaid() -> None:
    assert codes(crcl=25, proposed=(GENERIC_NSAID,)) == {"safety.nsaid.renal"}


def test_anticoagulant_raises_the_bleeding_caution() -> None:
    assert codes(medications=[{"name": "ibuprofen"}, {"name": "apixaban"}]) == {
        "safety.nsaid.gastrointestinal"
    }


def test_no_risk_factor_no_finding() -> None:
    assert codes(age_years=40, medications=[{"name": "ibuprofen"}]) == set()
