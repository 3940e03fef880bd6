"""What holds a plan step back: an open red flag holds elective care; an incomplete red-flag screen holds the
interventional steps; surgical evaluation comes before neuromodulation.

- The history looks for red flags before anything else (Sebaaly 2018) and NICE NG59 asks that specific causes be
  excluded first: while red-flag questions are unanswered, injections and SCS wait (held by the work-up item that
  lists the questions), but conservative care does not wait for an incomplete screen alone.
- Project choice: while the only open red flag is suicide risk, psychological care is not held; the same-day
  safety assessment comes first (PHQ-9 item 9 above "not at all" needs follow-up in the same session) and
  interventional and other elective steps stay held.
"""

from __future__ import annotations

from fbss.clinical.planning.catalogue import CATALOGUE, Category, OptionId
from fbss.clinical.planning.context import PlanContext

SCREEN = "workup.medical_review"  # the finding that lists the unanswered red-flag questions
SURGICAL_EVALUATION = "plan.surgical_evaluation"
INTERVENTIONAL = frozenset({Category.INJECTION, Category.NEUROMODULATION})
# Red flags whose pathway is itself psychological care: while only these are open, it goes ahead.
SAFETY_ASSESSMENT_FLAGS = frozenset({"redflag.suicide_risk"})
REASONS = {
    "redflag": "a red flag is open",
    "workup": "the red-flag screen is incomplete",
    "plan": "surgical evaluation first",
}


CATEGORY_OF = {option_id: option.category for option_id, option in CATALOGUE.items()}


def holds_on(ctx: PlanContext, option: OptionId | None, elective: bool) -> list[str]:
    """The codes of the findings that hold back a step (or option) of this kind, most urgent first."""
    flags = ctx.open_red_flag_codes
    screen_incomplete = bool(ctx.red_flag_questions)
    if not flags and not screen_incomplete:
        return []
    category = CATEGORY_OF[option] if option is not None else None
    held: list[str] = []
    psychological_care = category is Category.PSYCHOLOGICAL and SAFETY_ASSESSMENT_FLAGS.issuperset(flags)
    if elective and flags and not psychological_care:
        held.extend(flags)
    if screen_incomplete and category in INTERVENTIONAL:
        held.append(SCREEN)
    return held


def why_held(held_by: list[str] | tuple[str, ...]) -> str:
    """The reasons a step is held, in words, in the order of the holding findings."""
    reasons = dict.fromkeys(REASONS[code.split(".")[0]] for code in held_by)
    return "; ".join(reasons)
