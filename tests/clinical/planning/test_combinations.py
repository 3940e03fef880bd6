"""Serotonergic pairs, opioid with gabapentinoid (FDA 2019), duloxetine with liver risk."""

from fbss.clinical.finding import Severity
from fbss.clinical.planning.safety.combinations import combination_checks
from fbss.clinical.planning.safety.uses import drug_uses

from .factories import context, make_case


def found(proposed: tuple[str, ...] = (), **fields: object) -> dict[str, Severity | None]:
    ctx = context(make_case(**fields))
    return {f.code: f.severity for f in combination_checks(ctx, drug_uses(ctx, proposed))}


def test_duloxetine_with_tramadol_or_a_tricyclic() -> None:
    assert "safety.serotonergic.duloxetine.tramadol" in found(
        medications=[{"name": "duloxetine"}, {"name": "tramadol"}]
    )
    assert "safety.serotonergic.duloxetine.amitriptyline" in found(
        medications=[{"name": "duloxetine"}, {"name": "amitriptyline"}]
    )


def test_a_proposed_drug_with_a_current_one_is_checked() -> None:
    assert "safety.serotonergic.tramadol.duloxetine" in found(
        ("duloxetine",), medications=[{"name": "tramadol"}]
    )


def test_alternatives_proposed_together_are_not_a_combination() -> None:
    assert found(("duloxetine", "amitriptyline")) == {}
    assert found(("amitriptyline",), medications=[{"name": "duloxetine"}]) == {}


def test_mao_inhibitor_is_urgent() -> None:
    result = found(medications=[{"name": "phenelzine"}, {"name": "duloxetine"}])
    assert result["safety.serotonergic.phenelzine.duloxetine"] is Severity.URGENT


def test_opioid_with_gabapentinoid_at_any_age() -> None:
    assert "safety.opioid_gabapentinoid" in found(
        ("gabapentin",), age_years=40, medications=[{"name": "oxycodone"}]
    )


def test_duloxetine_with_liver_disease() -> None:
    assert "safety.duloxetine_liver" in found(
        medications=[{"name": "duloxetine"}], conditions={"advanced_liver_disease": True}
    )
