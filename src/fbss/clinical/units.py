"""Laboratory units: one canonical unit per test, and the conversions we accept.

A value in a unit we do not know is refused (never guessed). Unit spellings include UCUM codes as FHIR
carries them (e.g. `10*3/uL`, `umol/L`, `mL/min/{1.73_m2}`).
"""

from __future__ import annotations

from typing import Any

# Creatinine molar mass 113.12 g/mol: 1 mg/dL = 10 mg/L / 113.12 g/mol = 88.4 umol/L.
CREATININE_UMOL_PER_MG_DL = 88.4

CANONICAL_UNIT: dict[str, str] = {
    "crp": "mg/L",
    "esr": "mm/h",
    "wbc": "10*9/L",
    "creatinine": "mg/dL",
    "egfr": "mL/min/1.73m2",
    "crcl": "mL/min",
    "inr": "1",
    "platelets": "10*9/L",
}

_PER_MICROLITRE_THOUSANDS = {"10*3/ul", "10^3/ul", "x10^3/ul", "k/ul", "10*3/mm3", "thou/ul"}
_PER_LITRE_BILLIONS = {"10*9/l", "10^9/l", "x10^9/l", "x10e9/l", "g/l-cells"}

# multiplier from the given unit (lower-cased, spaces removed, micro sign folded to u) to the canonical one
_FACTORS: dict[str, dict[str, float]] = {
    "crp": {"mg/l": 1.0, "mg/dl": 10.0},
    "esr": {"mm/h": 1.0, "mm/hr": 1.0, "mm/(1.h)": 1.0, "mm/1h": 1.0},
    "wbc": {**dict.fromkeys(_PER_LITRE_BILLIONS, 1.0), **dict.fromkeys(_PER_MICROLITRE_THOUSANDS, 1.0)},
    "creatinine": {
        "mg/dl": 1.0,
        "umol/l": 1 / CREATININE_UMOL_PER_MG_DL,
        "µmol/l": 1 / CREATININE_UMOL_PER_MG_DL,
    },
    "egfr": {
        "ml/min/1.73m2": 1.0,
        "ml/min/{1.73_m2}": 1.0,
        "ml/min/1.73_m2": 1.0,
        "ml/min/1.73m^2": 1.0,
    },
    "crcl": {"ml/min": 1.0},
    "inr": {"1": 1.0, "{inr}": 1.0, "{ratio}": 1.0, "ratio": 1.0, "inr": 1.0},
    "platelets": {
        **dict.fromkeys(_PER_LITRE_BILLIONS, 1.0),
        **dict.fromkeys(_PER_MICROLITRE_THOUSANDS, 1.0),
    },
}


def normalise_unit_spelling(unit: str) -> str:
    return unit.strip().replace(" ", "").replace("μ", "u").replace("µ", "u").lower()


def conversion_factor(test: str, unit: str | None) -> float:
    """Factor that turns a value in `unit` into the canonical unit of `test`; ValueError if not accepted."""
    if test not in _FACTORS:
        raise ValueError(f"unknown laboratory test {test!r}")
    if unit is None or unit == "":
        return 1.0
    factors = _FACTORS[test]
    key = normalise_unit_spelling(unit)
    if key not in factors:
        accepted = ", ".join(sorted({CANONICAL_UNIT[test], *(_display_units(test))}))
        raise ValueError(f"unit {unit!r} is not accepted for {test}; use one of: {accepted}")
    return factors[key]


def _display_units(test: str) -> set[str]:
    return {
        "crp": {"mg/dL"},
        "creatinine": {"umol/L"},
        "wbc": {"10*3/uL"},
        "platelets": {"10*3/uL"},
        "egfr": {"mL/min/{1.73_m2}"},
    }.get(test, set())


def canonicalise_lab(data: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of a raw lab dict with its value in the canonical unit of its test; ValueError when the
    unit is not accepted or the value is beyond the plausibility limit of its test."""
    test = str(data.get("test", ""))
    value = data.get("value")
    if test not in CANONICAL_UNIT or not isinstance(value, (int, float)) or isinstance(value, bool):
        return data  # the field validators report the problem with its path
    unit = data.get("unit")
    canonical = round(float(value) * conversion_factor(test, unit), 4)
    check_plausible(test, float(value), unit, canonical)
    return {**data, "value": canonical, "unit": CANONICAL_UNIT[test]}


# Plausibility checks, not clinical thresholds: the upper end of what is seen in living patients (physiological
# and pathological ranges), in the canonical unit. A value beyond it is almost always a unit or typing error,
# so it is refused with a hint rather than allowed to drive a dose or a red flag.
PLAUSIBLE_MAX: dict[str, float] = {
    "creatinine": 20.0,  # mg/dL; severe renal failure is about 10-15 mg/dL
    "crp": 1000.0,  # mg/L
    "inr": 20.0,
    "platelets": 2000.0,  # 10*9/L
    "wbc": 500.0,  # 10*9/L
    "egfr": 250.0,  # mL/min/1.73m2
    "crcl": 250.0,  # mL/min
}
# The error that most often gives such a value, when the value was entered in the canonical unit or none.
LIKELY_SLIP: dict[str, str] = {
    "creatinine": "was it umol/L?",
    "crp": "was it nmol/L or ng/mL?",
    "inr": "was it a prothrombin time in seconds?",
    "platelets": "was it a count per microlitre (250,000/uL = 250 x10^9/L)?",
    "wbc": "was it a count per microlitre (7,500/uL = 7.5 x10^9/L)?",
    "egfr": "check the value and the test (a creatinine in umol/L?)",
    "crcl": "check the value and the test (a creatinine in umol/L?)",
}


def check_plausible(test: str, value: float, unit: str | None, canonical: float) -> None:
    """ValueError naming the test, the value and the likely slip when `canonical` is beyond the limit."""
    limit = PLAUSIBLE_MAX.get(test)
    if limit is None or canonical <= limit:
        return
    target = CANONICAL_UNIT[test]
    given = unit or target
    shown = f"{test} {value:g} {given}" if given != "1" else f"{test} {value:g}"
    if canonical != round(value, 4):  # converted from another unit: the slip is not the usual one
        shown += f" ({canonical:.3g} {target})"
        hint = "check the value and the unit"
    else:
        hint = LIKELY_SLIP[test]
    limit_text = f"{limit:g} {target}" if target != "1" else f"{limit:g}"
    raise ValueError(f"{shown} is not plausible (above {limit_text}, a plausibility limit); {hint}")
