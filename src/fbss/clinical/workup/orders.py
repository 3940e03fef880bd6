"""The work-up: one `workup.<item>` finding per test or review, with its state and the causes it would settle.

State: "ordered" (an order is open), "needed" (a cause wants it now), "done" (a current result exists),
"not_needed". Status is met (recommended) when needed or ordered. Gadolinium MRI includes the plain sequences,
so when both are wanted the plain MRI is folded into it. Infection work-up is left to `redflag.infection` when
that is met. What each result means is in docs/workup.md; `detail` gives the one-line version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fbss.clinical.case import LabTest, SurgeryType, TestKind
from fbss.clinical.dates import add_months, days_between
from fbss.clinical.finding import Finding, Kind, Status
from fbss.clinical.phenotype.trail import Trail
from fbss.clinical.redflags import CODES as RED_FLAGS
from fbss.clinical.redflags import unanswered_questions
from fbss.clinical.sources import COSNARD_1995, SEBAALY_2018, THELANDER_1992, Source
from fbss.clinical.wording import listed
from fbss.clinical.workup.cause import ITEM_LABELS, Cause
from fbss.clinical.workup.record import INFLAMMATORY_LABS, Record, latest
from fbss.clinical.workup.sources import (
    BARR_EDX,
    LILIANG_2011,
    MANCHIKANTI_2001,
    NOUH_2012,
    RESNICK_2005,
    SPINE_SECRETS_EDX,
)

ITEMS = ("medical_review", "physical_exam", "labs", *(kind.value for kind in TestKind))
COVERS = {TestKind.MRI.value: (TestKind.MRI, TestKind.MRI_GADOLINIUM)}
# The test kinds whose results (or orders) count for each test item.
KINDS_OF: dict[str, tuple[TestKind, ...]] = {kind.value: COVERS.get(kind.value, (kind,)) for kind in TestKind}
# Reviews are needed whenever incomplete; the causes they serve are those lacking facts under these paths.
REVIEWS = {"medical_review": ("surgeries", "pain"), "physical_exam": ("exam",)}

LABELS = ITEM_LABELS
MEANING = {
    "medical_review": "Operations (type, levels, dates, hardware), pain course and interval, red flags.",
    "physical_exam": "Sensory, motor and reflex signs by root grade nerve pain; trigger points; SIJ tests.",
    "labs": "CRP normally peaks on day 2-3 and normalises in 5-14 days; a second rise suggests infection.",
    "xray": "Hardware position and integrity; a slip; static films judge fusion in only about two thirds.",
    "xray_flexion_extension": "Abnormal motion: instability, mobile pseudarthrosis, adjacent segment change.",
    "xray_whole_spine": "Sagittal balance (flatback) and the whole construct after fusion.",
    "ct": "Bony union across a fusion, screw loosening or breakage, bony foraminal narrowing.",
    "mri": "Recurrent disc, stenosis, arachnoiditis, adjacent segment disease.",
    "mri_gadolinium": "Scar enhances and disc does not: fibrosis vs recurrent disc; discitis, abscess.",
    "emg_ncs": "Root function: active radiculopathy in one myotome, or a mimic such as neuropathy.",
    "diagnostic_block": "Relief after comparative blocks shows a facet or sacroiliac joint is the source.",
}
ITEM_SOURCES: dict[str, tuple[Source, ...]] = {
    "labs": (THELANDER_1992,),
    "xray": (NOUH_2012, RESNICK_2005),
    "xray_flexion_extension": (RESNICK_2005,),
    "ct": (RESNICK_2005, NOUH_2012),
    "mri_gadolinium": (COSNARD_1995,),
    "emg_ncs": (BARR_EDX, SPINE_SECRETS_EDX),
    "diagnostic_block": (MANCHIKANTI_2001, LILIANG_2011),
}

SOURCES_OF = {item: (*ITEM_SOURCES.get(item, ()), SEBAALY_2018) for item in ITEMS}
# Work-up items that are spinal injections: every open red flag holds them back, as the plan holds its
# injections (planning.gates: an open red flag holds elective care; suicide risk holds interventional steps too).
INJECTED = frozenset({"diagnostic_block"})


def work_up(record: Record, causes: Sequence[Cause]) -> tuple[Finding, ...]:
    """Every work-up item as a finding, in a fixed order."""
    wanted: dict[str, list[str]] = {item: [] for item in ITEMS}
    for cause in causes:
        for item in cause.needs:
            if item in wanted:
                wanted[item].append(cause.cause)
    covered = bool(wanted["mri"]) and bool(wanted["mri_gadolinium"])
    if covered:
        wanted["mri_gadolinium"] = sorted({*wanted["mri_gadolinium"], *wanted["mri"]})
        wanted["mri"] = []
    return tuple(_item(record, item, wanted[item], causes, covered and item == "mri") for item in ITEMS)


def _item(record: Record, item: str, wanted: list[str], causes: Sequence[Cause], covered: bool) -> Finding:
    trail = Trail()
    done = _is_done(record, item, trail)
    ordered = _is_ordered(record, item, trail)
    if item in REVIEWS and not done:
        wanted = sorted({*wanted, *_causes_lacking(causes, REVIEWS[item])})
    state = (
        "ordered"
        if ordered
        else "needed"
        if wanted or (item in REVIEWS and not done)
        else "done"
        if done
        else "not_needed"
    )
    serves = wanted or [c.cause for c in causes if item in c.settled_by and state != "not_needed"]
    data: dict[str, object] = {"state": state, "for": serves}
    if item in REVIEWS and state == "needed":
        data["informs"] = _findings_lacking(record, REVIEWS[item])
    questions = [m.path for m in trail.missing if m.path.startswith("red_flags.")]
    if item == "medical_review":
        data["red_flag_questions"] = questions
    if item == "labs":
        done_labs, missing_labs = labs_done_and_missing(record)
        data["done"], data["not_recorded"] = done_labs, missing_labs
        title = _labs_title(state, done_labs, missing_labs)
    else:
        title = _title(item, state) + (
            f": {len(questions)} red-flag questions unanswered" if questions else ""
        )
    if covered:
        data["covered_by"] = TestKind.MRI_GADOLINIUM.value
    if item == "labs" and record.is_met("redflag.infection"):
        data["deferred_to"] = "redflag.infection"
        trail.saw("finding:redflag.infection", "met", "infection work-up follows the red-flag finding")
    if item == TestKind.EMG_NCS.value and (note := emg_timing(record)) is not None:
        data["timing_note"] = note
    held_by = _flags_holding(record) if item in INJECTED and state == "needed" else []
    if held_by:  # a block is a spinal injection: like the plan's injections it waits for an open red flag
        data["held"], data["held_by"] = True, held_by
        title += ": on hold while a red flag is open"
    return Finding(
        code=f"workup.{item}",
        kind=Kind.WORKUP,
        title=title,
        status=Status.MET if state in ("needed", "ordered") else Status.NOT_MET,
        sources=SOURCES_OF[item],
        because=tuple(trail.because),
        missing=tuple(trail.missing),
        detail=MEANING[item] + (_ask_first(trail) if questions else ""),
        value=state,
        data=data,
    )


def _flags_holding(record: Record) -> list[str]:
    return [code for code in RED_FLAGS if record.is_met(code)]


def _ask_first(trail: Trail) -> str:
    labels = [
        m.path.removeprefix("red_flags.").replace("_", " ")
        for m in trail.missing
        if m.path.startswith("red_flags.")
    ]
    return (
        " The red-flag screen comes first: ask about "
        + ", ".join(dict.fromkeys(labels))
        + ". Until then interventional steps wait."
    )


def _causes_lacking(causes: Sequence[Cause], prefixes: tuple[str, ...]) -> list[str]:
    return [
        c.cause
        for c in causes
        if c.trail.missing and any(m.path.startswith(prefixes) for m in c.trail.missing)
    ]


def _findings_lacking(record: Record, prefixes: tuple[str, ...]) -> list[str]:
    """Upstream findings (phenotype, criteria, ...) that a review would help decide."""
    return sorted(
        code
        for code, f in record.earlier.items()
        if f.missing and any(m.path.startswith(prefixes) for m in f.missing)
    )


TITLES = {
    "needed": "{} recommended",
    "ordered": "{} ordered, result awaited",
    "done": "{}: done",
    "not_needed": "{}: not needed now",
}


def _title(item: str, state: str) -> str:
    return TITLES[state].format(LABELS[item])


def _is_done(record: Record, item: str, trail: Trail) -> bool:
    if item == "medical_review":
        history = history_gaps(record, trail)
        return not history and not red_flag_questions(record, trail)
    if item == "physical_exam":
        return not exam_gaps(record, trail)
    if item == "labs":
        return _current_inflammatory_labs(record, trail)
    kinds = KINDS_OF[item]
    for i, test in record.stale(kinds):
        trail.saw(
            f"tests[{i}].date", test.date.isoformat() if test.date else None, "before the latest operation"
        )
    done = record.resulted(kinds)
    for i, test in done:
        trail.saw(f"tests[{i}]", test.kind.value, test.date.isoformat() if test.date else "undated")
    return bool(done)


def _is_ordered(record: Record, item: str, trail: Trail) -> bool:
    if item in ("medical_review", "physical_exam", "labs"):
        return False
    found = record.ordered(KINDS_OF[item])
    for i, test in found:
        trail.saw(f"tests[{i}].status", test.status.value)
    return bool(found)


def history_gaps(record: Record, trail: Trail) -> list[str]:
    """History the differential needs and the record lacks: operations, dates, levels, pain course."""
    case, before = record.case, len(trail.missing)
    if not case.surgeries:
        trail.lacks("surgeries", "type, levels and date of every spinal operation")
    for i, surgery in enumerate(case.surgeries):
        if surgery.date is None:
            trail.lacks(f"surgeries[{i}].date", "timing decides fusion assessment and test windows")
        if not surgery.levels:
            trail.lacks(f"surgeries[{i}].levels", "levels place findings and dermatomes")
        if surgery.type is SurgeryType.FUSION and surgery.instrumented is None:
            trail.lacks(f"surgeries[{i}].instrumented", "hardware decides whether it can fail")
    if not case.pain:
        trail.lacks("pain", "back and leg pain, each with its rating and course")
    for i, pain in enumerate(case.pain):
        if pain.course is None:
            trail.lacks(f"pain[{i}].course", "persisting, new, or back after a pain-free interval")
    return [m.path for m in trail.missing[before:]]


def red_flag_questions(record: Record, trail: Trail) -> list[str]:
    """Red-flag questions left unanswered by an undecided red flag: the screen comes first (Sebaaly 2018)."""
    open_questions = unanswered_questions(record.earlier.values())
    for code in dict.fromkeys(code for code, _ in open_questions):
        trail.saw(f"finding:{code}", "unknown", "red-flag questions unanswered")
    for _, gap in open_questions:
        trail.lacks(gap.path, gap.reason)
    return [gap.path for _, gap in open_questions]


def exam_gaps(record: Record, trail: Trail) -> list[str]:
    exam, before = record.case.exam, len(trail.missing)
    if exam is None:
        trail.lacks("exam", "neurological examination, trigger points and SIJ provocation tests")
        return ["exam"]
    parts = {
        "sensory": "dermatomal sensory signs grade nerve pain",
        "motor": "weakness by root",
        "reflexes": "reflex change by root",
        "straight_leg_raise": "nerve tension",
        "trigger_points": "the myofascial component",
    }
    for part, why in parts.items():
        if getattr(exam, part) is None:
            trail.lacks(f"exam.{part}", why)
    return [m.path for m in trail.missing[before:]]


def _current_inflammatory_labs(record: Record, trail: Trail) -> bool:
    found = record.current_labs(INFLAMMATORY_LABS)
    for i, lab in found:
        trail.saw(f"labs[{i}]", lab.value, lab.test.value)
    return bool(found)


LAB_NAMES = {LabTest.CRP: "CRP", LabTest.ESR: "ESR", LabTest.WBC: "white cell count"}


def labs_done_and_missing(record: Record) -> tuple[list[str], list[str]]:
    """Which of CRP, ESR and white cell count have a current result, and which do not."""
    present = {lab.test for _, lab in record.current_labs(INFLAMMATORY_LABS)}
    done = [name for test, name in LAB_NAMES.items() if test in present]
    return done, [name for test, name in LAB_NAMES.items() if test not in present]


def _labs_title(state: str, done: list[str], missing: list[str]) -> str:
    if not done or not missing:
        return _title("labs", state)
    which = f"{listed(done)} done, {listed(missing)} not recorded"
    if state == "done":
        return f"{LABELS['labs']}: {which}"
    return f"{_title('labs', state)} ({which})"


# EMG/NCS timing after surgery: Spine Secrets (secondary; fact sheet diagnosis §5.4), shown labelled only.
SECONDARY = "[secondary source]"
EMG_PRE_EXISTING_ONLY_BEFORE_DAYS = 14  # Spine Secrets: only pre-existing changes in the first 10-14 days
EMG_NEW_LESION_FROM_DAYS = 21  # Spine Secrets: a new lesion is studied from 3 weeks
EMG_NEW_LESION_UNTIL_MONTHS = 4  # Spine Secrets: 3 weeks to 4 months
EMG_HARD_AFTER_LAMINECTOMY_MONTHS = (6, 12)  # Spine Secrets: 6-12 months after lumbar laminectomy


def emg_timing(record: Record) -> str | None:
    """The secondary-source timing limits of EMG/NCS after surgery (Spine Secrets; fact sheet diagnosis §5.4).

    A study already done is read at the date it was done, since what it can show depends on when it was done:
    one in the first 10-14 days shows only changes present before surgery. When that study was too early to
    show a new lesion, the limits that apply today follow, for a repeat. Without a dated study the limits are
    read at the assessment date, for ordering one.
    """
    last = record.last_surgery_date
    if last is None:
        return None
    today = record.case.assessment_date
    laminectomy = any(s.date == last and s.type is SurgeryType.LAMINECTOMY for s in record.case.surgeries)
    dated = [(i, t) for i, t in record.resulted({TestKind.EMG_NCS}) if t.date is not None]
    study = latest(dated)
    if study is None or study[1].date is None:
        note = _emg_timing_at(last, today, laminectomy)
        return None if note is None else f"{SECONDARY} {note}"
    done_on = study[1].date
    then = _emg_timing_at(last, done_on, laminectomy)
    if then is None:
        return None
    day = days_between(last, done_on)
    note = f"{SECONDARY} The EMG/NCS of {done_on.isoformat()} was done on day {day} after surgery. {then}"
    if day < EMG_NEW_LESION_FROM_DAYS and (now := _emg_timing_at(last, today, laminectomy)) is not None:
        note += f" For a repeat study now (day {days_between(last, today)}): {now[0].lower()}{now[1:]}"
    return note


def _emg_timing_at(last: dt.date, on: dt.date, laminectomy: bool) -> str | None:
    """The limit that applies to a study on `on` after an operation on `last`, or None."""
    days = days_between(last, on)
    if days < EMG_PRE_EXISTING_ONLY_BEFORE_DAYS:
        return "In the first 10-14 days after surgery it shows only pre-existing changes."
    if days < EMG_NEW_LESION_FROM_DAYS:
        return "A new lesion is studied from 3 weeks after surgery."
    if on <= add_months(last, EMG_NEW_LESION_UNTIL_MONTHS):
        return "3 weeks to 4 months after surgery: the window to study a new lesion."
    start, end = EMG_HARD_AFTER_LAMINECTOMY_MONTHS
    if laminectomy and add_months(last, start) <= on <= add_months(last, end):
        return "6-12 months after lumbar laminectomy, findings are hard to interpret."
    return None
