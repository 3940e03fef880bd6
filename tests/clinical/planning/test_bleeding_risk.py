"""ASRA 2018 procedure categories, and patient factors that raise them one level."""

from fbss.clinical.case import ProcedureKind
from fbss.clinical.planning.safety.bleeding_risk import Risk, base_category, category

from .factories import context, make_case


def test_scs_is_high_esi_intermediate_trigger_points_low() -> None:
    assert base_category(ProcedureKind.SCS_TRIAL) is Risk.HIGH
    assert base_category(ProcedureKind.SCS_IMPLANT) is Risk.HIGH
    assert base_category(ProcedureKind.ESI_TRANSFORAMINAL) is Risk.INTERMEDIATE
    assert base_category(ProcedureKind.ESI_INTERLAMINAR) is Risk.INTERMEDIATE
    assert base_category(ProcedureKind.TRIGGER_POINT_INJECTION) is Risk.LOW
    assert base_category(ProcedureKind.SACROILIAC_JOINT_INJECTION) is Risk.LOW


def test_lumbar_facet_procedures_are_low_cervical_ones_intermediate() -> None:
    assert base_category(ProcedureKind.MEDIAL_BRANCH_BLOCK, "L4-L5") is Risk.LOW
    assert base_category(ProcedureKind.RADIOFREQUENCY_DENERVATION, "C5-C6") is Risk.INTERMEDIATE


def test_caudal_esi_category_is_marked_unconfirmed() -> None:
    cat = category(context(make_case()), ProcedureKind.ESI_CAUDAL)
    assert cat.base is Risk.INTERMEDIATE
    assert not cat.confirmed


def test_two_antithrombotics_raise_an_esi_to_high() -> None:
    case = make_case(medications=[{"name": "warfarin"}, {"name": "aspirin"}])
    cat = category(context(case), ProcedureKind.ESI_INTERLAMINAR)
    assert (cat.base, cat.effective) == (Risk.INTERMEDIATE, Risk.HIGH)
    assert cat.raised_by == ("more than one anticoagulant or antiplatelet drug",)


def test_bleeding_history_raises_low_to_intermediate_and_high_stays_high() -> None:
    ctx = context(make_case(conditions={"bleeding_history": True}))
    assert category(ctx, ProcedureKind.TRIGGER_POINT_INJECTION).effective is Risk.INTERMEDIATE
    assert category(ctx, ProcedureKind.SCS_TRIAL).effective is Risk.HIGH


def test_age_and_previous_surgery_are_shown_but_never_applied() -> None:
    case = make_case(age_years=70, surgeries=[{"type": "laminectomy"}])
    cat = category(context(case), ProcedureKind.ESI_INTERLAMINAR)
    assert cat.effective is Risk.INTERMEDIATE
    assert len(cat.to_consider) == 2


def test_previous_surgery_counts_only_at_the_operated_level() -> None:
    case = make_case(surgeries=[{"type": "discectomy", "levels": ["L5-S1"]}])
    assert category(context(case), ProcedureKind.ESI_TRANSFORAMINAL, "L5-S1").to_consider == (
        "previous spine surgery at this level (adhesions)",
    )
    assert category(context(case), ProcedureKind.SCS_TRIAL, "T9-T10").to_consider == ()
    assert (
        "if the procedure is at the operated level"
        in category(context(case), ProcedureKind.SCS_TRIAL).to_consider[0]
    )


def test_the_operated_level_is_compared_by_segment_not_by_shared_vertebra() -> None:
    case = make_case(surgeries=[{"type": "discectomy", "levels": ["L5-S1"]}])
    assert category(context(case), ProcedureKind.ESI_TRANSFORAMINAL, "L4-L5").to_consider == ()
    single = category(context(case), ProcedureKind.ESI_TRANSFORAMINAL, "L5").to_consider
    assert single == ("previous spine surgery, if the procedure is at the operated level (adhesions)",)
    fused = make_case(surgeries=[{"type": "fusion", "levels": ["L4-S1"]}])
    assert category(context(fused), ProcedureKind.ESI_INTERLAMINAR, "L5").to_consider == (
        "previous spine surgery at this level (adhesions)",
    )
