"""Suspected cauda equina syndrome (GIRFT / BASS / CSP National Suspected CES Pathway)."""

from __future__ import annotations

from typing import Any

from fbss.clinical import codes, drugs
from fbss.clinical.case import Case, MedicationStatus, Side, SymptomOnset
from fbss.clinical.finding import Because, Finding, Missing, Severity, Status
from fbss.clinical.redflags.common import (
    CAUDA_EQUINA,
    Answer,
    ask,
    positive,
    red_flag,
    screen_answers,
    unanswered,
)
from fbss.clinical.sources import FINUCANE_2020, GIRFT_CES, NICE_NG59

# GIRFT pathway: emergency MRI of the lumbosacral spine within 4 hours of the request.
MRI_WITHIN_HOURS = 4
# GIRFT pathway: a post-void residual >= 200 mL makes CES more likely; < 200 mL does not exclude it.
PVR_MORE_LIKELY_ML = 200

TITLE = "Suspected cauda equina syndrome"
SOURCES = (GIRFT_CES, FINUCANE_2020, NICE_NG59)
ACTION = (
    "Immediate referral to hospital for an emergency MRI of the lumbosacral spine. A bladder scan (post-void "
    "residual) can help but must not delay the MRI; a rectal examination is not needed to justify it. "
    "If cauda equina compression is confirmed: emergency decompression."
)
TIMEFRAME = f"Immediately; MRI within {MRI_WITHIN_HOURS} hours of the request"

SYMPTOMS = {
    "saddle_anaesthesia": "saddle (perianal, perineal, genital) numbness or paraesthesia",
    "bladder_dysfunction": "bladder disturbance",
    "bowel_dysfunction": "bowel disturbance",
    "sexual_dysfunction": "sexual dysfunction",
    "bilateral_leg_symptoms": "bilateral leg symptoms",
}
BOWEL = "red_flags.bowel_dysfunction"


def cauda_equina_finding(case: Case) -> Finding:
    """CES is suspected when any CES symptom or sign has begun within 14 days or is worsening."""
    symptoms = screen_answers(case, SYMPTOMS)
    signs = cauda_equina_signs(case)
    present = _ces_symptoms_present(case, symptoms)
    features = (*(answer.because for answer in present), *signs)
    onset = case.red_flags.cauda_equina_symptom_onset
    onset_because = Because("red_flags.cauda_equina_symptom_onset", onset.value if onset else None)
    data = {
        "features": [feature.path for feature in features],
        "onset": onset.value if onset else None,
        "mri_within_hours": MRI_WITHIN_HOURS,
        "pvr_more_likely_ml": PVR_MORE_LIKELY_ML,
    }
    answered = tuple(answer.because for answer in symptoms if answer.value is not None)
    because = (*answered, *_constipation(case), *signs, onset_because, *_measured_pvr(case, signs))
    if not features:
        return _no_features(symptoms, because, data)
    if _only_bowel_disturbance(case, present, signs) and onset is not SymptomOnset.LONGSTANDING_STABLE:
        return _isolated_bowel_disturbance(case, because, data)
    if onset is SymptomOnset.LONGSTANDING_STABLE:
        return red_flag(
            CAUDA_EQUINA,
            TITLE,
            Status.NOT_MET,
            SOURCES,
            because=because,
            detail="The features present are recorded as longstanding and stable; the emergency pathway is for "
            "features of recent onset (< 14 days) or worsening. Re-screen at every contact: any new or "
            "worsening bladder, bowel, saddle, sexual or bilateral leg symptom is an emergency.",
            codes=codes.CAUDA_EQUINA_SYNDROME,
            data=data,
        )
    missing: tuple[Missing, ...] = ()
    if onset is None:
        missing = (
            Missing(
                "red_flags.cauda_equina_symptom_onset",
                "Onset not recorded: treated as suspected CES until shown to be longstanding and stable",
            ),
        )
    return red_flag(
        CAUDA_EQUINA,
        TITLE,
        Status.MET,
        SOURCES,
        severity=Severity.EMERGENCY,
        because=because,
        missing=missing,
        detail=_met_detail(case),
        action=ACTION,
        timeframe=TIMEFRAME,
        codes=codes.CAUDA_EQUINA_SYNDROME,
        data=data,
    )


def cauda_equina_signs(case: Case) -> tuple[Because, ...]:
    """Examination signs that count as CES features: saddle sensory loss, reduced anal tone, a post-void
    residual of 200 mL or more, and bilateral motor deficit."""
    exam = case.exam
    if exam is None:
        return ()
    signs: list[Because] = []
    if exam.saddle_sensation_reduced:
        signs.append(Because("exam.saddle_sensation_reduced", True, "saddle sensation reduced"))
    if exam.anal_tone_reduced:
        signs.append(Because("exam.anal_tone_reduced", True, "anal tone reduced"))
    for i, deficit in enumerate(exam.sensory or ()):
        if deficit.saddle:
            signs.append(Because(f"exam.sensory[{i}].saddle", True, f"saddle {deficit.kind.value}"))
    pvr = exam.post_void_residual_ml
    if pvr is not None and pvr >= PVR_MORE_LIKELY_ML:
        signs.append(
            Because("exam.post_void_residual_ml", pvr, f">= {PVR_MORE_LIKELY_ML} mL makes CES more likely")
        )
    signs.extend(bilateral_motor_deficit(case))
    return tuple(signs)


