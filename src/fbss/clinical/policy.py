"""Settings that a clinic may change, as opposed to clinical facts. Passed into `assess`, never read from
the environment inside the core. Each default names its source, or says plainly that it is a local choice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Policy:
    # Practice Parameters for SCS (Neuromodulation Foundation 2006): "a trial of three to eight days
    # generally provides sufficient information".
    scs_trial_min_days: int = 3
    scs_trial_max_days: int = 8
    # Trial success: >= 50% pain relief with stable or reduced analgesics and stable or increased activity
    # (Practice Parameters 2006; TRIAL-STIM, Eldabe 2020).
    scs_trial_success_relief_percent: float = 50.0
    # Practice Parameters 2006 (trial outcomes): patient satisfaction is also needed for a successful trial.
    scs_trial_requires_satisfaction: bool = True
    # No source defines "stable" analgesic use or activity: the fraction of baseline within which a diary
    # average still counts as stable. 0 (the default) is strict: any rise in analgesics is "increased".
    scs_trial_stable_tolerance: float = 0.0
    # Payers (e.g. Medicare) require a successful trial; TRIAL-STIM found no outcome benefit from trialling.
    scs_trial_required: bool = True
    # NICE TA159 1.1: pain >= 50 mm on a 0-100 mm VAS for >= 6 months despite conventional management.
    # The case records a 0-10 NRS; 5/10 is read as the equivalent of 50/100 mm (a mapping, stated in output).
    scs_min_pain_nrs: int = 5
    scs_min_pain_months: float = 6.0
    # No verified source gives a post-implant follow-up schedule: it is the clinic's. Weeks after implant;
    # empty means "not set" and the SCS follow-up finding says so.
    scs_followup_weeks: tuple[int, ...] = ()
    # Local choice, no guideline source: the oldest creatinine (days) used for Cockcroft-Gault. The Neurontin
    # label only requires stable renal function; an older value is reported but not used for dosing.
    renal_lab_max_age_days: int = 90
    # Local choice, not a guideline number: the oldest negative spine imaging (days) that still closes the
    # malignancy red flag when a history of cancer comes with weight loss or night pain. The case cannot record
    # when those features began, and imaging from before they began cannot exclude a new metastasis.
    malignancy_imaging_max_age_days: int = 30
    # No agreed limit on epidural steroid injections exists (fact sheet 2.1: insurer limits UNVERIFIED).
    # A clinic may set its own per-12-month count; None shows the count without a limit.
    esi_max_sessions_per_year: int | None = None
    # A site may name the guideline it prefers where guidelines conflict (source ids, e.g. "nice-cg173");
    # the conflict is still shown with both positions (fact sheet 4, rule 3).
    preferred_guidelines: tuple[str, ...] = ()


DEFAULT_POLICY = Policy()
