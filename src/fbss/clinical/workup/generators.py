"""Non-structural pain generators: facet joint, sacroiliac joint and myofascial pain.

Facet joint pain is settled by controlled comparative medial branch blocks: after surgery a single block is
falsely positive in 24% (Manchikanti 2001). The relief criterion differs between studies; a controlled block
with more than 50% relief is the criterion of the diagnostic-accuracy review (Manchikanti 2016).
Sacroiliac joint pain: at least 3 positive provocation tests select patients for blocks, and a block is
positive at 75% relief, confirmed by a second block (Liliang 2011, after lumbar fusion). A 50% threshold is
also used (Polly 2016), so relief between 50% and 75% is reported as equivocal, never as proof: it keeps the
'suggested' of 3 positive provocation tests and asks for the confirming second block.
Myofascial pain is settled by examination alone (Fernández-de-las-Peñas 2018); the phenotype finding says
whether an active trigger point was found.
"""

from __future__ import annotations

from fbss.clinical.case import BlockTarget, DiagnosticTest, PainRegion, SurgeryType, TestFindingType, TestKind
from fbss.clinical.codes import FACET_JOINT_PAIN_SCT, SACROILIAC_JOINT_PAIN_SCT
from fbss.clinical.sources import FERNANDEZ_DE_LAS_PENAS_2018
from fbss.clinical.workup.cause import Cause
from fbss.clinical.workup.levels import includes_sacrum
from fbss.clinical.workup.record import IMAGING, XRAYS, Record, latest
from fbss.clinical.workup.sources import LILIANG_2011, MANCHIKANTI_2001, MANCHIKANTI_2016, POLLY_2016

FACET_BLOCK_POSITIVE_ABOVE_PERCENT = 50  # Manchikanti 2016 review: > 50% relief with controlled blocks
SINGLE_FACET_BLOCK_FALSE_POSITIVE_PERCENT = 24  # Manchikanti 2001, after lumbar surgery
SIJ_PROVOCATION_POSITIVE_AT_LEAST = 3  # Liliang 2011
SIJ_BLOCK_POSITIVE_PERCENT = 75  # Liliang 2011 (dual blocks)
SIJ_BLOCK_LOWEST_CRITERION_PERCENT = 50  # Polly 2016


def facet_joint(record: Record) -> Cause:
    """Relief from medial branch blocks: confirmed by a second block, suggested by one, against if none."""
    cause = Cause(
        "facet_joint", structural=False, settled_by=(TestKind.DIAGNOSTIC_BLOCK,), surgically_amenable=False
    )
    cause.cite(MANCHIKANTI_2001, MANCHIKANTI_2016)
    cause.codes = (FACET_JOINT_PAIN_SCT,)
    cause.notes.append("Facet joint pain in 32% after lumbar surgery vs 44% without (Manchikanti 2001).")
    block = _latest_block(record, BlockTarget.MEDIAL_BRANCH)
    if block is not None:
        i, test = block
        relief = _relief(i, test, cause)
        if relief is None:
            return cause
        if relief <= FACET_BLOCK_POSITIVE_ABOVE_PERCENT:
            cause.against()
        else:
            _read_confirmation(i, test, cause)
            if cause.evidence == "suggested":
                cause.notes.append(
                    f"A single block is falsely positive in {SINGLE_FACET_BLOCK_FALSE_POSITIVE_PERCENT}% "
                    "after surgery (Manchikanti 2001): confirm with a comparative block."
                )
        return cause
    for f in record.found({TestFindingType.FACET_ARTHROPATHY}, IMAGING | XRAYS):
        cause.trail.saw(f.path, f.finding.type.value, "imaging does not show which joint hurts")
    if record.upstream_value("phenotype.predominance") in ("back", "balanced"):
        cause.trail.saw("finding:phenotype.predominance", record.upstream_value("phenotype.predominance"))
        cause.need(TestKind.DIAGNOSTIC_BLOCK)
        cause.trail.lacks("tests", "controlled comparative medial branch blocks settle facet joint pain")
    return cause


def sacroiliac_joint(record: Record) -> Cause:
    """Provocation tests select; a 75% block confirmed by a second block settles (Liliang 2011).

    A block never lowers what the provocation tests showed: relief of 50-74% is positive by the 50% criterion
    (Polly 2016) though not by 75% (Liliang 2011), so with 3 or more positive provocation tests the joint stays
    suggested and a confirming second block is asked for (fact sheet diagnosis §5.2, SIJ row: provocation tests
    plus a block, dual blocks used). An equivocal block alone, without the provocation tests, decides nothing.
    """
    cause = Cause(
        "sacroiliac_joint",
        structural=False,
        settled_by=("physical_exam", TestKind.DIAGNOSTIC_BLOCK),
        surgically_amenable=False,
    )
    cause.cite(LILIANG_2011, POLLY_2016)
    cause.codes = (SACROILIAC_JOINT_PAIN_SCT,)
    _note_fusion_to_sacrum(record, cause)
    positive = record.case.exam.sij_provocation_positive if record.case.exam else None
    selected = positive is not None and positive >= SIJ_PROVOCATION_POSITIVE_AT_LEAST
    block = _latest_block(record, BlockTarget.SACROILIAC_JOINT)
    if block is not None:
        if positive is not None:
            cause.trail.saw("exam.sij_provocation_positive", positive)
        i, test = block
        relief = _relief(i, test, cause)
        if relief is None:
            return cause
        if relief < SIJ_BLOCK_LOWEST_CRITERION_PERCENT:
            cause.against()
        elif relief < SIJ_BLOCK_POSITIVE_PERCENT:
            _read_equivocal_block(i, test, cause, selected=selected)
        else:
            _read_confirmation(i, test, cause)
        return cause
    if positive is None:
        if record.has_pain(PainRegion.BACK):
            cause.need("physical_exam")
            cause.trail.lacks(
                "exam.sij_provocation_positive", "3 or more positive provocation tests select for a block"
            )
        return cause
    cause.trail.saw("exam.sij_provocation_positive", positive)
    if selected:
        cause.points_to("suggested")
        cause.need(TestKind.DIAGNOSTIC_BLOCK)
    else:
        cause.notes.append(
            "Fewer than 3 positive provocation tests: below the threshold used to select for blocks."
        )
    return cause


