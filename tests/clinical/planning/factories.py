"""Small builders for planning tests: a case from keyword fields, and upstream findings built directly
(the planning rules read them by code, so tests need not run the upstream rules)."""

from __future__ import annotations

from typing import Any

from fbss.clinical.case import Case
from fbss.clinical.finding import Finding, Kind, Missing, Severity, Status
from fbss.clinical.planning.context import PlanContext
from fbss.clinical.policy import DEFAULT_POLICY, Policy
from fbss.clinical.sources import NICE_NG59

KIND_BY_PREFIX = {
    "redflag": Kind.RED_FLAG,
    "phenotype": Kind.PHENOTYPE,
    "differential": Kind.DIFFERENTIAL,
    "referral": Kind.REFERRAL,
    "workup": Kind.WORKUP,
    "score": Kind.SCORE,
}


def make_case(**fields: Any) -> Case:
    return Case.model_validate({"assessment_date": "2026-11-01", **fields})


def upstream(
    code: str,
    value: str | int | None = None,
    status: Status = Status.MET,
    severity: Severity | None = None,
    data: dict[str, Any] | None = None,
    title: str | None = None,
    action: str | None = None,
    missing: tuple[Missing, ...] = (),
) -> Finding:
    return Finding(
        code=code,
        kind=KIND_BY_PREFIX[code.split(".")[0]],
        title=title or code,
        status=status,
        severity=severity,
        value=value,
        action=action,
        missing=missing,
        sources=(NICE_NG59,),
        data=data or {},
    )


def phenotype(mechanism: str, grade: str, predominance: str) -> tuple[Finding, ...]:
    return (
        upstream("phenotype.mechanism", mechanism),
        upstream("phenotype.neuropathic_grade", grade),
        upstream("phenotype.predominance", predominance),
    )


RADICULAR = phenotype("nerve", "probable", "leg")
MYOFASCIAL_BACK = phenotype("muscle", "unlikely", "back")
NO_SURGICAL_CAUSE = (upstream("referral.surgical", status=Status.NOT_MET, data={"causes": []}),)


def context(case: Case, earlier: tuple[Finding, ...] = (), policy: Policy = DEFAULT_POLICY) -> PlanContext:
    return PlanContext(case, policy, earlier)


LEG_PAIN = [
    {"region": "leg", "side": "left", "nrs_average": 7, "duration_months": 24},
    {"region": "back", "nrs_average": 3, "duration_months": 24},
]

# A completed SCS trial whose record lacks every analgesic count (baseline and diary), so its outcome is
# undetermined (treatment-safety.md §1.4: the success rule reads analgesic use).
TRIAL_WITHOUT_ANALGESIC_COUNTS = {
    "start": "2026-10-20",
    "end": "2026-10-26",
    "baseline_nrs_leg": 8,
    "baseline_active_minutes": 60,
    "patient_satisfied": True,
    "decision": "implant",
    "diary": [{"date": "2026-10-21", "nrs_leg": 3, "active_minutes": 90}],
}
