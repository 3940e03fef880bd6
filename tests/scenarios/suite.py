"""What every folder of scenario cases shares: each case read and assessed once, the scenarios that show a known
defect marked xfail(strict), the checks of one scenario run with its defect checks last, and the bookkeeping that
keeps case files, expectations and defect marks in step. The expectations themselves stay in each folder's module.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from fbss.caseio import read_case_file
from fbss.clinical.assess import assess

from .checks import UNKNOWN, Check, Defect, DefectShown, Doc

Expected = Mapping[str, tuple[Check, ...]]


@functools.cache
def assessed(path: Path) -> Doc:
    """The assessment document (docs/output.md) of one case file."""
    return assess(read_case_file(path)).to_dict()


def scenario_params(expected: Expected, defects: Mapping[str, str]) -> list[Any]:
    """Every scenario name; those showing a defect today carry xfail(strict, raises=DefectShown)."""
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, raises=DefectShown, reason=defects[name]))
        if name in defects
        else name
        for name in expected
    ]


def verify_all(checks: Iterable[Check], doc: Doc) -> None:
    """Run a scenario's checks, the guideline's other checks before any defect check."""
    for check in sorted(checks, key=lambda c: isinstance(c, Defect)):
        check.verify(doc)


def case_names(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.yaml")}


def with_defect_checks(expected: Expected) -> set[str]:
    """The scenarios that hold a `Defect` check (and so must be marked)."""
    return {name for name, checks in expected.items() if any(isinstance(c, Defect) for c in checks)}


def undecided_without_missing(docs: Mapping[str, Doc]) -> list[tuple[str, str]]:
    """(scenario, finding code) of every unknown finding that does not say what would decide it."""
    return sorted(
        {
            (name, f["code"])
            for name, doc in docs.items()
            for f in doc["findings"]
            if f["status"] == UNKNOWN and not f["missing"]
        }
    )
