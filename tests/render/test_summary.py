"""The one-screen summary: arranged by the findings' kind, status and severity, never by rule codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from fbss.caseio import read_case_file
from fbss.clinical.assess import assess
from fbss.clinical.finding import Finding, Kind, Missing, Severity, Status
from fbss.clinical.sources import NICE_NG59
from fbss.render.summary import Summary, SummarySection, summarize

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def finding(
    code: str,
    kind: Kind,
    status: Status = Status.MET,
    severity: Severity | None = None,
    **extra: Any,
) -> dict[str, Any]:
    title = extra.pop("title", f"Statement {code}")
    return Finding(
        code=code, kind=kind, title=title, status=status, severity=severity, sources=(NICE_NG59,), **extra
    ).to_dict()


def section(summary: Summary, key: str) -> SummarySection:
    return next(s for s in summary.sections if s.key == key)


def codes(section: SummarySection) -> list[str]:
    return [line.finding["code"] for line in section.lines]


def test_open_and_undecided_red_flags_are_kept_apart() -> None:
    summary = summarize(
        [
            finding("redflag.a", Kind.RED_FLAG, severity=Severity.EMERGENCY),
            finding("redflag.b", Kind.RED_FLAG, Status.UNKNOWN, missing=(Missing("exam.motor", "why"),)),
            finding("redflag.c", Kind.RED_FLAG, Status.NOT_MET),
        ]
    )
    assert summary.screened
    assert [f["code"] for f in summary.open_red_flags] == ["redflag.a"]
    assert [f["code"] for f in summary.undecided_red_flags] == ["redflag.b"]


def test_an_assessment_without_red_flag_findings_is_marked_not_screened() -> None:
    assert not summarize([finding("score.phq9", Kind.SCORE, value=3)]).screened


def test_act_now_lists_urgent_met_findings_other_than_red_flags_and_plan_steps() -> None:
    summary = summarize(
        [
            finding("redflag.a", Kind.RED_FLAG, severity=Severity.EMERGENCY),
            finding("safety.hold", Kind.SAFETY, severity=Severity.URGENT, action="Agree the hold"),
            finding("safety.later", Kind.SAFETY, Status.NOT_MET, severity=Severity.URGENT),
            finding("plan.red_flag.a", Kind.PLAN, severity=Severity.EMERGENCY, data={"order": 1}),
            finding("data_quality.x", Kind.DATA_QUALITY, severity=Severity.EMERGENCY),
        ]
    )
    act_now = section(summary, "act_now")
    assert codes(act_now) == ["data_quality.x", "safety.hold"]  # most urgent first
    assert all(line.show_action for line in act_now.lines)
    assert "safety.hold" not in codes(section(summary, "safety"))  # listed once


def test_criteria_show_the_top_finding_and_its_open_parts_only_when_it_is_not_met() -> None:
    parts = [
        finding("criteria.x.timing", Kind.CRITERIA, Status.NOT_MET),
        finding("criteria.x.location", Kind.CRITERIA, Status.MET),
        finding("criteria.x.exclusions", Kind.CRITERIA, Status.UNKNOWN),
    ]
    (line,) = section(
        summarize([finding("criteria.x", Kind.CRITERIA, Status.NOT_MET), *parts]), "criteria"
    ).lines
    assert line.finding["code"] == "criteria.x"
    assert [p["code"] for p in line.parts] == ["criteria.x.timing", "criteria.x.exclusions"]
    (met,) = section(summarize([finding("criteria.x", Kind.CRITERIA), *parts]), "criteria").lines
    assert met.parts == ()


def test_plan_steps_follow_their_order_with_roles_and_what_holds_them() -> None:
    flag = finding("redflag.ces", Kind.RED_FLAG, severity=Severity.EMERGENCY, title="Suspected CES")
    steps = [
        finding("plan.b", Kind.PLAN, data={"order": 2, "role_name": "physical therapy", "held": True,
                                           "held_by": ["redflag.ces"]}),
        finding("plan.a", Kind.PLAN, data={"order": 1, "role": "pain_management", "held": False}),
        finding("plan.c", Kind.PLAN, data={"order": 3, "held": True, "held_by": ["redflag.ces"]}),
    ]  # fmt: skip
    plan = section(summarize([flag, *steps]), "plan")
    assert codes(plan) == ["plan.a", "plan.b", "plan.c"]
    assert [(line.step, line.role) for line in plan.lines] == [
        (1, "pain management"),
        (2, "physical therapy"),
        (3, None),
    ]
    assert plan.lines[1].held_by == ("Suspected CES",)
    assert [(hold.steps, hold.until) for hold in plan.holds] == [((2, 3), ("Suspected CES",))]


def test_safety_lists_warnings_and_leaves_information_and_listed_findings_to_the_detail() -> None:
    summary = summarize(
        [
            finding("safety.renal", Kind.SAFETY, value=86.3),
            finding("safety.fda", Kind.SAFETY, severity=Severity.INFO),
            finding("safety.hold", Kind.SAFETY, severity=Severity.WARNING),
            finding("safety.crcl", Kind.SAFETY, Status.UNKNOWN, severity=Severity.WARNING),
            finding("treatment.conflict", Kind.TREATMENT, severity=Severity.WARNING),
            finding("referral.surgical", Kind.REFERRAL, severity=Severity.WARNING),
        ]
    )
    assert codes(section(summary, "safety")) == ["safety.hold", "safety.crcl", "treatment.conflict"]
    assert codes(section(summary, "referral")) == ["referral.surgical"]


def test_safety_says_no_warnings_when_checks_ran_and_nothing_when_none_did() -> None:
    quiet = section(summarize([finding("safety.renal", Kind.SAFETY, value=86.3)]), "safety")
    assert quiet.lines == ()
    assert quiet.empty == "no warnings"
    assert section(summarize([]), "safety") not in summarize([]).shown


def test_scs_shows_its_state_then_what_is_still_to_do() -> None:
    summary = summarize(
        [
            finding("scs.pathway", Kind.SCS, value="trial_planned"),
            finding("scs.prerequisite.a", Kind.SCS, Status.MET),
            finding("scs.prerequisite.b", Kind.SCS, Status.UNKNOWN, action="Record it"),
            finding("scs.prerequisite.c", Kind.SCS, Status.NOT_MET, action="Agree the holds"),
        ]
    )
    scs = section(summary, "scs")
    assert codes(scs) == ["scs.pathway", "scs.prerequisite.b", "scs.prerequisite.c"]
    assert [line.to_do for line in scs.lines] == [False, True, True]


def test_work_up_lists_what_is_recommended_and_counts_the_undecided_causes() -> None:
    summary = summarize(
        [
            finding("differential.disc", Kind.DIFFERENTIAL, Status.UNKNOWN),
            finding("differential.scar", Kind.DIFFERENTIAL, Status.NOT_MET),
            finding("workup.mri", Kind.WORKUP),
            finding("workup.ct", Kind.WORKUP, Status.NOT_MET),
        ]
    )
    causes = section(summary, "causes")
    assert (causes.lines, causes.empty, causes.undecided) == ((), "none shown yet", 1)
    assert codes(section(summary, "workup")) == ["workup.mri"]


def test_a_stored_document_is_summarised_like_the_live_assessment() -> None:
    assessment = assess(read_case_file(EXAMPLES / "plan-red-flag-hold.yaml"))
    live = summarize(f.to_dict() for f in assessment.findings)
    stored = summarize(orjson.loads(orjson.dumps(assessment.to_dict()))["findings"])
    assert live == stored


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_every_open_red_flag_and_plan_step_of_an_example_is_in_its_summary(path: Path) -> None:
    assessment = assess(read_case_file(path))
    summary = summarize(f.to_dict() for f in assessment.findings)
    assert [f["code"] for f in summary.open_red_flags] == [f.code for f in assessment.open_red_flags]
    steps = [f.code for f in assessment.of_kind(Kind.PLAN) if f.status is Status.MET]
    assert sorted(codes(section(summary, "plan"))) == sorted(steps)
