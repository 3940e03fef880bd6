"""Outcome change: baseline to latest against the published MCID, minding each scale's direction."""

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.outcomes import changes
from fbss.clinical.sources import FARRAR_2001, OSTELO_2008

CONTRACT_KEYS = {"baseline", "latest", "change", "percent_change", "mcid", "clinically_important"}


def case_with(*responses: dict[str, object]) -> Case:
    return Case.model_validate({"assessment_date": "2026-11-01", "instruments": list(responses)})


def odi(date: str | None, *sections: int | None) -> dict[str, object]:
    return {"instrument": "odi", "date": date, "answers": {str(n): v for n, v in enumerate(sections, 1)}}


def nrs(date: str | None, **ratings: int) -> dict[str, object]:
    return {"instrument": "nrs", "date": date, "answers": ratings}


def by_code(case: Case) -> dict[str, Finding]:
    return {finding.code: finding for finding in changes(case)}


def test_odi_ten_point_improvement_is_clinically_important() -> None:
    # 50% -> 40%: 10 points (Ostelo 2008), though only 20% of baseline
    found = by_code(case_with(odi("2026-01-01", *[5] * 5, *[0] * 5), odi("2026-06-01", *[4] * 5, *[0] * 5)))
    finding = found["outcome.odi"]
    assert finding.kind is Kind.OUTCOME
    assert finding.status is Status.MET
    assert set(finding.data) >= CONTRACT_KEYS
    assert (finding.data["baseline"], finding.data["latest"], finding.data["change"]) == (50, 40, -10)
    assert finding.data["percent_change"] == -20
    assert (finding.data["mcid"], finding.data["clinically_important"]) == (10, True)
    assert OSTELO_2008 in finding.sources


def test_odi_thirty_percent_of_a_low_baseline_is_clinically_important() -> None:
    # 20% -> 14%: 6 points but 30% of baseline
    finding = by_code(case_with(odi("2026-01-01", *[1] * 10), odi("2026-06-01", *[1] * 7, *[0] * 3)))[
        "outcome.odi"
    ]
    assert (finding.data["baseline"], finding.data["latest"]) == (20, 14)
    assert finding.data["clinically_important"] is True


def test_odi_small_change_is_not_clinically_important() -> None:
    finding = by_code(case_with(odi("2026-01-01", *[3] * 10), odi("2026-06-01", *[3] * 8, 2, 2)))[
        "outcome.odi"
    ]
    assert finding.data["change"] == -4
    assert finding.status is Status.NOT_MET
    assert finding.data["clinically_important"] is False


def test_worsening_is_never_a_clinically_important_improvement() -> None:
    finding = by_code(case_with(odi("2026-01-01", *[1] * 10), odi("2026-06-01", *[4] * 10)))["outcome.odi"]
    assert finding.data["direction"] == "worsened"
    assert finding.data["change"] == 60
    assert finding.data["clinically_important"] is False


def test_baseline_is_the_first_and_latest_the_last_by_date() -> None:
    case = case_with(
        odi("2026-06-01", *[2] * 10),
        odi(None, *[1] * 10),  # undated: taken on the assessment date, so the latest
        odi("2026-01-01", *[4] * 10),
    )
    finding = by_code(case)["outcome.odi"]
    assert (finding.data["baseline_position"], finding.data["latest_position"]) == (2, 1)
    assert (finding.data["baseline"], finding.data["latest"]) == (80, 20)
    assert finding.data["latest_date"] == "2026-11-01"


def test_rmdq_five_points_is_clinically_important() -> None:
    def rmdq(date: str, ticks: int) -> dict[str, object]:
        return {"instrument": "rmdq", "date": date, "answers": {str(n): n <= ticks for n in range(1, 25)}}

    important = by_code(case_with(rmdq("2026-01-01", 20), rmdq("2026-06-01", 15)))["outcome.rmdq"]
    small = by_code(case_with(rmdq("2026-01-01", 20), rmdq("2026-06-01", 16)))["outcome.rmdq"]
    assert important.data["clinically_important"] is True
    assert small.data["clinically_important"] is False  # 4 points, 20%


def test_nrs_back_and_leg_are_judged_separately_at_two_points_or_thirty_percent() -> None:
    found = by_code(case_with(nrs("2026-01-01", back=8, leg=3), nrs("2026-06-01", back=7, leg=2)))
    back, leg = found["outcome.nrs.back"], found["outcome.nrs.leg"]
    assert back.data["clinically_important"] is False  # 1 point, 12.5%
    assert leg.data["clinically_important"] is True  # 1 point but 33%
    assert FARRAR_2001 in back.sources
    assert "outcome.nrs" not in found


def test_nrs_two_point_drop_reaches_the_mcid() -> None:
    back = by_code(case_with(nrs("2026-01-01", back=9), nrs("2026-06-01", back=7)))["outcome.nrs.back"]
    assert back.status is Status.MET


def test_nrs_region_rated_once_cannot_be_measured() -> None:
    found = by_code(case_with(nrs("2026-01-01", back=8, leg=6), nrs("2026-06-01", back=5)))
    leg = found["outcome.nrs.leg"]
    assert leg.status is Status.UNKNOWN
    assert leg.missing[0].path == "instruments[1].answers"


def test_instrument_without_a_verified_mcid_reports_change_with_the_reason() -> None:
    def phq9(date: str, value: int) -> dict[str, object]:
        return {"instrument": "phq9", "date": date, "answers": {str(n): value for n in range(1, 10)}}

    finding = by_code(case_with(phq9("2026-01-01", 2), phq9("2026-06-01", 1)))["outcome.phq9"]
    assert (finding.data["baseline"], finding.data["latest"], finding.data["change"]) == (18, 9, -9)
    assert finding.data["percent_change"] == -50
    assert finding.data["clinically_important"] is None
    assert finding.data["mcid"] is None
    assert finding.status is Status.UNKNOWN
    assert "MCID" in (finding.detail or "")


def test_promis_physical_function_rise_is_an_improvement() -> None:
    def promis(date: str, function: int, interference: int) -> dict[str, object]:
        answers = dict.fromkeys(("pfa11", "pfa21", "pfa23", "pfa53"), function)
        answers |= dict.fromkeys(("painin9", "painin22", "painin31", "painin34"), interference)
        return {"instrument": "promis29", "date": date, "answers": answers}

    found = by_code(case_with(promis("2026-01-01", 2, 4), promis("2026-06-01", 3, 3)))
    function, interference = (
        found["outcome.promis29.physical_function"],
        found["outcome.promis29.pain_interference"],
    )
    assert (function.data["change"], function.data["direction"]) == (4, "improved")
    assert (interference.data["change"], interference.data["direction"]) == (-4, "improved")
    assert function.data["clinically_important"] is None
    assert "outcome.promis29.depression" not in found


def test_unscorable_responses_leave_the_change_unknown_with_what_is_missing() -> None:
    finding = by_code(case_with(odi("2026-01-01", *[2] * 10), odi("2026-06-01")))["outcome.odi"]
    assert finding.status is Status.UNKNOWN
    assert finding.data["clinically_important"] is None
    assert finding.missing[0].path == "instruments[1].answers"


def test_a_single_response_gives_no_outcome() -> None:
    assert changes(case_with(odi("2026-01-01", *[2] * 10))) == ()


def test_zero_baseline_has_no_percent_change() -> None:
    back = by_code(case_with(nrs("2026-01-01", back=0), nrs("2026-06-01", back=3)))["outcome.nrs.back"]
    assert back.data["percent_change"] is None
    assert back.data["direction"] == "worsened"
    assert back.data["clinically_important"] is False
