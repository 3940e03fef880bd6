"""Raised likelihood of spinal fracture (Downie 2013)."""

from __future__ import annotations

from typing import Any

from fbss.clinical import drugs
from fbss.clinical.case import Case, MedicationStatus, Route, Sex, TestFindingType, TestKind
from fbss.clinical.finding import Because, Finding, Missing, Severity, Status
from fbss.clinical.redflags.common import (
    FRACTURE,
    Answer,
    latest_clear_imaging,
    positive,
    red_flag,
    resulted_findings,
    screen_answers,
)
from fbss.clinical.sources import DOWNIE_2013, FINUCANE_2020, NICE_NG59

# Downie 2013 (BMJ 2013;347:f7095): "older age" as a fracture red flag, > 65 in men and > 75 in women.
OLDER_MEN_OVER_YEARS = 65
OLDER_WOMEN_OVER_YEARS = 75
# Downie 2013 post-test probabilities of fracture (%), each red flag alone, and with several present.
POST_TEST_PROBABILITY_PERCENT = {
    "older age": 9,
    "prolonged corticosteroid use": 33,
    "severe trauma": 11,
    "contusion or abrasion": 62,
    "several red flags": 90,
}

TITLE = "Raised likelihood of spinal fracture"
SOURCES = (DOWNIE_2013, FINUCANE_2020, NICE_NG59)
ACTION = "Imaging (X-ray, CT or MRI by the local pathway) and referral as NICE guidance directs."
ANSWERS = {
    "prolonged_corticosteroid_use": "prolonged corticosteroid use",
    "recent_significant_trauma": "severe trauma",
    "contusion_or_abrasion": "contusion or abrasion",
}
# Events point to a new injury; imaging taken before them cannot clear them.
EVENTS = frozenset({"red_flags.recent_significant_trauma", "red_flags.contusion_or_abrasion"})
AGE_PATH = "age_years"
IMAGING = frozenset(
    {TestKind.XRAY, TestKind.XRAY_WHOLE_SPINE, TestKind.CT, TestKind.MRI, TestKind.MRI_GADOLINIUM}
)


def fracture_finding(case: Case) -> Finding:
    """Fracture is flagged by prolonged corticosteroids, severe trauma, contusion or abrasion (alone or with
    older age), or a fracture on imaging. Older age alone is noted but does not raise the flag: its post-test
    probability is low (9%, Downie 2013) and single flags have poor accuracy (IFOMPT 2020)."""
    answers = screen_answers(case, ANSWERS)
    age, age_missing = older_age(case)
    strong = positive(answers)
    flags = [*strong, *((age,) if age.value and strong else ())]
    imaging = tuple(hit.because for hit in resulted_findings(case, (TestFindingType.FRACTURE,)))
    because = (
        *imaging,
        *(answer.because for answer in answers if answer.value is not None),
        *_age_inputs(case),
        *_osteoporosis(case),
    )
    data: dict[str, Any] = {
        "red_flags": [flag.label for flag in flags],
        "older_age": age.value,
        "older_age_over_years": {"male": OLDER_MEN_OVER_YEARS, "female": OLDER_WOMEN_OVER_YEARS},
        "post_test_probability_percent": POST_TEST_PROBABILITY_PERCENT,
    }
    if imaging:
        return _met(because, data, "Imaging shows a fracture.")
    if flags:
        clear = latest_clear_imaging(case, TestFindingType.FRACTURE, IMAGING)
        if clear is not None and not any(flag.path in EVENTS for flag in flags):
            return red_flag(
                FRACTURE,
                TITLE,
                Status.NOT_MET,
                SOURCES,
                because=(*because, clear.because),
                detail=f"{_listed(flags)} present, but imaging on {clear.date.isoformat()} after the index "
                "surgery showed no fracture. Re-image after new trauma or a new change in pain.",
                data=data,
            )
        return _met(because, data, _met_detail(flags))
    asked = _ask_answers(case, answers)
    # Age alone decides nothing, so an undecided age matters only once another flag is present.
    missing = (*asked, *((age_missing,) if age_missing and asked else ()))
    if missing:
        return red_flag(
            FRACTURE,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            because=because,
            missing=missing,
            detail="No fracture red flag recorded, but not every one was asked." + _age_note(age),
            data=data,
        )
    return red_flag(
        FRACTURE,
        TITLE,
        Status.NOT_MET,
        SOURCES,
        because=because,
        detail=(
            "None of the fracture red flags of Downie 2013 (prolonged corticosteroids, severe trauma, contusion "
            "or abrasion) is present." + _age_note(age)
        ),
        data=data,
    )


