"""SCORE findings: the latest response per instrument and the pain reports' back and leg NRS."""

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.instruments import score_findings

CONTRACT_KEYS = {"band", "subscales", "position", "date", "minimum", "maximum", "flags"}


def case_of(**parts: object) -> Case:
    return Case.model_validate({"assessment_date": "2026-11-01", **parts})


def by_code(case: Case) -> dict[str, Finding]:
    return {finding.code: finding for finding in score_findings(case)}


def phq9(date: str, *values: int) -> dict[str, object]:
    return {"instrument": "phq9", "date": date, "answers": {str(n): v for n, v in enumerate(values, 1)}}


def test_one_score_finding_per_instrument_from_its_latest_response() -> None:
    case = case_of(instruments=[phq9("2026-09-01", *[3] * 9), phq9("2026-10-01", *[1] * 8, 0)])
    findings = [f for f in score_findings(case) if f.code == "score.phq9"]
    assert len(findings) == 1
    (finding,) = findings
    assert finding.kind is Kind.SCORE
    assert finding.status is Status.MET
    assert finding.value == 8
    assert finding.data["band"] == "mild"
    assert finding.data["position"] == 1
    assert finding.data["date"] == "2026-10-01"
    assert finding.data["responses"] == 2
    assert set(finding.data) >= CONTRACT_KEYS
    assert [coding.code for coding in finding.codes] == ["44261-6"]


def test_phq9_item9_positive_is_in_flags_and_because() -> None:
    finding = by_code(case_of(instruments=[phq9("2026-10-01", 0, 0, 0, 0, 0, 0, 0, 0, 2)]))["score.phq9"]
    assert finding.data["flags"] == ["item9_positive"]
    assert any(b.path == "instruments[0].answers.9" and b.value == 2 for b in finding.because)
    assert finding.severity is None  # the red-flag screen raises the red flag, not the score


def test_unscorable_response_is_unknown_and_lists_the_missing_items() -> None:
    case = case_of(instruments=[{"instrument": "gad7", "answers": {"1": 1, "2": 1}}])
    finding = by_code(case)["score.gad7"]
    assert finding.status is Status.UNKNOWN
    assert finding.value is None
    assert [m.path for m in finding.missing] == [f"instruments[0].answers.{n}" for n in range(3, 8)]
    assert finding.data["date"] == "2026-11-01"
    assert finding.data["dated"] is False


def test_startback_score_says_it_is_off_label() -> None:
    answers = {str(n): False for n in range(1, 9)} | {"9": 0}
    finding = by_code(case_of(instruments=[{"instrument": "startback", "answers": answers}]))[
        "score.startback"
    ]
    assert finding.data["off_label"] is True
    assert "Off-label" in (finding.detail or "")


def test_instruments_not_answered_give_no_score_finding() -> None:
    codes = set(by_code(case_of()))
    assert codes == {"score.nrs_back", "score.nrs_leg"}


def test_pain_report_nrs_takes_the_worse_leg_and_the_average_rating_first() -> None:
    case = case_of(
        pain=[
            {"region": "back", "nrs_average": 4, "nrs_worst": 9},
            {"region": "leg", "side": "left", "nrs_average": 5},
            {"region": "leg", "side": "right", "nrs_now": 8},
        ]
    )
    found = by_code(case)
    back, leg = found["score.nrs_back"], found["score.nrs_leg"]
    assert (back.value, back.because[0].path) == (4, "pain[0].nrs_average")
    assert (leg.value, leg.because[0].path, leg.data["side"]) == (8, "pain[2].nrs_now", "right")
    assert set(leg.data) >= CONTRACT_KEYS


def test_missing_leg_report_is_unknown_and_says_what_to_record() -> None:
    leg = by_code(case_of(pain=[{"region": "back", "nrs_now": 6}]))["score.nrs_leg"]
    assert leg.status is Status.UNKNOWN
    assert leg.missing[0].path == "pain"


def test_leg_report_without_a_rating_points_at_that_report() -> None:
    leg = by_code(case_of(pain=[{"region": "leg", "side": "left"}]))["score.nrs_leg"]
    assert leg.status is Status.UNKNOWN
    assert leg.missing[0].path == "pain[0].nrs_average"


def test_findings_serialise_to_json_shapes() -> None:
    import json

    case = case_of(
        instruments=[phq9("2026-10-01", *[1] * 9), {"instrument": "promis29", "answers": {"global07": 5}}],
        pain=[{"region": "back", "nrs_now": 6}],
    )
    for finding in score_findings(case):
        json.dumps(finding.to_dict())
