"""After implant: persistent cautions and the clinic's own follow-up schedule."""

from fbss.clinical.finding import Severity, Status
from fbss.clinical.planning.scs.followup import implant_findings
from fbss.clinical.policy import Policy

from .factories import context, make_case

IMPLANTED = {"scs": {"implant": {"date": "2026-06-01", "mr_conditional": False}}}


def test_no_implant_no_findings() -> None:
    assert implant_findings(context(make_case())) == ()


def test_persistent_cautions_name_mri_and_diathermy() -> None:
    cautions, _ = implant_findings(context(make_case(**IMPLANTED)))
    assert cautions.code == "scs.implant.cautions"
    assert cautions.severity is Severity.WARNING
    assert cautions.data["persistent"] is True
    assert "diathermy anywhere on the body" in cautions.data["contraindicated"]
    assert "lithotripsy" in cautions.data["precautions"]


def test_without_a_clinic_schedule_the_follow_up_says_none_is_verified() -> None:
    _, followup = implant_findings(context(make_case(**IMPLANTED)))
    assert followup.status is Status.UNKNOWN
    assert followup.missing[0].path == "policy.scs_followup_weeks"


def test_a_clinic_schedule_dates_the_visits() -> None:
    _, followup = implant_findings(
        context(make_case(**IMPLANTED), policy=Policy(scs_followup_weeks=(2, 12, 52)))
    )
    assert followup.status is Status.MET
    assert [v["due"] for v in followup.data["visits"]] == ["2026-06-15", "2026-08-24", "2027-05-31"]
    assert "2027-05-31" in followup.title
