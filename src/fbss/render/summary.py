"""The one-screen summary of an assessment, shared by the text report and the web chart.

It is arranged from the findings' shape only: kind, status, severity, value, action, the codes' hierarchy
(`criteria.fbss` over `criteria.fbss.timing`) and the `data` keys docs/output.md documents as stable
(`order`, `role`, `role_name`, `held`, `held_by` of plan steps). It never names a rule, so a new rule of a known
kind appears in its kind's line at once. It reads the JSON shape of findings (`Finding.to_dict()`, or a stored
assessment document), so a snapshot made under an older knowledge version is summarised the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fbss.clinical.finding import SEVERITY_ORDER, Kind, Severity, Status

FindingDict = Mapping[str, Any]

MET = Status.MET.value
UNKNOWN = Status.UNKNOWN.value
NOT_MET = Status.NOT_MET.value
ACT_NOW = frozenset({Severity.EMERGENCY.value, Severity.URGENT.value})
WARNING_RANK = SEVERITY_ORDER[Severity.WARNING]


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One finding as the summary shows it, with what its section adds."""

    finding: FindingDict
    parts: tuple[FindingDict, ...] = ()  # its sub-findings that are not met or undecided
    step: int | None = None  # its place in the plan
    role: str | None = None  # who carries the step out
    held_by: tuple[str, ...] = ()  # titles of the findings that hold the step back
    show_action: bool = False
    to_do: bool = False  # something still to do before the next step, rather than a statement that holds

    @property
    def plain(self) -> bool:
        """A met finding with nothing to add under it: in a run-in section it shares a line with others."""
        finding = self.finding
        return (
            finding["status"] == MET and not finding.get("severity") and not self.parts and not self.held_by
        )


@dataclass(frozen=True, slots=True)
class Hold:
    """Plan steps held back, and the findings (by title) that must be settled first."""

    steps: tuple[int, ...]
    until: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SummarySection:
    key: str
    label: str
    lines: tuple[SummaryLine, ...]
    empty: str | None = None  # what to say when there is nothing to list; None: leave the section out
    undecided: int = 0  # findings of this section's kind that are undecided and not listed
    holds: tuple[Hold, ...] = ()  # plan steps on hold, grouped by what holds them
    run_in: bool = False  # short statements that read well one after another on a line


@dataclass(frozen=True, slots=True)
class Summary:
    """Red flags first, then one section per line of the picture, in reading order."""

    screened: bool  # the assessment holds red-flag findings at all
    open_red_flags: tuple[FindingDict, ...]
    undecided_red_flags: tuple[FindingDict, ...]
    sections: tuple[SummarySection, ...]

    @property
    def shown(self) -> tuple[SummarySection, ...]:
        """The sections with something to say."""
        return tuple(section for section in self.sections if section.lines or section.empty)


def summarize(findings: Iterable[FindingDict]) -> Summary:
    """The summary of an assessment's findings (in the assessment's order)."""
    every = tuple(findings)
    flags = [f for f in every if f["kind"] == Kind.RED_FLAG.value]
    sections = [build(every) for build in _SECTION_BUILDERS]
    listed = {id(line.finding) for section in sections for line in section.lines}
    sections.insert(_SAFETY_POSITION, safety_warnings(every, listed))
    return Summary(
        screened=bool(flags),
        open_red_flags=tuple(f for f in flags if f["status"] == MET),
        undecided_red_flags=tuple(f for f in flags if f["status"] == UNKNOWN),
        sections=tuple(sections),
    )


# --- sections, each from the findings of its kind --------------------------------------------------------


def act_now(findings: Sequence[FindingDict]) -> SummarySection:
    """Met emergency or urgent findings besides the red flags (plan steps are listed in the plan)."""
    lines = [
        SummaryLine(f, show_action=True)
        for f in _by_urgency(findings)
        if f["kind"] not in (Kind.RED_FLAG.value, Kind.PLAN.value)
        and f["status"] == MET
        and f.get("severity") in ACT_NOW
    ]
    return SummarySection("act_now", "Act now", tuple(lines))


def criteria_status(findings: Sequence[FindingDict]) -> SummarySection:
    """Each top-level criteria finding; when it is not met, its parts that are not met or undecided."""
    criteria = _of_kind(findings, Kind.CRITERIA)
    lines = []
    for finding in criteria:
        if _parent(finding, criteria) is not None or finding["status"] == Status.NOT_APPLICABLE.value:
            continue
        parts: tuple[FindingDict, ...] = ()
        if finding["status"] != MET:
            parts = tuple(
                part
                for part in criteria
                if _parent(part, criteria) is finding and part["status"] in (NOT_MET, UNKNOWN)
            )
        lines.append(SummaryLine(finding, parts=parts))
    return SummarySection("criteria", "FBSS criteria", tuple(lines))


def phenotype(findings: Sequence[FindingDict]) -> SummarySection:
    return _listing(findings, Kind.PHENOTYPE, "phenotype", "Phenotype", (MET, UNKNOWN))


def scores(findings: Sequence[FindingDict]) -> SummarySection:
    return _listing(findings, Kind.SCORE, "scores", "Scores", (MET, UNKNOWN), run_in=True)


def change_over_time(findings: Sequence[FindingDict]) -> SummarySection:
    """Every outcome: an unchanged score (not met) is as much part of the picture as an improved one."""
    return _listing(findings, Kind.OUTCOME, "outcomes", "Change", (MET, NOT_MET, UNKNOWN))


def causes(findings: Sequence[FindingDict]) -> SummarySection:
    return _listing(
        findings, Kind.DIFFERENTIAL, "causes", "Causes", (MET,), empty="none shown yet", run_in=True
    )


