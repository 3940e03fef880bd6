"""Golden digest: the whole output of `assess` on a fixed set of cases, pinned by SHA-256.

Speed-ups of the clinical core must change no output. This test assesses every readable case in examples/ and
tests/scenarios/cases/ plus two seeds of generated cases, serialises each Assessment with to_dict() as canonical
JSON (sorted keys) and compares one digest per group with tests/clinical/golden_digest.json.

If the clinical output changed on purpose (a rule, wording, threshold or source), regenerate the file with

    .venv/bin/python -m tests.clinical.test_golden

and commit it with the change that explains it.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from fbss.caseio import read_case_file
from fbss.caseio.problems import CaseInputError
from fbss.clinical.assess import assess
from fbss.clinical.case import Case
from fbss.clinical.knowledge import KNOWLEDGE_VERSION
from fbss.demo import generate_cases

ROOT = Path(__file__).resolve().parents[2]
DIGEST_FILE = Path(__file__).resolve().parent / "golden_digest.json"
REGENERATE = ".venv/bin/python -m tests.clinical.test_golden"
FOLDERS = {"examples": ROOT / "examples", "scenarios": ROOT / "tests" / "scenarios" / "cases"}
GENERATED_CASES = 3000
SEEDS = (1, 7)


def readable_cases(folder: Path) -> Iterator[Case]:
    """The cases of a folder that validate, in file-name order (the bad-* scenarios are refused on purpose)."""
    for path in sorted(folder.glob("*.yaml")):
        try:
            yield read_case_file(path)
        except CaseInputError:
            continue


def groups() -> dict[str, Iterable[Case]]:
    cases: dict[str, Iterable[Case]] = {name: readable_cases(folder) for name, folder in FOLDERS.items()}
    for seed in SEEDS:
        cases[f"generated seed {seed}"] = generate_cases(GENERATED_CASES, seed)
    return cases


def digest_of(cases: Iterable[Case]) -> dict[str, object]:
    """How many cases, and the SHA-256 of their assessments as canonical JSON lines."""
    digest = hashlib.sha256()
    count = 0
    for case in cases:
        digest.update(orjson.dumps(assess(case).to_dict(), option=orjson.OPT_SORT_KEYS))
        digest.update(b"\n")
        count += 1
    return {"cases": count, "sha256": digest.hexdigest()}


def current() -> dict[str, object]:
    return {
        "knowledge_version": KNOWLEDGE_VERSION,
        "groups": {name: digest_of(cases) for name, cases in groups().items()},
    }


def test_assessments_match_the_golden_digest() -> None:
    expected = orjson.loads(DIGEST_FILE.read_bytes())
    found = current()
    changed = [
        name
        for name in sorted(set(expected["groups"]) | set(found["groups"]))  # type: ignore[call-overload]
        if expected["groups"].get(name) != found["groups"].get(name)  # type: ignore[attr-defined]
    ]
    assert found == expected, (
        f"the output of assess changed (groups: {', '.join(changed) or 'none'}; knowledge version "
        f"{expected['knowledge_version']} -> {found['knowledge_version']}). A speed-up must change no output: "
        f"find what changed. If the clinical output changed on purpose, regenerate with `{REGENERATE}` "
        "and commit tests/clinical/golden_digest.json with the change."
    )


def main() -> None:
    DIGEST_FILE.write_bytes(orjson.dumps(current(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    sys.stdout.write(f"wrote {DIGEST_FILE.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
