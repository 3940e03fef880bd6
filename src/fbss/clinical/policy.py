"""Settings that a clinic may change, as opposed to clinical facts. Passed into `assess`, never read from
the environment inside the core. Each default names its source."""

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
    # Payers (e.g. Medicare) require a successful trial; TRIAL-STIM found no outcome benefit from trialling.
    scs_trial_required: bool = True


DEFAULT_POLICY = Policy()
