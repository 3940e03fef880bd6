"""Pain phenotype: NeuPSIG grade, mechanism (muscle / nerve / mixed) and back- vs leg-predominance."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fbss.clinical import instruments, phenotype
from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Status
from fbss.clinical.phenotype.mechanism import mechanism_from
from fbss.clinical.phenotype.neuropathic import SCREENS, grade_from, screen_reading
from fbss.clinical.phenotype.predominance import LEG_SHARE_ABOVE_PERCENT, compare

TODAY = "2025-06-01"
MICRODISCECTOMY_L4_L5 = {
    "type": "microdiscectomy",
    "date": "2023-01-10",
    "levels": ["L4-L5"],
    "instrumented": False,
}


def make_case(**parts: Any) -> Case:
    parts.setdefault("surgeries", [MICRODISCECTOMY_L4_L5])
    return Case.model_validate({"assessment_date": TODAY, **parts})


def leg(*dermatomes: str, side: str = "left", nrs: int | None = 7, **more: Any) -> dict[str, Any]:
    return {"region": "leg", "side": side, "dermatomes": list(dermatomes), "nrs_average": nrs, **more}


def back(nrs: int | None = 4, **more: Any) -> dict[str, Any]:
    return {"region": "back", "nrs_average": nrs, **more}


def exam(**parts: Any) -> dict[str, Any]:
    """An examination with every part done and nothing found, unless overridden."""
    return {
        "sensory": [],
        "motor": [],
        "reflexes": [],
        "straight_leg_raise": [],
        "trigger_points": [],
        **parts,
    }


def sensory(root: str | None = "L5", side: str = "left", kind: str = "reduced_pinprick") -> dict[str, Any]:
    return {"side": side, "kind": kind, "root": root}


def imaging(*findings: dict[str, Any], kind: str = "mri", date: str = "2025-05-01") -> dict[str, Any]:
    return {"kind": kind, "date": date, "findings": list(findings)}


def active_trigger_point(*referred: str, familiar: bool | None = True) -> dict[str, Any]:
    return {
        "muscle": "gluteus medius",
        "side": "left",
        "taut_band": True,
        "hypersensitive_spot": True,
        "referred_pain": True,
        "reproduces_familiar_pain": familiar,
        "referred_sensations": list(referred),
    }


def dn4_answers(yes: int) -> dict[str, int]:
    return {str(item): int(item <= yes) for item in range(1, 11)}


def findings_of(case: Case) -> dict[str, Finding]:
    return {finding.code: finding for finding in phenotype.classify(case)}


def grade(case: Case) -> Finding:
    return findings_of(case)["phenotype.neuropathic_grade"]


def mechanism(case: Case) -> Finding:
    return findings_of(case)["phenotype.mechanism"]


def missing_paths(finding: Finding) -> set[str]:
    return {gap.path for gap in finding.missing}


# --- published numbers ---------------------------------------------------------------------------------------


def test_screening_cut_offs_are_the_published_ones_with_their_sources() -> None:
    def cut(name: str) -> tuple[float, ...]:
        return tuple(band.upper for band in instruments.INSTRUMENTS[name].bands)

    def doi(name: str) -> str | None:
        source = instruments.INSTRUMENTS[name].band_source
        return source.doi if source else None

    assert SCREENS == ("dn4", "dn4_interview", "slanss", "paindetect")
    assert (cut("dn4")[0], doi("dn4")) == (3, "10.1186/1477-7525-5-66")  # >= 4/10 positive
    assert (cut("dn4_interview")[0], doi("dn4_interview")) == (2, "10.1111/j.1533-2500.2010.00399.x")
    assert cut("slanss")[0] == 11  # >= 12/24 positive
    assert cut("paindetect")[:2] == (12, 18)  # <= 12 unlikely, 13-18 uncertain, >= 19 likely
    assert doi("paindetect") == "10.1185/030079906X132488"


@pytest.mark.parametrize(
    ("instrument", "total", "reading"),
    [
        ("dn4", 3, "negative"),
        ("dn4", 4, "positive"),
        ("dn4_interview", 2, "negative"),
        ("dn4_interview", 3, "positive"),
        ("slanss", 11, "negative"),
        ("slanss", 12, "positive"),
        ("paindetect", 12, "negative"),
        ("paindetect", 13, "uncertain"),
        ("paindetect", 18, "uncertain"),
        ("paindetect", 19, "positive"),
    ],
)
def test_screen_totals_read_at_the_published_boundaries(instrument: str, total: int, reading: str) -> None:
    band = instruments.base.band_of(total, instruments.INSTRUMENTS[instrument].bands)
    assert screen_reading(band) == reading


def test_the_grade_cites_the_band_source_each_screening_instrument_carries() -> None:
    answers = {str(i): 1 for i in range(1, 8)}
    found = grade(make_case(pain=[leg("L5")], instruments=[{"instrument": "slanss", "answers": answers}]))
    assert instruments.INSTRUMENTS["slanss"].band_source in found.sources


def test_leg_predominance_uses_the_process_definition_of_more_than_half_the_total() -> None:
    assert LEG_SHARE_ABOVE_PERCENT == 50
    assert compare(back_nrs=5, leg_nrs=6) == "leg"
    assert compare(back_nrs=5, leg_nrs=5) == "balanced"
    assert compare(back_nrs=6, leg_nrs=5) == "back"
    assert compare(back_nrs=0, leg_nrs=0) == "balanced"


# --- NeuPSIG grade -------------------------------------------------------------------------------------------


def test_leg_pain_in_a_dermatome_of_the_operated_level_is_possible_neuropathic_pain() -> None:
    found = grade(make_case(pain=[leg("L5")]))
    assert (found.value, found.status) == ("possible", Status.MET)
    assert {"exam.sensory", "tests"} <= missing_paths(found)


def test_sensory_loss_in_that_dermatome_makes_it_probable() -> None:
    found = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5")])))
    assert found.value == "probable"
    assert found.data["sensory_signs"] is True


def test_allodynia_alone_counts_as_the_sensory_sign() -> None:
    found = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5", kind="allodynia")])))
    assert found.value == "probable"


def test_signs_and_imaging_of_that_root_make_it_definite_without_claiming_cause() -> None:
    herniation = {"type": "disc_herniation", "level": "L4-L5", "root": "L5", "side": "left"}
    found = grade(
        make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5")]), tests=[imaging(herniation)])
    )
    assert found.value == "definite"
    assert found.detail is not None
    assert "causes" in found.detail
    assert [c.code for c in found.codes] == ["247398009"]


def test_a_confirmed_lesion_without_demonstrable_signs_stays_probable() -> None:
    emg = {
        "kind": "emg_ncs",
        "date": "2025-05-01",
        "findings": [{"type": "radiculopathy_active", "root": "L5"}],
    }
    found = grade(make_case(pain=[leg("L5")], exam=exam(), tests=[emg]))
    assert found.value == "probable"
    assert (found.data["sensory_signs"], found.data["confirmatory_test"]) == (False, True)


def test_imaging_from_before_the_last_operation_does_not_confirm_the_lesion() -> None:
    old = imaging({"type": "disc_herniation", "level": "L4-L5", "root": "L5"}, date="2022-11-01")
    found = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5")]), tests=[old]))
    assert found.value == "probable"


def test_an_undated_test_does_not_confirm_and_its_date_is_asked_for() -> None:
    # It may be the pre-operative scan of the lesion that was operated on (docs/phenotype.md; NeuPSIG 2016).
    undated = imaging({"type": "disc_herniation", "level": "L4-L5", "root": "L5"})
    del undated["date"]
    found = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5")]), tests=[undated]))
    assert found.value == "probable"
    assert found.data["confirmatory_test"] is None
    assert "tests[0].date" in missing_paths(found)
    dated = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5")]), tests=[imaging()]))
    assert "tests[0].date" not in missing_paths(dated)  # nothing to confirm: no need for its date


def test_enhancing_scar_is_not_a_confirmatory_test_even_at_the_named_root() -> None:
    scar_at_root = imaging(
        {"type": "epidural_fibrosis", "level": "L4-L5", "root": "L5", "enhancement": "homogeneous"},
        kind="mri_gadolinium",
    )
    enhancing_mass = imaging(
        {"type": "disc_herniation", "level": "L4-L5", "root": "L5", "enhancement": "homogeneous"},
        kind="mri_gadolinium",
    )
    signs = exam(sensory=[sensory("L5")])
    for scan in (scar_at_root, enhancing_mass):
        found = grade(make_case(pain=[leg("L5")], exam=signs, tests=[scan]))
        assert found.value == "probable"
        assert found.data["confirmatory_test"] is False
        assert "cosnard-1995" in {source.id for source in found.sources}
    no_signs = grade(make_case(pain=[leg("L5")], tests=[scar_at_root]))
    assert no_signs.value == "possible"


def test_arachnoiditis_at_the_named_root_confirms_the_lesion() -> None:
    clumped = imaging({"type": "arachnoiditis", "level": "L4-L5", "root": "L5"})
    found = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5")]), tests=[clumped]))
    assert found.value == "definite"


@pytest.mark.parametrize(
    ("sensory_exam", "tests", "path", "says"),
    [
        (None, [], "exam.sensory", "'probable'"),  # no exam, no test: signs would make it probable
        (None, "emg", "exam.sensory", "'definite'"),  # a test already confirms: signs would make it definite
        ([], None, "tests", "'probable' at most"),  # examined, no signs: a test alone gives probable at most
        ("signs", None, "tests", "(grade 'definite')"),  # signs: a test would make it definite
        (None, None, "tests", "'definite' with sensory signs"),
    ],
)
def test_what_is_missing_names_the_grade_it_would_give_with_what_is_known(
    sensory_exam: Any, tests: Any, path: str, says: str
) -> None:
    emg = {
        "kind": "emg_ncs",
        "date": "2025-05-01",
        "findings": [{"type": "radiculopathy_active", "root": "L5"}],
    }
    parts: dict[str, Any] = {"pain": [leg("L5")]}
    if sensory_exam is not None:
        parts["exam"] = exam(sensory=[sensory("L5")] if sensory_exam == "signs" else [])
    if tests == "emg":
        parts["tests"] = [emg]
    elif tests == []:
        parts["tests"] = [imaging()]
    found = grade(make_case(**parts))
    reasons = [gap.reason for gap in found.missing if gap.path == path]
    assert reasons, found.missing
    assert says in reasons[0], (found.value, reasons)
    current = found.value
    assert f"grade to '{current}'" not in reasons[0]


def test_a_finding_marked_not_concordant_does_not_confirm() -> None:
    herniation = {"type": "disc_herniation", "level": "L4-L5", "root": "L5", "concordant": False}
    found = grade(
        make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5")]), tests=[imaging(herniation)])
    )
    assert found.value == "probable"


def test_signs_in_another_dermatome_or_on_the_other_side_do_not_count() -> None:
    other_root = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("S1")])))
    other_side = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5", side="right")])))
    assert (other_root.value, other_side.value) == ("possible", "possible")


def test_a_sensory_sign_without_its_dermatome_leaves_the_grade_open_and_says_so() -> None:
    found = grade(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory(None)])))
    assert found.value == "possible"
    assert "exam.sensory[0].root" in missing_paths(found)


def test_leg_pain_outside_the_operated_roots_is_unlikely_neuropathic_pain() -> None:
    found = grade(make_case(pain=[leg("L2")]))
    assert (found.value, found.status) == ("unlikely", Status.NOT_MET)


def test_back_pain_alone_is_unlikely_neuropathic_pain() -> None:
    assert grade(make_case(pain=[back()])).value == "unlikely"


@pytest.mark.parametrize(
    ("parts", "path"),
    [
        ({"pain": [leg()]}, "pain[0].dermatomes"),
        ({"pain": []}, "pain"),
        ({"pain": [leg("L5")], "surgeries": []}, "surgeries"),
        (
            {"pain": [leg("L5")], "surgeries": [{"type": "laminectomy", "date": "2023-01-10"}]},
            "surgeries[0].levels",
        ),
    ],
)
def test_grade_is_unknown_when_the_record_cannot_place_lesion_or_pain(
    parts: dict[str, Any], path: str
) -> None:
    found = grade(make_case(**parts))
    assert (found.value, found.status) == ("unknown", Status.UNKNOWN)
    assert path in missing_paths(found)


def test_pain_rated_0_everywhere_is_no_pain_and_nothing_is_graded() -> None:
    # Neuropathic pain is pain first (NeuPSIG 2016); an NRS of 0 everywhere is no pain, as in criteria.fbss.
    resolved = make_case(
        pain=[back(0, nrs_now=0), leg("L5", nrs=0, nrs_worst=0)],
        exam=exam(sensory=[sensory("L5")]),
    )
    found = findings_of(resolved)
    for code, value in [
        ("phenotype.neuropathic_grade", "unknown"),
        ("phenotype.mechanism", "undetermined"),
        ("phenotype.predominance", "unknown"),
    ]:
        assert (found[code].value, found[code].status) == (value, Status.UNKNOWN), code
        assert [gap.reason for gap in found[code].missing if gap.path == "pain"], code
        assert all(gap.path == "pain" for gap in found[code].missing), code


def test_a_leg_rated_0_is_not_leg_pain_beside_back_pain() -> None:
    found = findings_of(make_case(pain=[back(5), leg("L5", nrs=0)], exam=exam(sensory=[sensory("L5")])))
    assert found["phenotype.neuropathic_grade"].value == "unlikely"
    assert found["phenotype.predominance"].value == "back"


def test_strongly_positive_screens_alone_do_not_raise_the_grade() -> None:
    screens = [
        {"instrument": "dn4", "date": "2025-05-01", "answers": dn4_answers(10)},
        {"instrument": "slanss", "date": "2025-05-01", "answers": {str(i): 1 for i in range(1, 8)}},
    ]
    found = grade(make_case(pain=[leg("L5")], instruments=screens))
    assert found.value == "possible"
    assert found.data["screens"] == {
        "dn4": {"total": 10, "reading": "positive"},
        "slanss": {"total": 24, "reading": "positive"},
    }
    assert found.data["screens_grade"] is False


def test_screens_are_read_from_the_latest_response_scored_by_the_instrument() -> None:
    responses = [
        {"instrument": "dn4", "date": "2024-01-01", "answers": dn4_answers(7)},
        {"instrument": "dn4", "date": "2025-05-01", "answers": dn4_answers(3)},
    ]
    case = make_case(pain=[leg("L5")], instruments=responses)
    assert instruments.latest(case, "dn4") is not None
    found = grade(case)
    assert found.data["screens"]["dn4"] == {"total": 3, "reading": "negative"}
    assert any(b.path == "instruments[1]" for b in found.because)


def test_painDETECT_in_the_uncertain_band_is_reported_as_uncertain() -> None:
    answers = {**{str(i): 2 for i in range(1, 8)}, "course": 1, "radiating": 0}
    assert instruments.score("paindetect", answers).total == 14
    found = grade(make_case(pain=[leg("L5")], instruments=[{"instrument": "paindetect", "answers": answers}]))
    assert found.data["screens"]["paindetect"]["reading"] == "uncertain"


# --- mechanism -------------------------------------------------------------------------------------------


def test_probable_nerve_pain_with_an_active_trigger_point_is_mixed() -> None:
    case = make_case(
        pain=[back(), leg("L5")], exam=exam(sensory=[sensory("L5")], trigger_points=[active_trigger_point()])
    )
    found = mechanism(case)
    assert (found.value, found.status) == ("mixed", Status.MET)
    assert found.data["neuropathic_component"] == found.data["myofascial_component"] == "established"


def test_probable_nerve_pain_without_trigger_points_is_nerve() -> None:
    assert mechanism(make_case(pain=[leg("L5")], exam=exam(sensory=[sensory("L5")]))).value == "nerve"


def test_nerve_words_with_an_active_trigger_point_and_no_neurological_sign_are_muscle() -> None:
    words = ["burning", "tingling"]
    case = make_case(
        pain=[leg("L5", descriptors=words)], exam=exam(trigger_points=[active_trigger_point(*words)])
    )
    found = mechanism(case)
    assert found.value == "muscle"
    assert found.data["no_neurological_signs"] is True
    assert found.data["nerve_words_explained_by_trigger_points"] is True
    assert grade(case).value == "possible"


def test_the_same_picture_without_a_neurological_exam_stays_undetermined() -> None:
    words = ["burning", "tingling"]
    case = make_case(
        pain=[leg("L5", descriptors=words)],
        exam={"trigger_points": [active_trigger_point(*words)]},
    )
    found = mechanism(case)
    assert (found.value, found.status) == ("undetermined", Status.UNKNOWN)
    assert "exam.sensory" in missing_paths(found)


def test_a_positive_screen_beside_a_muscle_call_is_flagged_as_discordant() -> None:
    case = make_case(
        pain=[leg("L5", descriptors=["burning"])],
        exam=exam(trigger_points=[active_trigger_point("burning")]),
        instruments=[{"instrument": "dn4", "answers": dn4_answers(5)}],
    )
    found = mechanism(case)
    assert found.value == "muscle"
    assert found.data["screen_discordant"] is True
    assert found.detail is not None


def test_a_trigger_point_the_patient_does_not_recognise_is_only_suggestive() -> None:
    case = make_case(pain=[leg("L5")], exam=exam(trigger_points=[active_trigger_point(familiar=False)]))
    found = mechanism(case)
    assert found.data["myofascial_component"] == "suggested"
    assert found.value == "undetermined"


def test_a_trigger_point_missing_a_delphi_criterion_does_not_count() -> None:
    point = {**active_trigger_point(), "referred_pain": False}
    found = mechanism(make_case(pain=[back()], exam=exam(trigger_points=[point])))
    assert found.data["myofascial_component"] == "absent"


def test_back_pain_with_muscle_words_and_no_possible_nerve_pain_is_muscle() -> None:
    found = mechanism(make_case(pain=[back(descriptors=["dull_aching", "cramping"])]))
    assert found.value == "muscle"
    assert found.data["neuropathic_component"] == "absent"


def test_mechanism_is_undetermined_when_nothing_decides_it_and_names_what_would() -> None:
    found = mechanism(make_case(pain=[leg("L5")]))
    assert found.value == "undetermined"
    assert {"exam.sensory", "exam.trigger_points"} <= missing_paths(found)


@pytest.mark.parametrize(
    ("nerve", "muscle", "quiet", "expected"),
    [
        ("established", "established", False, "mixed"),
        ("established", "suggested", None, "nerve"),
        ("established", "absent", True, "nerve"),
        ("suggested", "established", True, "muscle"),
        ("suggested", "established", False, "undetermined"),
        ("suggested", "established", None, "undetermined"),
        ("absent", "established", None, "muscle"),
        ("absent", "suggested", None, "muscle"),
        ("absent", "absent", True, "undetermined"),
        ("unknown", "unknown", None, "undetermined"),
    ],
)
def test_mechanism_rule_table(nerve: str, muscle: str, quiet: bool | None, expected: str) -> None:
    assert mechanism_from(nerve, muscle, quiet) == expected


def test_grade_rule_table() -> None:
    assert [
        grade_from(s, t) for s, t in [(True, True), (True, None), (None, True), (False, False), (None, None)]
    ] == [
        "definite",
        "probable",
        "probable",
        "possible",
        "possible",
    ]


# --- predominance ----------------------------------------------------------------------------------------


def predominance(case: Case) -> Finding:
    return findings_of(case)["phenotype.predominance"]


def test_leg_pain_above_back_pain_is_leg_predominant_with_its_share() -> None:
    found = predominance(make_case(pain=[back(4), leg("L5", nrs=7)]))
    assert (found.value, found.status) == ("leg", Status.MET)
    assert found.data == {"back_nrs": 4, "leg_nrs": 7, "leg_share_percent": 63.6, "difference": 3}


def test_back_pain_above_leg_pain_is_back_predominant() -> None:
    assert predominance(make_case(pain=[back(7), leg("L5", nrs=3)])).value == "back"


def test_equal_ratings_are_balanced() -> None:
    assert predominance(make_case(pain=[back(5), leg("L5", nrs=5)])).value == "balanced"


def test_ratings_are_compared_on_the_same_measure() -> None:
    back_pain = back(nrs=6, nrs_worst=8)
    leg_pain = leg("L5", nrs=None, nrs_worst=9)
    found = predominance(make_case(pain=[back_pain, leg_pain]))
    assert (found.value, found.data["back_nrs"], found.data["leg_nrs"]) == ("leg", 8, 9)
    assert any(b.path == "pain[1].nrs_worst" for b in found.because)


def test_the_worse_of_two_legs_counts() -> None:
    found = predominance(make_case(pain=[back(5), leg("L5", nrs=3), leg("S1", side="right", nrs=6)]))
    assert (found.value, found.data["leg_nrs"]) == ("leg", 6)


def test_no_common_measure_leaves_predominance_unknown() -> None:
    found = predominance(make_case(pain=[back(nrs=None, nrs_now=5), leg("L5", nrs=None, nrs_worst=7)]))
    assert (found.value, found.status) == ("unknown", Status.UNKNOWN)
    assert "pain[0].nrs_average" in missing_paths(found)


def test_only_one_painful_region_predominates() -> None:
    assert predominance(make_case(pain=[back(6)])).value == "back"
    assert predominance(make_case(pain=[])).value == "unknown"


# --- contract ------------------------------------------------------------------------------------------------

CONTRACT = {
    "phenotype.neuropathic_grade": {"unlikely", "possible", "probable", "definite", "unknown"},
    "phenotype.mechanism": {"muscle", "nerve", "mixed", "undetermined"},
    "phenotype.predominance": {"back", "leg", "balanced", "unknown"},
}
pain_reports = st.lists(
    st.fixed_dictionaries(
        {
            "region": st.sampled_from(["back", "leg", "other"]),
            "dermatomes": st.lists(st.sampled_from(["L3", "L4", "L5", "S1"]), max_size=2),
            "nrs_average": st.none() | st.integers(0, 10),
            "descriptors": st.none()
            | st.lists(st.sampled_from(["burning", "tingling", "dull_aching"]), max_size=2),
        }
    ),
    max_size=3,
)
exams = st.none() | st.fixed_dictionaries(
    {
        "sensory": st.none()
        | st.lists(st.builds(sensory, st.sampled_from(["L4", "L5", "S1", None])), max_size=2),
        "trigger_points": st.none()
        | st.lists(st.builds(active_trigger_point, familiar=st.none() | st.booleans()), max_size=1),
    }
)


@settings(max_examples=60, deadline=None)
@given(pain=pain_reports, examination=exams)
def test_the_three_findings_always_come_with_contract_values_and_sources(
    pain: list[dict[str, Any]], examination: dict[str, Any] | None
) -> None:
    found = phenotype.classify(make_case(pain=pain, exam=examination))
    assert [f.code for f in found] == list(CONTRACT)
    for finding in found:
        assert finding.value in CONTRACT[finding.code]
        assert finding.sources
        assert (finding.status is Status.UNKNOWN) == (finding.value in ("unknown", "undetermined"))
        finding.to_dict()