def workup_needed(findings: Sequence[FindingDict]) -> SummarySection:
    return _listing(
        findings, Kind.WORKUP, "workup", "Work-up needed", (MET,), empty="nothing outstanding", run_in=True
    )


def referral(findings: Sequence[FindingDict]) -> SummarySection:
    return _listing(findings, Kind.REFERRAL, "referral", "Referral", (MET, UNKNOWN))


def plan_steps(findings: Sequence[FindingDict]) -> SummarySection:
    """The plan's steps in their order, each with its role and what holds it back."""
    titles = {f["code"]: f["title"] for f in reversed(findings)}
    steps = [f for f in _of_kind(findings, Kind.PLAN) if f["status"] == MET]
    numbered = sorted(enumerate(steps), key=lambda pair: (_order(pair[1]) or pair[0] + 1, pair[0]))
    lines = [
        SummaryLine(
            step,
            step=_order(step) or position + 1,
            role=_role(step),
            held_by=_held_by(step, titles),
        )
        for position, step in numbered
    ]
    return SummarySection("plan", "Plan", tuple(lines), holds=_holds(lines))


def safety_warnings(findings: Sequence[FindingDict], listed: set[int]) -> SummarySection:
    """Met or undecided warnings (safety checks first) that no other section lists; their titles say what to do."""

    def wanted(finding: FindingDict) -> bool:
        if finding["kind"] in (Kind.RED_FLAG.value, Kind.PLAN.value) or id(finding) in listed:
            return False
        return finding["status"] in (MET, UNKNOWN) and _severity_rank(finding) <= WARNING_RANK

    safety_first = sorted(findings, key=lambda f: (_severity_rank(f), f["kind"] != Kind.SAFETY.value))
    lines = [SummaryLine(f) for f in safety_first if wanted(f)]
    present = any(f["kind"] == Kind.SAFETY.value for f in findings)
    return SummarySection("safety", "Safety", tuple(lines), empty="no warnings" if present else None)


def scs_state(findings: Sequence[FindingDict]) -> SummarySection:
    """The pathway's state lines (those with a value), then what is still to do (not met, with an action)."""
    scs = [f for f in _of_kind(findings, Kind.SCS) if f["status"] in (MET, NOT_MET, UNKNOWN)]
    state = [
        SummaryLine(f, show_action=True) for f in scs if f.get("value") is not None and f["status"] != NOT_MET
    ]
    to_do = [
        SummaryLine(f, to_do=True)
        for f in scs
        if f.get("value") is None and f["status"] != MET and f.get("action")
    ]
    return SummarySection("scs", "SCS", (*state, *to_do))


_SECTION_BUILDERS: tuple[Callable[[Sequence[FindingDict]], SummarySection], ...] = (
    act_now,
    criteria_status,
    phenotype,
    scores,
    change_over_time,
    causes,
    workup_needed,
    referral,
    plan_steps,
    scs_state,
)
_SAFETY_POSITION = (
    len(_SECTION_BUILDERS) - 1
)  # shown after the plan, before SCS; built last from what is left


# --- helpers ------------------------------------------------------------------------------------------------


def _listing(
    findings: Sequence[FindingDict],
    kind: Kind,
    key: str,
    label: str,
    statuses: tuple[str, ...],
    empty: str | None = None,
    run_in: bool = False,
) -> SummarySection:
    of_kind = _of_kind(findings, kind)
    lines = tuple(SummaryLine(f) for f in of_kind if f["status"] in statuses)
    undecided = 0 if UNKNOWN in statuses else sum(f["status"] == UNKNOWN for f in of_kind)
    empty = empty if of_kind else None
    return SummarySection(key, label, lines, empty=empty, undecided=undecided, run_in=run_in)


def _of_kind(findings: Sequence[FindingDict], kind: Kind) -> list[FindingDict]:
    return [f for f in findings if f["kind"] == kind.value]


def _parent(finding: FindingDict, family: Sequence[FindingDict]) -> FindingDict | None:
    """The finding whose code is the longest proper prefix of this one's (criteria.fbss of criteria.fbss.timing)."""
    code = finding["code"]
    parents = [f for f in family if code.startswith(f["code"] + ".")]
    return max(parents, key=lambda f: len(f["code"]), default=None)


def _by_urgency(findings: Sequence[FindingDict]) -> list[FindingDict]:
    return sorted(findings, key=_severity_rank)  # stable: engine order within a severity


def _severity_rank(finding: FindingDict) -> int:
    severity = finding.get("severity")
    return SEVERITY_ORDER[Severity(severity)] if severity else SEVERITY_ORDER[None]


def _data(finding: FindingDict) -> Mapping[str, Any]:
    data = finding.get("data")
    return data if isinstance(data, Mapping) else {}


def _order(finding: FindingDict) -> int | None:
    order = _data(finding).get("order")
    return order if isinstance(order, int) and not isinstance(order, bool) else None


def _role(finding: FindingDict) -> str | None:
    data = _data(finding)
    role = data.get("role_name") or data.get("role")
    return str(role).replace("_", " ") if role else None


def _holds(lines: Iterable[SummaryLine]) -> tuple[Hold, ...]:
    grouped: dict[tuple[str, ...], list[int]] = {}
    for line in lines:
        if line.held_by and line.step is not None:
            grouped.setdefault(line.held_by, []).append(line.step)
    return tuple(Hold(tuple(steps), until) for until, steps in grouped.items())


def _held_by(finding: FindingDict, titles: Mapping[str, str]) -> tuple[str, ...]:
    data = _data(finding)
    if not data.get("held"):
        return ()
    holders = data.get("held_by") or ()
    return tuple(titles.get(str(code), str(code)) for code in holders) or ("not stated",)