def _age_note(age: Answer) -> str:
    if not age.value:
        return ""
    return (
        f" Older age is present, but alone it raises the probability of fracture only modestly "
        f"({POST_TEST_PROBABILITY_PERCENT['older age']}%, Downie 2013) and single red flags have poor accuracy "
        "(IFOMPT 2020): it counts with another flag, not alone. Re-screen after a fall or new trauma."
    )


def older_age(case: Case) -> tuple[Answer, Missing | None]:
    """Older than 65 (men) or 75 (women); undecided between the two when sex is not male or female."""
    age = case.age_years
    if age is None:
        return _age(None), Missing("age_years", "Older age (> 65 men, > 75 women) is a fracture red flag")
    if age > OLDER_WOMEN_OVER_YEARS:
        return _age(True), None
    if age <= OLDER_MEN_OVER_YEARS:
        return _age(False), None
    if case.sex in (Sex.MALE, Sex.FEMALE):
        return _age(case.sex is Sex.MALE), None
    return _age(None), Missing(
        "sex",
        f"At {age} years the published thresholds differ by sex (> {OLDER_MEN_OVER_YEARS} men, "
        f"> {OLDER_WOMEN_OVER_YEARS} women)",
    )


def _age(value: bool | None) -> Answer:
    return Answer(AGE_PATH, value, "older age")


def _age_inputs(case: Case) -> tuple[Because, ...]:
    inputs = []
    if case.age_years is not None:
        inputs.append(Because("age_years", case.age_years))
    if case.sex is not None:
        inputs.append(Because("sex", case.sex.value))
    return tuple(inputs)


def _osteoporosis(case: Case) -> tuple[Because, ...]:
    if case.red_flags.osteoporosis is None:
        return ()
    return (
        Because(
            "red_flags.osteoporosis",
            case.red_flags.osteoporosis,
            "context only: not one of the Downie 2013 red flags",
        ),
    )


def _ask_answers(case: Case, answers: tuple[Answer, ...]) -> tuple[Missing, ...]:
    missing = []
    for answer in answers:
        if answer.value is not None:
            continue
        reason = f"{answer.label}: not asked. A fracture red flag (Downie 2013)"
        steroids = _systemic_corticosteroids(case)
        if answer.path == "red_flags.prolonged_corticosteroid_use" and steroids:
            reason += f"; a corticosteroid is listed ({', '.join(steroids)}): for how long has it been taken?"
        missing.append(Missing(answer.path, reason))
    return tuple(missing)


def _systemic_corticosteroids(case: Case) -> list[str]:
    return [
        medication.name
        for medication in case.medications
        if medication.status is MedicationStatus.ACTIVE
        and medication.route not in (Route.TOPICAL, Route.TRANSDERMAL)
        and drugs.DrugClass.CORTICOSTEROID in drugs.classes_of(medication.name, medication.rxnorm)
    ]


def _met(because: tuple[Because, ...], data: dict[str, Any], detail: str) -> Finding:
    return red_flag(
        FRACTURE,
        TITLE,
        Status.MET,
        SOURCES,
        severity=Severity.URGENT,
        because=because,
        detail=detail,
        action=ACTION,
        timeframe="Urgent",
        data=data,
    )


def _met_detail(flags: list[Answer]) -> str:
    detail = f"{_listed(flags)} present."
    if len(flags) > 1:
        detail += " Several fracture red flags together raise the probability most (90% in Downie 2013)."
    return detail


def _listed(flags: list[Answer]) -> str:
    labels = [flag.label for flag in flags]
    text = ", ".join(labels)
    return text[0].upper() + text[1:]