def bilateral_motor_deficit(case: Case) -> tuple[Because, ...]:
    """Motor deficits that together affect both legs (one bilateral entry, or a left and a right one)."""
    motor = case.exam.motor if case.exam else None
    if not motor:
        return ()
    sides = {deficit.side for deficit in motor}
    if Side.BILATERAL not in sides and not {Side.LEFT, Side.RIGHT} <= sides:
        return ()
    return tuple(
        Because(f"exam.motor[{i}].side", deficit.side.value, "bilateral motor deficit")
        for i, deficit in enumerate(motor)
    )


def _measured_pvr(case: Case, signs: tuple[Because, ...]) -> tuple[Because, ...]:
    pvr = case.exam.post_void_residual_ml if case.exam else None
    if pvr is None or any(sign.path == "exam.post_void_residual_ml" for sign in signs):
        return ()
    return (Because("exam.post_void_residual_ml", pvr, f"< {PVR_MORE_LIKELY_ML} mL does not exclude CES"),)


def _no_features(symptoms: tuple[Answer, ...], because: tuple[Because, ...], data: dict[str, Any]) -> Finding:
    not_asked = unanswered(symptoms)
    if not_asked:
        return red_flag(
            CAUDA_EQUINA,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            because=because,
            missing=ask(not_asked, "Each is a CES symptom when new (< 14 days) or worsening"),
            detail="No CES feature recorded, but not every CES question was asked.",
            codes=codes.CAUDA_EQUINA_SYNDROME,
            data=data,
        )
    return red_flag(
        CAUDA_EQUINA,
        TITLE,
        Status.NOT_MET,
        SOURCES,
        because=because,
        detail="No bladder, bowel, saddle, sexual or bilateral leg symptom (isolated constipation does not "
        "count), and no CES sign recorded.",
        codes=codes.CAUDA_EQUINA_SYNDROME,
        data=data,
    )


def _ces_symptoms_present(case: Case, symptoms: tuple[Answer, ...]) -> tuple[Answer, ...]:
    """Positive CES symptoms; bowel disturbance recorded as only constipation is not one."""
    constipation_only = case.red_flags.bowel_constipation_only is True
    return tuple(answer for answer in positive(symptoms) if not (answer.path == BOWEL and constipation_only))


def _constipation(case: Case) -> tuple[Because, ...]:
    value = case.red_flags.bowel_constipation_only
    if value is None:
        return ()
    note = "isolated constipation is not a CES feature" if value else "not only constipation"
    return (Because("red_flags.bowel_constipation_only", value, note),)


def _only_bowel_disturbance(case: Case, present: tuple[Answer, ...], signs: tuple[Because, ...]) -> bool:
    """Bowel disturbance is the only feature, and nobody has said whether it is only constipation."""
    return (
        not signs
        and len(present) == 1
        and present[0].path == BOWEL
        and case.red_flags.bowel_constipation_only is None
    )


def _isolated_bowel_disturbance(case: Case, because: tuple[Because, ...], data: dict[str, Any]) -> Finding:
    reason = (
        "Is the bowel disturbance only constipation? Isolated constipation is not an indication for "
        "emergency MRI; new faecal incontinence or loss of rectal sensation is"
    )
    opioids = _active_opioids(case)
    if opioids:
        reason += f" (an opioid is listed: {', '.join(opioids)}, a common cause of constipation)"
    return red_flag(
        CAUDA_EQUINA,
        TITLE,
        Status.UNKNOWN,
        SOURCES,
        because=because,
        missing=(Missing("red_flags.bowel_constipation_only", reason),),
        detail="Bowel disturbance is the only CES feature recorded. If it is incontinence or altered "
        "sensation, treat as suspected CES (emergency MRI within 4 hours); if it is only constipation, "
        "it is not a CES indication.",
        codes=codes.CAUDA_EQUINA_SYNDROME,
        data=data,
    )


def _active_opioids(case: Case) -> list[str]:
    return [
        medication.name
        for medication in case.medications
        if medication.status is MedicationStatus.ACTIVE
        and drugs.DrugClass.OPIOID in drugs.classes_of(medication.name, medication.rxnorm)
    ]


def _met_detail(case: Case) -> str:
    detail = (
        "CES has no fixed clinical pattern: any new or worsening bladder, bowel, saddle, sexual or bilateral "
        "leg symptom with back or leg pain is treated as suspected CES."
    )
    pvr = case.exam.post_void_residual_ml if case.exam else None
    if pvr is not None and pvr < PVR_MORE_LIKELY_ML:
        detail += f" A post-void residual of {pvr} mL (< {PVR_MORE_LIKELY_ML} mL) does not exclude CES."
    return detail
