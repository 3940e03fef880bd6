"""Raised likelihood of spinal malignancy (Downie 2013: a history of cancer is the only useful single flag)."""

from __future__ import annotations

from typing import Any

from fbss.clinical.case import Case, TestFindingType, TestKind
from fbss.clinical.dates import days_between
from fbss.clinical.finding import Because, Finding, Missing, Severity, Status
from fbss.clinical.policy import DEFAULT_POLICY, Policy
from fbss.clinical.redflags.common import (
    MALIGNANCY,
    Answer,
    ClearImaging,
    ask,
    latest_clear_imaging,
    positive,
    red_flag,
    resulted_findings,
    screen_answers,
    unanswered,
)
from fbss.clinical.sources import DOWNIE_2013, FINUCANE_2020, NICE_NG59

# Downie 2013: post-test probability of spinal malignancy with a history of cancer, by setting (%).
HISTORY_OF_CANCER_POST_TEST_PERCENT = {"primary care": 7, "emergency department": 33}
# Downie 2013 / fact sheet §4: age > 50 is a weak red flag alone.
WEAK_FLAG_AGE_OVER_YEARS = 50

TITLE = "Raised likelihood of spinal malignancy"
SOURCES = (DOWNIE_2013, FINUCANE_2020, NICE_NG59)
ACTION = "Urgent MRI of the spine; follow the local metastatic spinal cord compression pathway."
WEAK = {
    "unexplained_weight_loss": "unexplained weight loss",
    "non_mechanical_night_pain": "non-mechanical night pain",
}
IMAGING = frozenset({TestKind.CT, TestKind.MRI, TestKind.MRI_GADOLINIUM})


def malignancy_finding(case: Case, policy: Policy = DEFAULT_POLICY) -> Finding:
    """Flagged by a history of cancer or a suspicious lesion on imaging; weak features alone (weight loss,
    night pain) leave it undecided until explained or imaged. Imaging closes the flag only when it can have
    been taken after the features began: for weight loss or night pain, within the policy window."""
    history = screen_answers(case, {"history_of_cancer": "history of cancer"})[0]
    weak = screen_answers(case, WEAK)
    lesions = tuple(hit.because for hit in resulted_findings(case, (TestFindingType.SUSPICIOUS_LESION,)))
    clear = latest_clear_imaging(case, TestFindingType.SUSPICIOUS_LESION, IMAGING)
    window = policy.malignancy_imaging_max_age_days
    recent = clear if clear is not None and days_between(clear.date, case.assessment_date) <= window else None
    present = positive(weak)
    because = (
        *lesions,
        *((history.because,) if history.value is not None else ()),
        *(answer.because for answer in weak if answer.value is not None),
        *_age(case),
    )
    data: dict[str, Any] = {
        "weak_features": [answer.label for answer in present],
        "history_of_cancer_post_test_percent": HISTORY_OF_CANCER_POST_TEST_PERCENT,
        "imaging_max_age_days": window,
    }
    if lesions:
        return _met(because, data, "Imaging shows a lesion suspicious of malignancy.")
    if history.value is True and present:
        if recent is not None:
            return _cleared(because, recent, data, f"A history of cancer with {_listed(present)}")
        return _met(
            (*because, *_too_old(clear, window)),
            data,
            f"A history of cancer with {_listed(present)}: the one useful single flag (post-test probability "
            "about 7% in primary care, 33% in the emergency department; Downie 2013) with features that may be "
            f"new. {_imaging_note(clear, window)}",
            reimage=clear is not None,
        )
    if history.value is True:
        if clear is not None:
            return _cleared(because, clear, data, "A history of cancer")
        return _met(
            because,
            data,
            "A history of cancer is the one red flag that usefully raises the probability of spinal malignancy "
            "(post-test probability about 7% in primary care, 33% in the emergency department; Downie 2013).",
        )
    if present:
        if recent is not None:
            return _cleared(because, recent, data, _sentence(present))
        return red_flag(
            MALIGNANCY,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            because=(*because, *_too_old(clear, window)),
            missing=(*_ask_history(history), *_explain(present, window)),
            detail=f"{_sentence(present)} present: each is a weak flag alone (Downie 2013), but malignancy is "
            "not excluded until it is explained or the spine is imaged."
            + (f" {_imaging_note(clear, window)}" if clear is not None else ""),
            data=data,
        )
    if history.value is None:
        return red_flag(
            MALIGNANCY,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            because=because,
            missing=(*_ask_history(history), *ask(unanswered(weak), "A weak flag alone (Downie 2013)")),
            detail="A history of cancer, the one useful single flag, was not asked about.",
            data=data,
        )
    return red_flag(
        MALIGNANCY,
        TITLE,
        Status.NOT_MET,
        SOURCES,
        because=because,
        missing=ask(unanswered(weak), "A weak flag alone, but it sharpens the screen (Downie 2013)"),
        detail="No history of cancer and no suspicious lesion on imaging.",
        data=data,
    )


def _too_old(clear: ClearImaging | None, window: int) -> tuple[Because, ...]:
    if clear is None:
        return ()
    return (
        Because(
            clear.path,
            clear.kind.value,
            f"resulted {clear.date.isoformat()}, no suspicious lesion, but older than {window} days: it may "
            "predate the present features",
        ),
    )


def _imaging_note(clear: ClearImaging | None, window: int) -> str:
    if clear is None:
        return "No imaging of the spine since the index surgery."
    return (
        f"The last clear imaging ({clear.kind.value}, {clear.date.isoformat()}) is older than {window} days "
        "(local policy) and may predate these features: it cannot exclude a new metastasis. Re-image now."
    )


def _age(case: Case) -> tuple[Because, ...]:
    age = case.age_years
    if age is None or age <= WEAK_FLAG_AGE_OVER_YEARS:
        return ()
    return (
        Because("age_years", age, f"over {WEAK_FLAG_AGE_OVER_YEARS}: a weak flag alone, not used to decide"),
    )


def _ask_history(history: Answer) -> tuple[Missing, ...]:
    return ask((history,) if history.value is None else (), "The one useful single flag (Downie 2013)")


def _explain(weak: tuple[Answer, ...], window: int) -> tuple[Missing, ...]:
    return tuple(
        Missing(
            answer.path,
            f"{answer.label}: explain it, or image the spine (MRI or CT, within {window} days) to exclude "
            "malignancy",
        )
        for answer in weak
    )


def _met(
    because: tuple[Because, ...], data: dict[str, Any], detail: str, *, reimage: bool = False
) -> Finding:
    return red_flag(
        MALIGNANCY,
        TITLE,
        Status.MET,
        SOURCES,
        severity=Severity.URGENT,
        because=because,
        detail=detail,
        action=("Re-image now: the last imaging may predate the present features. " if reimage else "")
        + ACTION,
        timeframe="Urgent (the sources give no hour target)",
        data=data,
    )


def _cleared(because: tuple[Because, ...], clear: ClearImaging, data: dict[str, Any], what: str) -> Finding:
    return red_flag(
        MALIGNANCY,
        TITLE,
        Status.NOT_MET,
        SOURCES,
        because=(*because, clear.because),
        detail=f"{what}, but {clear.kind.value} on {clear.date.isoformat()} after the index surgery showed no "
        "suspicious lesion. Re-image if the symptoms change.",
        data=data,
    )


def _listed(answers: tuple[Answer, ...]) -> str:
    return " and ".join(answer.label for answer in answers)


def _sentence(answers: tuple[Answer, ...]) -> str:
    text = _listed(answers)
    return text[0].upper() + text[1:]
