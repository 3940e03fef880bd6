"""Progressive or major neurological (motor) deficit."""

from __future__ import annotations

from typing import Any

from fbss.clinical.case import Case, MotorDeficit
from fbss.clinical.finding import Because, Finding, Missing, Severity, Status
from fbss.clinical.redflags.cauda_equina import ACTION as CES_ACTION
from fbss.clinical.redflags.cauda_equina import TIMEFRAME as CES_TIMEFRAME
from fbss.clinical.redflags.cauda_equina import bilateral_motor_deficit
from fbss.clinical.redflags.common import (
    NEUROLOGICAL_DEFICIT,
    RED_FLAGS_TABLE_2006,
    ask,
    positive,
    red_flag,
    screen_answers,
    unanswered,
)
from fbss.clinical.sources import FINUCANE_2020, GIRFT_CES, NICE_NG59

# Project definition (task brief): MRC grade 3 or less (no movement against resistance) is "major" weakness.
MAJOR_WEAKNESS_MAX_MRC = 3

TITLE = "Progressive or major neurological deficit"
SOURCES = (RED_FLAGS_TABLE_2006, NICE_NG59, FINUCANE_2020, GIRFT_CES)
ACTION = "Urgent specialist (spinal) referral and MRI."
TIMEFRAME = "Urgent (the time target is not confirmed in our sources)"
REPORTED = {
    "new_leg_weakness": "new leg weakness",
    "progressive_weakness": "progressive weakness",
}


def neurological_deficit_finding(case: Case) -> Finding:
    """Met by a new, progressive or major (MRC <= 3) motor deficit; bilateral or with sphincter signs it is
    treated as cauda equina syndrome."""
    reported = screen_answers(case, REPORTED)
    motor = case.exam.motor if case.exam else None
    deficits = tuple(_deficit_triggers(motor or ()))
    triggers = (*(answer.because for answer in positive(reported)), *deficits)
    because = (
        *(answer.because for answer in reported if answer.value is not None),
        *_motor_inputs(motor),
    )
    bilateral = bilateral_motor_deficit(case) if triggers else ()
    sphincter = _sphincter_signs(case) if triggers else ()
    data: dict[str, Any] = {
        "triggers": [trigger.path for trigger in triggers],
        "major_weakness_max_mrc": MAJOR_WEAKNESS_MAX_MRC,
        "treat_as_cauda_equina": bool(bilateral or sphincter),
    }
    if triggers and (bilateral or sphincter):
        return red_flag(
            NEUROLOGICAL_DEFICIT,
            TITLE,
            Status.MET,
            SOURCES,
            severity=Severity.EMERGENCY,
            because=(*because, *bilateral, *sphincter),
            detail="A motor deficit that is bilateral or comes with sphincter signs is treated as cauda equina "
            "syndrome (see redflag.cauda_equina).",
            action=CES_ACTION,
            timeframe=CES_TIMEFRAME,
            data=data,
        )
    if triggers:
        stable_only = not positive(reported) and all(_documented_stable(d) for d in _triggering(motor or ()))
        return red_flag(
            NEUROLOGICAL_DEFICIT,
            TITLE,
            Status.MET,
            SOURCES,
            severity=Severity.WARNING if stable_only else Severity.URGENT,
            because=because,
            detail=_met_detail(stable_only),
            action=ACTION,
            timeframe="Before the next step of care" if stable_only else TIMEFRAME,
            data=data,
        )
    missing = (
        *ask(unanswered(reported), "New or progressive weakness is a red flag"),
        *_missing_motor(motor),
    )
    if missing:
        return red_flag(
            NEUROLOGICAL_DEFICIT,
            TITLE,
            Status.UNKNOWN,
            SOURCES,
            because=because,
            missing=missing,
            detail="No new, progressive or major motor deficit recorded, but the screen is incomplete.",
            data=data,
        )
    return red_flag(
        NEUROLOGICAL_DEFICIT,
        TITLE,
        Status.NOT_MET,
        SOURCES,
        because=because,
        detail="No new or progressive weakness reported, and no new, progressive or major (MRC <= 3) motor "
        "deficit on examination.",
        data=data,
    )


def is_major(deficit: MotorDeficit) -> bool:
    return deficit.mrc_grade <= MAJOR_WEAKNESS_MAX_MRC


def _is_trigger(deficit: MotorDeficit) -> bool:
    return bool(deficit.new) or bool(deficit.progressive) or is_major(deficit)


def _triggering(motor: tuple[MotorDeficit, ...]) -> tuple[MotorDeficit, ...]:
    return tuple(deficit for deficit in motor if _is_trigger(deficit))


def _documented_stable(deficit: MotorDeficit) -> bool:
    """A major deficit recorded as neither new nor progressive: known, not a new emergency."""
    return deficit.new is False and deficit.progressive is False


def _deficit_triggers(motor: tuple[MotorDeficit, ...]) -> list[Because]:
    triggers = []
    for i, deficit in enumerate(motor):
        if deficit.new:
            triggers.append(Because(f"exam.motor[{i}].new", True, "new motor deficit"))
        if deficit.progressive:
            triggers.append(Because(f"exam.motor[{i}].progressive", True, "progressive motor deficit"))
        if is_major(deficit):
            triggers.append(
                Because(
                    f"exam.motor[{i}].mrc_grade",
                    deficit.mrc_grade,
                    f"major weakness (MRC <= {MAJOR_WEAKNESS_MAX_MRC})",
                )
            )
    return triggers


def _motor_inputs(motor: tuple[MotorDeficit, ...] | None) -> tuple[Because, ...]:
    if motor is None:
        return ()
    if not motor:
        return (Because("exam.motor", (), "examined: no motor deficit"),)
    return tuple(
        Because(f"exam.motor[{i}].mrc_grade", deficit.mrc_grade, _describe(deficit))
        for i, deficit in enumerate(motor)
    )


def _describe(deficit: MotorDeficit) -> str:
    where = " ".join(part for part in (deficit.side.value, deficit.root, deficit.muscle) if part)
    course = {True: "yes", False: "no", None: "not recorded"}
    return f"{where}; new: {course[deficit.new]}; progressive: {course[deficit.progressive]}"


def _missing_motor(motor: tuple[MotorDeficit, ...] | None) -> tuple[Missing, ...]:
    if motor is None:
        return (Missing("exam.motor", "Motor examination not recorded"),)
    missing = []
    for i, deficit in enumerate(motor):
        if deficit.new is None:
            missing.append(Missing(f"exam.motor[{i}].new", "Is this deficit new?"))
        if deficit.progressive is None:
            missing.append(Missing(f"exam.motor[{i}].progressive", "Is this deficit progressing?"))
    return tuple(missing)


def _sphincter_signs(case: Case) -> tuple[Because, ...]:
    signs = []
    exam = case.exam
    if exam is not None and exam.anal_tone_reduced:
        signs.append(Because("exam.anal_tone_reduced", True, "sphincter sign"))
    if exam is not None and exam.saddle_sensation_reduced:
        signs.append(Because("exam.saddle_sensation_reduced", True, "sphincter sign"))
    for name in ("bladder_dysfunction", "bowel_dysfunction"):
        if getattr(case.red_flags, name):
            signs.append(Because(f"red_flags.{name}", True, "sphincter symptom"))
    return tuple(signs)


def _met_detail(stable_only: bool) -> str:
    if stable_only:
        return (
            "A major motor deficit (MRC <= 3) recorded as neither new nor progressing: make sure it has been "
            "assessed by a specialist; any progression is urgent."
        )
    return "New, progressive or major motor weakness needs urgent specialist review and MRI."
