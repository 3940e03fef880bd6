"""Fourth outside clinical review, area B: red flags, FBSS criteria, pain phenotype and the `fbss assess` command.

Textbook held-out scenarios written from the fact sheets (shared/clinical/*.md) before the software's output was
read: one clear presentation per red flag, per phenotype and per criteria status. Each case's header comment names
the fact-sheet row it tests. EXPECTED checks the main conclusion and that the explanation names the right source
and the right next action with its time frame. Where the software disagrees and the source is clear, the check is
wrapped in `Defect(n, ...)` (numbered from 80) and the scenario is marked xfail(strict=True, raises=DefectShown)
through DEFECTS, as in tests/scenarios/test_scenarios.py.

The command tests at the end run `fbss assess` itself (subprocess): red flags first in the text report, the JSON
finding shape, a folder, an NDJSON stream on standard input, and bad input (exit 2, one message per bad field
naming its path, never a traceback).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..checks import (
    MET,
    NOT_MET,
    UNKNOWN,
    Because,
    Check,
    Cites,
    Coded,
    DataIs,
    DefectShown,
    Doc,
    Is,
    IsNot,
    Missing,
    NoElectiveStepWhileRedFlagOpen,
    Says,
    ValueNear,
    one,
)
from ..suite import (
    assessed,
    case_names,
    scenario_params,
    verify_all,
    with_defect_checks,
)

CASES = Path(__file__).resolve().parent / "cases"
FBSS = Path(sys.executable).with_name("fbss")
FINDING_KEYS = ("code", "kind", "status", "severity", "because", "missing", "sources")
RED_FLAGS = (
    "redflag.cauda_equina",
    "redflag.infection",
    "redflag.fracture",
    "redflag.malignancy",
    "redflag.neurological_deficit",
    "redflag.suicide_risk",
)


def assessment(name: str) -> Doc:
    """The assessment document (docs/output.md) of one scenario case."""
    return assessed(CASES / f"{name}.yaml")


@dataclass(frozen=True)
class RedFlagsFirst(Check):
    """All six red-flag findings come before any other finding, and `first` (if given) leads them all."""

    first: str = ""

    def verify(self, doc: Doc) -> None:
        kinds = [f["kind"] for f in doc["findings"]]
        assert kinds[: len(RED_FLAGS)] == ["red_flag"] * len(RED_FLAGS), f"order {kinds[:8]}"
        assert {f["code"] for f in doc["findings"][: len(RED_FLAGS)]} == set(RED_FLAGS)
        if self.first:
            assert doc["findings"][0]["code"] == self.first, f"first finding {doc['findings'][0]['code']}"


@dataclass(frozen=True)
class OpenRedFlags(Check):
    """summary.open_red_flags is exactly `codes`, in this order (most urgent first)."""

    codes: tuple[str, ...]
    highest: str

    def verify(self, doc: Doc) -> None:
        assert tuple(doc["summary"]["open_red_flags"]) == self.codes, doc["summary"]["open_red_flags"]
        assert doc["summary"]["highest_severity"] == self.highest, doc["summary"]["highest_severity"]


@dataclass(frozen=True)
class OnlyOpenFlag(Check):
    """The only met red flag is `code` (the textbook case raises one flag, not a cascade)."""

    code: str

    def verify(self, doc: Doc) -> None:
        met = [f["code"] for f in doc["findings"] if f["kind"] == "red_flag" and f["status"] == MET]
        assert met == [self.code], f"met red flags {met}"


@dataclass(frozen=True)
class HasActionAndTimeframe(Check):
    """A met finding carries an action and a time frame (docs/red-flags.md: set when met, and only then)."""

    code: str

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        assert f["action"], f"{f['code']} has no action"
        assert f["timeframe"], f"{f['code']} has no time frame"


NOT_ESTABLISHED = ("possible", "probable", "definite")
NEGATIVE_FLAGS = (IsNot("redflag.*"),)

EXPECTED: dict[str, tuple[Check, ...]] = {
    # --- red flags: one textbook case each ---------------------------------------------------------------
    "r5b-rf-ces-retention-saddle": (
        Is("redflag.cauda_equina", (MET,), severity=("emergency",)),
        HasActionAndTimeframe("redflag.cauda_equina"),
        Says("redflag.cauda_equina", ("4 hours|4 h", "mri", "lumbosacral", "immediate")),
        Says("redflag.cauda_equina", ("not delay",)),  # the bladder scan must not delay the MRI
        Cites("redflag.cauda_equina", ("girft|cauda equina",)),
        Coded("redflag.cauda_equina", includes=("G83.4", "8B40", "192970008")),
        Because("redflag.cauda_equina", "exam.post_void_residual_ml", 650),
        RedFlagsFirst("redflag.cauda_equina"),
        OpenRedFlags(("redflag.cauda_equina",), "emergency"),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "r5b-rf-infection-early-postop": (
        Is("redflag.infection", (MET,), severity=("urgent",)),
        HasActionAndTimeframe("redflag.infection"),
        Says("redflag.infection", ("contrast", "mri", "crp", "spinal")),
        Cites("redflag.infection", ("yusuf",)),
        Coded("redflag.infection", includes=("33910007",)),
        RedFlagsFirst("redflag.infection"),
        OnlyOpenFlag("redflag.infection"),
        Is("criteria.fbss", (NOT_MET,)),
        DataIs("criteria.fbss", "too_early", True),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "r5b-rf-fracture-steroids-fall": (
        Is("redflag.fracture", (MET,), severity=("urgent",)),
        HasActionAndTimeframe("redflag.fracture"),
        Says("redflag.fracture", ("x-ray|ct|mri|imaging",)),
        Cites("redflag.fracture", ("downie",)),
        Because("redflag.fracture", "red_flags.prolonged_corticosteroid_use", True),
        Because("redflag.fracture", "red_flags.recent_significant_trauma", True),
        RedFlagsFirst("redflag.fracture"),
        OnlyOpenFlag("redflag.fracture"),
    ),
    "r5b-rf-malignancy-cancer-weightloss": (
        Is("redflag.malignancy", (MET,), severity=("urgent",)),
        HasActionAndTimeframe("redflag.malignancy"),
        Says("redflag.malignancy", ("mri", "spinal cord compression")),
        Cites("redflag.malignancy", ("downie",)),
        Because("redflag.malignancy", "red_flags.history_of_cancer", True),
        RedFlagsFirst("redflag.malignancy"),
        OnlyOpenFlag("redflag.malignancy"),
        # ICD-11 MG30.21: malignancy must be excluded before chronic postsurgical pain is coded
        Is("criteria.fbss.exclusions", (NOT_MET,)),
        IsNot("criteria.fbss", (MET,)),
    ),
    "r5b-rf-progressive-footdrop": (
        Is("redflag.neurological_deficit", (MET,), severity=("urgent",)),
        HasActionAndTimeframe("redflag.neurological_deficit"),
        Says("redflag.neurological_deficit", ("mri", "refer|specialist")),
        Is("redflag.cauda_equina", (NOT_MET,)),
        RedFlagsFirst("redflag.neurological_deficit"),
        OnlyOpenFlag("redflag.neurological_deficit"),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "r5b-rf-suicide-item9": (
        Is("redflag.suicide_risk", (MET,), values=(2,), severity=("urgent",)),
        HasActionAndTimeframe("redflag.suicide_risk"),
        Says("redflag.suicide_risk", ("same session|same-session", "safety plan|risk assessment")),
        Cites("redflag.suicide_risk", ("kroenke|simon|louzon",)),
        Because("redflag.suicide_risk", "instruments[0].answers.9", 2),
        ValueNear("score.phq9", 11, 0),
        RedFlagsFirst("redflag.suicide_risk"),
        OnlyOpenFlag("redflag.suicide_risk"),
    ),
    "r5b-rf-order-ces-before-suicide": (
        Is("redflag.cauda_equina", (MET,), severity=("emergency",)),
        Is("redflag.suicide_risk", (MET,), severity=("urgent",)),
        RedFlagsFirst("redflag.cauda_equina"),
        OpenRedFlags(("redflag.cauda_equina", "redflag.suicide_risk"), "emergency"),
    ),
    "r5b-rf-bilateral-weakness": (
        Is("redflag.neurological_deficit", (MET,), severity=("emergency",)),
        Says("redflag.neurological_deficit", ("4 hours|4 h", "mri")),
        Is("redflag.cauda_equina", (MET,), severity=("emergency",)),
        Says("redflag.cauda_equina", ("4 hours|4 h",)),
        RedFlagsFirst(),
        OpenRedFlags(("redflag.cauda_equina", "redflag.neurological_deficit"), "emergency"),
        NoElectiveStepWhileRedFlagOpen(),
    ),
    "r5b-rf-phq9-item9-zero-severe": (
        Is("redflag.suicide_risk", (NOT_MET,), values=(0,)),
        Says("redflag.suicide_risk", ("not rule out|does not exclude|no reassurance|not reassur",)),
        ValueNear("score.phq9", 21, 0),
        Says("score.phq9", ("severe",)),
        IsNot("redflag.*"),
    ),
    # --- phenotype -------------------------------------------------------------------------------------
    "r5b-ph-myofascial": (
        Is("phenotype.mechanism", (MET,), values=("muscle",)),
        IsNot("phenotype.neuropathic_grade", values=NOT_ESTABLISHED),
        Cites("phenotype.mechanism", ("dommerholt|trigger point",)),
        Coded("phenotype.mechanism", excludes=("247398009", "726531007")),  # 726531007 is UNVERIFIED
        Is("differential.myofascial", (MET,)),
        Is("phenotype.predominance", values=("back",)),
        *NEGATIVE_FLAGS,
    ),
    "r5b-ph-radicular-possible": (
        Is("phenotype.neuropathic_grade", (MET,), values=("possible",)),
        Cites("phenotype.neuropathic_grade", ("finnerup",)),
        Coded("phenotype.neuropathic_grade", excludes=("247398009",)),
        IsNot("phenotype.mechanism", values=("muscle", "mixed")),
        Is("phenotype.predominance", values=("leg",)),
        *NEGATIVE_FLAGS,
    ),
    "r5b-ph-radicular-probable": (
        Is("phenotype.neuropathic_grade", (MET,), values=("probable",)),
        Cites("phenotype.neuropathic_grade", ("finnerup",)),
        Coded("phenotype.neuropathic_grade", includes=("247398009",)),
        Is("phenotype.mechanism", (MET,), values=("nerve",)),
        *NEGATIVE_FLAGS,
    ),
    "r5b-ph-radicular-definite": (
        Is("phenotype.neuropathic_grade", (MET,), values=("definite",)),
        Cites("phenotype.neuropathic_grade", ("finnerup",)),
        Says("phenotype.neuropathic_grade", ("caus",)),  # definite does not prove causality
        Coded("phenotype.neuropathic_grade", includes=("247398009",)),
        Is("phenotype.mechanism", (MET,), values=("nerve",)),
        *NEGATIVE_FLAGS,
    ),
    "r5b-ph-mixed": (
        Is("phenotype.mechanism", (MET,), values=("mixed",)),
        Cites("phenotype.mechanism", ("freynhagen",)),
        Is("phenotype.neuropathic_grade", (MET,), values=("probable", "definite")),
        *NEGATIVE_FLAGS,
    ),
    "r5b-ph-undetermined": (
        Is("phenotype.neuropathic_grade", (UNKNOWN,), values=("unknown",)),
        Missing("phenotype.neuropathic_grade", "dermatomes"),
        Is("phenotype.mechanism", (UNKNOWN,), values=("undetermined",)),
        Missing("phenotype.mechanism", "exam"),
    ),
    "r5b-ph-dn4-positive-no-signs": (
        ValueNear("score.dn4", 5, 0),
        IsNot("phenotype.neuropathic_grade", values=("probable", "definite")),
        IsNot("phenotype.mechanism", values=("nerve", "mixed")),
        *NEGATIVE_FLAGS,
    ),
    # --- FBSS criteria ---------------------------------------------------------------------------------
    "r5b-cr-met-lumbar": (
        Is("criteria.fbss", (MET,)),
        Coded("criteria.fbss", includes=("M96.1", "MG30.21", "27151001", "202725007")),
        Cites("criteria.fbss", ("mg30.21|icd-11",)),
        Is("criteria.fbss.timing", (MET,)),
        Is("criteria.fbss.location", (MET,)),
        Is("criteria.fbss.exclusions", (MET,)),
        Is("criteria.fbss.icd11_course", (MET,)),
        Is("redflag.infection", (NOT_MET,)),
        Is("redflag.malignancy", (NOT_MET,)),
    ),
    "r5b-cr-returned-2-months-ago": (
        Is("criteria.fbss", (NOT_MET,)),
        Says("criteria.fbss", ("3 months",)),
        *NEGATIVE_FLAGS,
    ),
    "r5b-cr-not-met-no-surgery": (
        Is("criteria.fbss", (NOT_MET,)),
        Says("criteria.fbss", ("type 1|without surgery|no spine surgery|no surgery|without previous",)),
    ),
    "r5b-cr-too-early": (
        Is("criteria.fbss", (NOT_MET,)),
        DataIs("criteria.fbss", "too_early", True),
        DataIs("criteria.fbss", "decidable_from", "2026-12-20"),
        Says("criteria.fbss", ("3 months",)),
        Is("criteria.fbss.timing", (NOT_MET,)),
        *NEGATIVE_FLAGS,
    ),
}

# Scenarios that show a defect today (numbered from 80; see the review report).
DEFECTS: dict[str, str] = {}


@pytest.mark.parametrize("name", scenario_params(EXPECTED, DEFECTS))
def test_scenario_concludes_what_the_guideline_says(name: str) -> None:
    verify_all(EXPECTED[name], assessment(name))


def test_every_case_file_has_an_expectation() -> None:
    assert case_names(CASES) == set(EXPECTED)
    assert set(DEFECTS) <= set(EXPECTED)


def test_only_scenarios_with_a_defect_check_are_marked() -> None:
    assert with_defect_checks(EXPECTED) == set(DEFECTS)


# --- the command: fbss assess CASE [--format text|json] ------------------------------------------------------


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run(
        [str(FBSS), "assess", *args], input=stdin, capture_output=True, text=True, timeout=120, env=env
    )


def case_json(name: str) -> str:
    """One scenario case as a compact JSON line (for an NDJSON stream)."""
    return json.dumps(yaml.safe_load((CASES / f"{name}.yaml").read_text()), default=str)


def test_text_report_lists_red_flags_first() -> None:
    out = run(str(CASES / "r5b-rf-order-ces-before-suicide.yaml"))
    assert out.returncode == 0, out.stderr
    assert "traceback" not in out.stderr.lower()
    text = out.stdout.lower()
    text = text[text.find("highest severity") :]  # after the header (the case id names both flags)
    ces, suicide = text.find("cauda equina"), text.find("suicide risk")
    criteria = text.find("fbss criteria")
    assert -1 < ces < suicide, "cauda equina (emergency) must come before suicide risk (urgent)"
    assert criteria == -1 or suicide < criteria, "red flags must come before the criteria"
    assert -1 < text.find("4 hours") < max(criteria, len(text)), "the CES time frame is on the first screen"
    assert "same session" in text[: max(criteria, 0) or len(text)]


def test_json_has_every_finding_with_its_shape_sources_and_knowledge_version() -> None:
    out = run(str(CASES / "r5b-cr-met-lumbar.yaml"), "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert isinstance(doc["knowledge_version"], str)
    assert doc["knowledge_version"]
    assert doc["case_id"] == "r5b-cr-met-lumbar"
    assert doc["findings"]
    for f in doc["findings"]:
        for key in FINDING_KEYS:
            assert key in f, f"{f.get('code')} has no {key}"
        assert f["sources"], f"{f['code']} has no source"
        assert set(f["sources"]) <= set(doc["sources"]), f"{f['code']} cites an unresolved source"
        if f["status"] == UNKNOWN:
            assert f["missing"], f"{f['code']} is unknown and names nothing missing"
    assert {f["code"] for f in doc["findings"]} >= set(RED_FLAGS) | {"criteria.fbss", "phenotype.mechanism"}
    assert doc == assessment("r5b-cr-met-lumbar"), "the command and assess() must agree"


def test_a_folder_gives_one_ndjson_line_per_case_in_name_order() -> None:
    out = run(str(CASES), "--format", "json")
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    names = sorted(p.stem for p in CASES.glob("*.yaml"))
    assert [json.loads(line)["case_id"] for line in lines] == names


def test_an_ndjson_stream_on_stdin_is_read() -> None:
    names = ["r5b-rf-suicide-item9", "r5b-ph-mixed"]
    out = run("-", "--format", "json", stdin="\n".join(case_json(n) for n in names) + "\n")
    assert out.returncode == 0, out.stderr
    docs = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert [d["case_id"] for d in docs] == names
    assert docs[0]["summary"]["open_red_flags"] == ["redflag.suicide_risk"]


def test_bad_fields_exit_2_with_one_message_per_field_naming_its_path(tmp_path: Path) -> None:
    text = (CASES / "r5b-cr-met-lumbar.yaml").read_text()
    text = text.replace("nrs_average: 7", "nrs_average: 14").replace("sex: male", "sex: x")
    text = text.replace("temperature_c: 36.6", "temperature_c: 98.6")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    out = run(str(bad), "--format", "json")
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "traceback" not in (out.stderr + out.stdout).lower()
    assert out.stdout.strip() == ""
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    for path in ("pain[0].nrs_average", "sex", "exam.temperature_c"):
        assert sum(path in line for line in lines) == 1, f"one message for {path}: {lines}"
    assert all("bad.yaml" in line for line in lines if "error" in line.lower())


def test_a_bad_line_in_a_stream_is_reported_and_the_rest_assessed() -> None:
    good = case_json("r5b-ph-myofascial")
    broken = good.replace('"sex": "female"', '"sex": "x"')
    out = run("-", "--format", "json", stdin=f"{good}\n{broken}\n{{not json\n{good}\n")
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "traceback" not in out.stderr.lower()
    docs = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert len(docs) == 2
    errors = [line for line in out.stderr.splitlines() if line.strip()]
    assert any(":2:" in line and "sex" in line for line in errors), errors
    assert any(":3:" in line for line in errors), errors


def test_not_a_case_at_all_exits_2_without_traceback(tmp_path: Path) -> None:
    for name, content in (("list.yaml", "- 1\n- 2\n"), ("broken.yaml", "pain: [\n"), ("empty.json", "")):
        path = tmp_path / name
        path.write_text(content)
        out = run(str(path))
        assert out.returncode == 2, (name, out.returncode, out.stderr)
        assert "traceback" not in out.stderr.lower(), out.stderr
        assert out.stderr.strip(), f"{name}: no message"
    missing = run(str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2
    assert "traceback" not in missing.stderr.lower()


def shown(number: int, check: Any) -> None:
    """Run `check()`; a failed assertion documents defect `number` (see DEFECTS) and raises DefectShown."""
    try:
        check()
    except AssertionError as failure:
        raise DefectShown(f"D{number}: {failure}") from failure


COMMAND_DEFECTS = {
    80: "D80 (fixed): an impossible calendar date in a YAML case (2025-02-30) crashed fbss assess with a traceback",
    81: "D81 (fixed): two bad answers in one questionnaire gave one message: only the first bad item was reported",
}


def test_an_impossible_date_is_a_reading_error_not_a_crash(tmp_path: Path) -> None:
    text = (CASES / "r5b-cr-met-lumbar.yaml").read_text().replace("date: 2025-05-05", "date: 2025-02-30")
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.yaml").write_text((CASES / "r5b-ph-mixed.yaml").read_text())
    (folder / "b.yaml").write_text(text)
    (folder / "c.yaml").write_text((CASES / "r5b-ph-myofascial.yaml").read_text())
    single = run(str(folder / "b.yaml"), "--format", "json")
    batch = run(str(folder), "--format", "json")

    def check() -> None:
        assert "traceback" not in single.stderr.lower(), "a traceback for a bad date"
        assert single.returncode == 2, f"exit {single.returncode}"
        assert "surgeries[0].date" in single.stderr, single.stderr
        assert batch.returncode == 2, f"batch exit {batch.returncode}"
        assert len([line for line in batch.stdout.splitlines() if line.strip()]) == 2, "the rest of the batch"

    shown(80, check)


def test_each_bad_answer_gets_its_own_message(tmp_path: Path) -> None:
    bad = tmp_path / "two-bad-answers.yaml"
    bad.write_text(
        'assessment_date: 2026-11-01\ninstruments:\n  - {instrument: phq9, answers: {"8": 4, "9": 5}}\n'
    )
    out = run(str(bad), "--format", "json")
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "traceback" not in out.stderr.lower()

    def check() -> None:
        lines = [line for line in out.stderr.splitlines() if line.strip()]
        assert any("'8'" in line or ".8" in line for line in lines), lines
        assert any("'9'" in line or ".9" in line for line in lines), f"item 9 (= 5) not reported: {lines}"

    shown(81, check)
