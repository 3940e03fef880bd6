"""The treatment catalogue: every option complete, sourced, and carrying the published numbers."""

import pytest

from fbss.clinical.planning.catalogue import CATALOGUE, OptionId, Position, option
from fbss.clinical.planning.roles import Role
from fbss.clinical.planning.suitability import JUDGES


def test_every_option_is_in_the_catalogue_and_judged() -> None:
    assert set(CATALOGUE) == set(OptionId)
    assert set(JUDGES) == set(OptionId)


@pytest.mark.parametrize("option_id", list(OptionId))
def test_every_option_names_a_role_its_sources_and_a_guideline_stance(option_id: OptionId) -> None:
    entry = option(option_id)
    assert isinstance(entry.role, Role)
    assert entry.sources
    assert entry.stances
    assert entry.indications


def test_process_shows_48_vs_9_percent_leg_pain_relief_at_6_months() -> None:
    process = next(
        e for e in option(OptionId.SPINAL_CORD_STIMULATION).evidence if e.source.id == "process-2007"
    )
    assert process.number("scs_percent") == 48
    assert process.number("cmm_percent") == 9
    assert (process.number("scs_responders"), process.number("scs_n")) == (24, 50)
    assert (process.number("cmm_responders"), process.number("cmm_n")) == (4, 44)


def test_back_pain_counter_evidence_is_in_the_scs_entry() -> None:
    evidence = {e.source.id: e for e in option(OptionId.SPINAL_CORD_STIMULATION).evidence}
    assert evidence["promise-2019"].number("scs_percent") == 13.6
    assert evidence["promise-2019"].number("omm_percent") == 4.6
    assert evidence["cochrane-scs-lbp-2023"].number("studies") == 13
    assert evidence["senza-rct-2015"].number("back_10khz") == 84.5
    assert evidence["senza-rct-2015"].number("back_traditional") == 43.8
    assert evidence["trial-stim-2020"].number("specificity_percent") == 8


def test_precise_numbers_for_pregabalin_in_sciatica() -> None:
    precise = option(OptionId.PREGABALIN).evidence[0]
    assert precise.number("leg_pain_8wk_pregabalin") == 3.7
    assert precise.number("leg_pain_8wk_placebo") == 3.1
    assert precise.number("adverse_events_pregabalin") == 227


def test_nice_ng59_advises_against_acupuncture_and_acp_lists_it() -> None:
    acupuncture = option(OptionId.ACUPUNCTURE)
    assert acupuncture.stance("nice-ng59-non-drug").position is Position.ADVISES_AGAINST
    assert acupuncture.stance("acp-2017").position is Position.RECOMMENDS


def test_ng59_advises_against_gabapentinoids_for_sciatica_while_cg173_offers_them() -> None:
    gabapentin = option(OptionId.GABAPENTIN)
    assert gabapentin.stance("nice-ng59-sciatica-2020").position is Position.ADVISES_AGAINST
    assert gabapentin.stance("nice-cg173").position is Position.RECOMMENDS


def test_multidisciplinary_rehabilitation_effect_sizes() -> None:
    kamper = option(OptionId.MULTIDISCIPLINARY_REHABILITATION).evidence[0]
    assert kamper.number("smd_pain_vs_usual_care") == 0.21
    assert kamper.number("smd_disability_vs_usual_care") == 0.23
    assert kamper.number("trials") == 41


def test_care_team_roles() -> None:
    assert option(OptionId.PAIN_PSYCHOLOGY).role is Role.PAIN_PSYCHOLOGY
    assert option(OptionId.PHYSICAL_THERAPY).role is Role.PHYSICAL_THERAPY
    assert option(OptionId.SURGICAL_REFERRAL).role is Role.SPINE_SURGERY
    assert option(OptionId.GABAPENTIN).role is Role.PRIMARY_CARE
    assert option(OptionId.SPINAL_CORD_STIMULATION).role is Role.PAIN_MANAGEMENT


def test_summary_is_json_ready() -> None:
    summary = option(OptionId.EPIDURAL_STEROID_INJECTION).summary
    assert summary["option"] == "epidural_steroid_injection"
    assert any(s["position"] == "advises_against" for s in summary["stances"])  # type: ignore[union-attr]
