"""The text report: red flags first and unmissable, every finding with its reasons, gaps and sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fbss.caseio import read_case_file
from fbss.clinical.assess import assess
from fbss.clinical.assessment import Assessment, ordered
from fbss.clinical.finding import Because, Coding, Finding, Kind, Missing, Severity, Status
from fbss.clinical.sources import DOWNIE_2013, GIRFT_CES, KROENKE_2001, NAROUZE_2018, NICE_NG59
from fbss.render import plain_text_report
from fbss.render.text import report_sections, section_title

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
    assert "red_flags.saddle_anaesthesia = true" in text
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
    assert "Also act on" in text  # an urgent safety check is named in the header too


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
