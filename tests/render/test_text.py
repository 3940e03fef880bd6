"""The text report: red flags first and unmissable, the picture on one screen, then every finding."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from fbss.caseio import read_case_file
from fbss.clinical.assess import assess
from fbss.clinical.assessment import Assessment, ordered
from fbss.clinical.finding import Because, Coding, Finding, Kind, Missing, Severity, Status
from fbss.clinical.sources import DOWNIE_2013, GIRFT_CES, KROENKE_2001, NAROUZE_2018, NICE_NG59
from fbss.render import plain_text_report
from fbss.render.text import Detail, report_sections, section_title

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def cauda_equina(status: Status = Status.MET) -> Finding:
    return Finding(
        code="redflag.cauda_equina",
        kind=Kind.RED_FLAG,
        title="Suspected cauda equina syndrome",
        status=status,
        severity=Severity.EMERGENCY if status is Status.MET else None,
        because=(Because("red_flags.saddle_anaesthesia", True), Because("exam.post_void_residual_ml", 450)),
        action="Emergency MRI of the lumbosacral spine",
        timeframe="within 4 hours of the request",
        sources=(GIRFT_CES, NICE_NG59),
    )


def fracture_unknown() -> Finding:
    return Finding(
        code="redflag.fracture",
        kind=Kind.RED_FLAG,
        title="Possible vertebral fracture",
        status=Status.UNKNOWN,
        missing=(Missing("red_flags.osteoporosis", "osteoporosis raises the probability of fracture"),),
        sources=(DOWNIE_2013,),
    )


def phq9_score() -> Finding:
    return Finding(
        code="score.phq9",
        kind=Kind.SCORE,
        title="PHQ-9 depression severity",
        status=Status.MET,
        value=16,
        data={"band": "moderately_severe", "minimum": 0, "maximum": 27, "flags": ["item9_positive"]},
        sources=(KROENKE_2001,),
    )


def assessment_of(*findings: Finding, case_id: str | None = "case-1") -> Assessment:
    flags = [f for f in findings if f.kind is Kind.RED_FLAG]
    others = [f for f in findings if f.kind is not Kind.RED_FLAG]
    return Assessment("test", dt.date(2026, 11, 1), case_id, ordered(flags, others))


def test_a_met_red_flag_is_boxed_at_the_top_with_its_action_and_timeframe() -> None:
    text = plain_text_report(assessment_of(phq9_score(), cauda_equina()))
    assert "┏" in text.split("Suspected cauda equina syndrome")[0]  # inside the heavy box
    assert text.index("Suspected cauda equina syndrome") < text.index("PHQ-9 depression severity")
    assert "Action: Emergency MRI of the lumbosacral spine (within 4 hours of the request)" in text
    assert "Highest severity    EMERGENCY" in text


def test_a_report_without_red_flag_findings_warns_that_the_screen_did_not_run() -> None:
    text = plain_text_report(assessment_of(phq9_score()))
    assert "RED FLAGS NOT SCREENED" in text


def test_each_finding_shows_its_reasons_its_gaps_and_its_source_ids() -> None:
    text = plain_text_report(assessment_of(cauda_equina(), fracture_unknown()))
    assert "red_flags.saddle_anaesthesia = yes" in text
    assert "exam.post_void_residual_ml = 450" in text
    assert "red_flags.osteoporosis: osteoporosis raises the probability of fracture" in text
    assert "Sources: girft-ces-2023, nice-ng59" in text
    assert "UNKNOWN  Possible vertebral fracture" in text


def test_scores_show_their_band_range_and_flags() -> None:
    text = plain_text_report(assessment_of(cauda_equina(), phq9_score()))
    assert "PHQ-9 depression severity  = 16" in text
    assert "band: moderately_severe · range 0-27 · flags: [item9_positive]" in text


def test_the_sources_are_listed_in_full_at_the_end_secondary_ones_marked() -> None:
    text = plain_text_report(assessment_of(cauda_equina()))
    sources = text.split("Sources  ")[-1]
    assert "[nice-ng59] NICE NG59. Low back pain and sciatica" in sources
    assert "[girft-ces-2023]" in sources
    assert "secondary source: re-check against the primary" in sources


def test_a_new_kind_of_finding_appears_without_renderer_changes() -> None:
    data_quality = Finding(
        code="data_quality.undated_instrument",
        kind=Kind.DATA_QUALITY,
        title="An instrument response has no date",
        status=Status.MET,
        sources=(NICE_NG59,),
    )
    text = plain_text_report(assessment_of(cauda_equina(), data_quality))
    assert "Data quality" in text
    assert "An instrument response has no date" in text


def test_sections_follow_the_reading_order_with_the_plan_after_the_work_up() -> None:
    safety = Finding(
        code="safety.anticoagulant_hold",
        kind=Kind.SAFETY,
        title="Apixaban hold needs the prescriber's agreement",
        status=Status.MET,
        severity=Severity.URGENT,
        action="Agree the hold with the prescriber",
        sources=(NAROUZE_2018,),
    )
    workup = Finding(
        code="workup.mri_gadolinium", kind=Kind.WORKUP, title="MRI with gadolinium", status=Status.MET,
        sources=(NICE_NG59,),
    )  # fmt: skip
    assessment = assessment_of(cauda_equina(), safety, workup, phq9_score())
    kinds = [kind for kind, _ in report_sections(assessment)]
    assert kinds == [Kind.RED_FLAG, Kind.SCORE, Kind.WORKUP, Kind.SAFETY]
    text = plain_text_report(assessment)
    assert text.index("\nWork-up  1 met") < text.index("\nSafety checks  1 met")
    summary = text.split("\nDetail:")[0]
    assert "Act now" in summary  # an urgent safety check is named on the first screen too
    assert "Action: Agree the hold with the prescriber" in summary


def test_codes_name_their_terminology() -> None:
    criteria = Finding(
        code="criteria.fbss",
        kind=Kind.CRITERIA,
        title="FBSS criteria met",
        status=Status.MET,
        codes=(Coding("http://hl7.org/fhir/sid/icd-10-cm", "M96.1", "Postlaminectomy syndrome, NEC"),),
        sources=(NICE_NG59,),
    )
    assert "ICD-10-CM M96.1 Postlaminectomy syndrome, NEC" in plain_text_report(assessment_of(criteria))


def test_control_sequences_from_a_case_never_reach_the_terminal() -> None:
    text = plain_text_report(assessment_of(cauda_equina(), case_id="evil\x1b[2J\u202ename"))
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "evil[2Jname" in text


def test_unknown_kind_titles_are_made_readable() -> None:
    assert section_title(Kind.REFERRAL) == "Referral"
    assert section_title(Kind.SCS) == "Spinal cord stimulation pathway"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_every_finding_of_an_example_appears_in_its_report(path: Path) -> None:
    assessment = assess(read_case_file(path))
    text = plain_text_report(assessment, width=240)
    for finding in assessment.findings:
        assert finding.code in text


def fbss_criteria(status: Status) -> Finding:
    return Finding(
        code="criteria.fbss",
        kind=Kind.CRITERIA,
        title="FBSS criteria met",
        status=status,
        because=(Because("surgeries[0].instrumented", False),),
        codes=(Coding("http://hl7.org/fhir/sid/icd-10-cm", "M96.1", "Postlaminectomy syndrome, NEC"),),
        sources=(NICE_NG59,),
    )


def test_codes_are_printed_only_under_met_findings() -> None:
    for detail in Detail:
        for status in (Status.NOT_MET, Status.UNKNOWN, Status.NOT_APPLICABLE):
            text = plain_text_report(assessment_of(cauda_equina(), fbss_criteria(status)), detail=detail)
            assert "M96.1" not in text, (detail, status)
        assert "M96.1" in plain_text_report(assessment_of(fbss_criteria(Status.MET)), detail=detail)


def test_booleans_read_yes_or_no() -> None:
    text = plain_text_report(assessment_of(cauda_equina(), fbss_criteria(Status.MET)))
    assert "surgeries[0].instrumented = no" in text
    assert "red_flags.saddle_anaesthesia = yes" in text
    assert "True" not in text
    assert "False" not in text


def test_the_summary_comes_before_the_detail_and_the_red_flag_box_before_both() -> None:
    text = plain_text_report(assessment_of(phq9_score(), cauda_equina(), fracture_unknown()))
    box, summary, detail = text.index("┏"), text.index("Summary ─"), text.index("\nDetail:")
    assert box < summary < detail < text.index("\nRed flags  1 met")
    first_screen = text[summary:detail]
    assert "1 open (boxed above)" in first_screen
    assert re.search(r"UNKNOWN +Possible vertebral fracture", first_screen)
    assert "missing: red_flags.osteoporosis" in first_screen
    assert "PHQ-9 depression severity (16, moderately severe)" in first_screen


def test_not_met_findings_take_one_line_unless_the_detail_is_full() -> None:
    ruled_out = cauda_equina(Status.NOT_MET)
    brief = plain_text_report(assessment_of(ruled_out, fracture_unknown()))
    assert "no       Suspected cauda equina syndrome  redflag.cauda_equina\n" in brief
    assert "exam.post_void_residual_ml" not in brief  # its reasons are left to the full detail
    assert "red_flags.osteoporosis: osteoporosis raises" in brief  # undecided findings stay in full
    full = plain_text_report(assessment_of(ruled_out, fracture_unknown()), detail=Detail.FULL)
    assert "exam.post_void_residual_ml = 450" in full
    assert "Sources: girft-ces-2023, nice-ng59" in full


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_the_brief_report_of_an_example_is_shorter_and_still_names_every_finding(path: Path) -> None:
    assessment = assess(read_case_file(path))
    brief = plain_text_report(assessment, width=120)
    full = plain_text_report(assessment, width=120, detail=Detail.FULL)
    assert brief.count("\n") < full.count("\n")
    first_screen = brief.split("\nDetail:")[0]
    assert first_screen.count("\n") <= 100
    for finding in assessment.findings:
        assert finding.code in brief