def _read_equivocal_block(i: int, test: DiagnosticTest, cause: Cause, *, selected: bool) -> None:
    """Relief of 50-74%: positive by the 50% criterion (Polly 2016), not by 75% (Liliang 2011); never proof."""
    cause.notes.append(
        "Relief of 50-74%: positive by the 50% criterion (Polly 2016), not by 75% (Liliang 2011)."
    )
    confirmed = test.block.confirmed_by_second_block if test.block else None
    cause.trail.saw(f"tests[{i}].block.confirmed_by_second_block", confirmed)
    if confirmed is False:
        cause.notes.append(
            "The confirming block did not reproduce the relief: the first was falsely positive."
        )
        cause.against()
        return
    if confirmed:
        # Both blocks positive by one published criterion and not by the other: suggested, not shown.
        cause.points_to("suggested")
        return
    if selected:
        cause.notes.append(
            f"With {SIJ_PROVOCATION_POSITIVE_AT_LEAST} or more positive provocation tests the joint stays "
            "suggested; a second, comparative block confirms it (dual blocks, Liliang 2011)."
        )
        cause.points_to("suggested")
    cause.need(TestKind.DIAGNOSTIC_BLOCK)
    cause.trail.lacks(
        f"tests[{i}].block.confirmed_by_second_block",
        "a second, comparative block decides an equivocal response",
    )


def myofascial(record: Record) -> Cause:
    """Read from the phenotype finding: an active trigger point meeting the Delphi criteria."""
    cause = Cause("myofascial", structural=False, settled_by=("physical_exam",), surgically_amenable=False)
    cause.cite(FERNANDEZ_DE_LAS_PENAS_2018)
    mechanism = record.upstream("phenotype.mechanism")
    if mechanism is None:
        cause.trail.lacks(
            "finding:phenotype.mechanism", "the phenotype finding reports the trigger-point exam"
        )
        return cause
    component = mechanism.data.get("myofascial_component")
    cause.trail.saw("finding:phenotype.mechanism", f"myofascial component {component}")
    if component == "established":
        cause.points_to("confirmed")
    elif component == "absent":
        cause.against()
    elif record.case.exam is None or record.case.exam.trigger_points is None:
        cause.need("physical_exam")
        cause.trail.lacks("exam.trigger_points", "taut band, hypersensitive spot and referred pain settle it")
    return cause


def _latest_block(record: Record, target: BlockTarget) -> tuple[int, DiagnosticTest] | None:
    blocks = [
        (i, t)
        for i, t in record.resulted({TestKind.DIAGNOSTIC_BLOCK})
        if t.block is not None and t.block.target is target
    ]
    return latest(blocks)


def _relief(i: int, test: DiagnosticTest, cause: Cause) -> float | None:
    relief = test.block.relief_percent if test.block else None
    if relief is None:
        cause.trail.lacks(
            f"tests[{i}].block.relief_percent", "the relief a block gave decides the joint's role"
        )
        return None
    cause.trail.saw(f"tests[{i}].block.relief_percent", relief)
    return relief


def _read_confirmation(i: int, test: DiagnosticTest, cause: Cause) -> None:
    confirmed = test.block.confirmed_by_second_block if test.block else None
    cause.trail.saw(f"tests[{i}].block.confirmed_by_second_block", confirmed)
    if confirmed:
        cause.points_to("confirmed")
    elif confirmed is False:
        cause.notes.append(
            "The confirming block did not reproduce the relief: the first was falsely positive."
        )
        cause.against()
    else:
        cause.points_to("suggested")
        cause.need(TestKind.DIAGNOSTIC_BLOCK)
        cause.trail.lacks(
            f"tests[{i}].block.confirmed_by_second_block", "a second, comparative block confirms it"
        )


def _note_fusion_to_sacrum(record: Record, cause: Cause) -> None:
    for i, surgery in record.surgeries_of(SurgeryType.FUSION):
        if includes_sacrum(surgery.levels):
            cause.trail.saw(f"surgeries[{i}].levels", surgery.levels, "fusion to the sacrum loads the SIJ")
