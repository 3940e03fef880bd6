"""How fast `fbss assess` turns NDJSON cases into assessments, against the floor of parsing the same bytes.

    .venv/bin/python bench/assess_throughput.py [--cases 100000] [--seed 1] [--profile]

Generates N synthetic cases (fbss.demo), writes them as NDJSON to a temporary file, then times, on one core and
reading the same file each time:
  (a) the floor: orjson.loads of every line;
  (v) parse + validate (Case.model_validate_json, as `fbss assess` reads NDJSON);
  (b) parse + validate + assess, the assessment discarded at once (nothing piles up);
  (o) (b) plus encoding each assessment as an NDJSON line, as `fbss assess - --format json` does;
  (f) for reference, only constructing the objects an assessment is made of (every Finding with its Because,
      Missing and Coding entries, re-created from the fields of real assessments): a floor for any pure-Python
      `assess` that returns this output, however its rules are written.
Then a second pass of (b) under tracemalloc gives the peak Python heap within the first and the last 10,000
cases, and what is still held after them: streaming means these stay about equal, whatever N (what is held
grows by about 1 MB over the first ~30,000 distinct cases, then stops: pydantic-core's cache of JSON strings, which
is bounded, fills with the case ids; nothing of ours accumulates).
Targets: (b) >= 10,000 cases/s and (b) within 3x of (a). When a target is missed (or with --profile), cProfile
shows where the time goes, by module.

Where it stands (knowledge 2026.12.0, one core): (a) ~20 us/case, (v) ~100, (b) ~1,700 (~600 cases/s, ~80x the
floor); knowledge 2026.12.2 on a slow hour: (a) 52 us, (v) 272, (b) 3,729 (268 cases/s, 72x the floor). On a
shared machine the speed of the same code varies by up to 2.5x from run to run, CPU time included:
compare versions interleaved in one process, not two runs of this script. The targets are out of reach for
pure Python with this output: one assessment is ~90 findings carrying ~160 reasons, ~40 gaps and ~580 data
entries, and (f), only building those objects, costs ~300 us, already ~15x the floor before any rule runs. The
rules' own time is spread over ~900 functions, none above ~2% of (b) (about 4,400 Python calls per case); the
cyclic GC costs nothing measurable ((b) with it off is the same). What remains is the price of running the
rules as readable Python, not a hot spot. Compiling the clinical core with mypyc (third session; 104 modules, 4
minutes of gcc, three classes kept as Python classes for their cached properties) gave 1.0-1.5x on `assess`
and changed its output (the golden digest), so it was not adopted; (v) alone, pydantic's parse and validate of
the case, is already ~5x the floor.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from fbss.caseio import read_ndjson
from fbss.clinical.assess import assess
from fbss.clinical.assessment import Assessment
from fbss.clinical.case import Case
from fbss.clinical.finding import Because, Coding, Finding, Missing
from fbss.demo import generate_case_documents
from fbss.render import assessment_ndjson_line

TARGET_PER_SECOND = 10_000
TARGET_RATIO = 3.0
CHECKPOINT = 10_000
PROFILE_CASES = 5_000
FLOOR_SAMPLE = 500
# The steps of `fbss assess`, found in the profile by (module path, function name).
STAGES = (
    ("read + validate (fbss.caseio)", "fbss/caseio/__init__.py", "case_from_json"),
    ("scoring the responses", "fbss/clinical/instruments/registry.py", "histories"),
    ("red flags", "fbss/clinical/redflags/__init__.py", "screen"),
    ("scores", "fbss/clinical/instruments/findings.py", "score_findings"),
    ("outcomes", "fbss/clinical/outcomes.py", "changes"),
    ("phenotype", "fbss/clinical/phenotype/__init__.py", "classify"),
    ("criteria", "fbss/clinical/criteria/__init__.py", "fbss_criteria"),
    ("differential and work-up", "fbss/clinical/workup/__init__.py", "differential"),
    ("planning", "fbss/clinical/planning/__init__.py", "plan"),
    ("ordering the findings", "fbss/clinical/assessment.py", "ordered"),
)


def write_cases(path: Path, count: int, seed: int) -> int:
    """Write `count` generated cases as NDJSON; the number of bytes written."""
    size = 0
    with path.open("wb") as out:
        for document in generate_case_documents(count, seed):
            line = orjson.dumps(document, option=orjson.OPT_APPEND_NEWLINE)
            size += len(line)
            out.write(line)
    return size


def lines_of(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        yield from stream


def parse_only(path: Path) -> int:
    count = 0
    for line in lines_of(path):
        orjson.loads(line)
        count += 1
    return count


def validate_only(path: Path) -> int:
    count = 0
    for line in lines_of(path):
        Case.model_validate_json(line)
        count += 1
    return count


def assess_all(path: Path, on_case: Callable[[int], None] | None = None, encode: bool = False) -> int:
    """The `fbss assess` path: read NDJSON entries, assess each, keep nothing."""
    count = 0
    for entry in read_ndjson(lines_of(path), str(path)):
        if entry.case is None:
            raise SystemExit(f"generated case unreadable: {entry.error}")
        assessment = assess(entry.case)
        if encode:
            assessment_ndjson_line(assessment)
        count += 1
        if on_case is not None:
            on_case(count)
    return count


def assessments_of(path: Path, count: int) -> list[Assessment]:
    """The assessments of the first `count` cases of the file (kept, for the construction floor)."""
    found: list[Assessment] = []
    for entry in read_ndjson(lines_of(path), str(path)):
        if entry.case is None or len(found) >= count:
            break
        found.append(assess(entry.case))
    return found


def construct_only(assessments: list[Assessment], rounds: int) -> int:
    """Re-create every finding of the given assessments `rounds` times; the number of assessments built."""
    for _ in range(rounds):
        for assessment in assessments:
            for f in assessment.findings:
                Finding(
                    code=f.code,
                    kind=f.kind,
                    title=f.title,
                    status=f.status,
                    sources=f.sources,
                    severity=f.severity,
                    because=tuple([Because(b.path, b.value, b.note) for b in f.because]),
                    missing=tuple([Missing(m.path, m.reason) for m in f.missing]),
                    detail=f.detail,
                    action=f.action,
                    timeframe=f.timeframe,
                    value=f.value,
                    codes=tuple([Coding(c.system, c.code, c.display) for c in f.codes]),
                    data=dict(f.data),
                )
    return rounds * len(assessments)


def construction_floor(path: Path, cases: int) -> float:
    """(f): assessments per second when only their findings are constructed (after the memory pass)."""
    sample = assessments_of(path, FLOOR_SAMPLE)
    rounds = max(1, cases // len(sample) // 10)
    return timed("(f) constructing the findings only", lambda: construct_only(sample, rounds))


def timed(label: str, run: Callable[[], int], gc_off: bool = False) -> float:
    """Cases per second of one stage, GC kept from re-scanning the long-lived objects made before it."""
    gc.collect()
    gc.freeze()
    if gc_off:
        gc.disable()
    collections_before = sum(stat["collections"] for stat in gc.get_stats())
    start, cpu_start = time.perf_counter(), time.process_time()
    count = run()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    collections = sum(stat["collections"] for stat in gc.get_stats()) - collections_before
    gc.enable()
    gc.unfreeze()
    rate = count / elapsed
    # CPU time beside wall time: on a shared machine the wall time also counts waiting for a core.
    print(
        f"  {label:<46} {rate:>9,.0f} cases/s  {1e6 / rate:7.1f} us/case  ({elapsed:6.1f} s, "
        f"CPU {1e6 * cpu / count:7.1f} us/case, {collections} GC runs)"
    )
    return rate


@dataclass(frozen=True)
class Memory:
    """Traced Python memory (MB) of one streaming pass of (b)."""

    peak_first: float  # highest during the first CHECKPOINT cases
    peak_last: float  # highest during the last CHECKPOINT cases (or fewer)
    peak_all: float  # highest over the whole pass (grows a little with N: rarer, larger cases turn up)
    held_first: float  # held after the first CHECKPOINT cases, after a collection
    held_end: float  # held after all of them, after a collection


def memory_of_one_pass(path: Path, total: int) -> Memory:
    """Traced memory at each CHECKPOINT of one streaming pass: the peak within each stretch, and what stays."""
    stretches: list[tuple[float, float]] = []  # (peak within the stretch, held at its end)
    highest = 0.0

    def note(count: int) -> None:
        nonlocal highest
        if count % CHECKPOINT == 0 or count == total:
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            highest = max(highest, peak)
            gc.collect()
            stretches.append((peak, tracemalloc.get_traced_memory()[0] / 1e6))
            tracemalloc.reset_peak()

    gc.collect()
    tracemalloc.start()
    try:
        assess_all(path, note)
    finally:
        tracemalloc.stop()
    first, last = stretches[0], stretches[-1]
    return Memory(first[0], last[0], highest, first[1], last[1])


def max_rss_mb() -> float:
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1e6


def profile_by_module(path: Path) -> None:
    """Where (b) spends its time, by module, on the first PROFILE_CASES cases."""
    sample = path.with_suffix(".sample.ndjson")
    with path.open("rb") as source, sample.open("wb") as out:
        for number, line in enumerate(source):
            if number >= PROFILE_CASES:
                break
            out.write(line)
    profiler = cProfile.Profile()
    profiler.runcall(assess_all, sample)
    stats = pstats.Stats(profiler)
    _print_stages(stats)
    by_module: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_module[_module_name(filename)] += own_time
    total = sum(by_module.values())
    print(f"\nOwn time by module (cProfile, {PROFILE_CASES:,} cases; profiling slows everything down):")
    for module, seconds in sorted(by_module.items(), key=lambda item: -item[1])[:15]:
        print(f"  {module:<48} {100 * seconds / total:5.1f} %")
    print("\nSlowest functions (cumulative):")
    stats.sort_stats("cumulative").print_stats(r"fbss", 12)


def _print_stages(stats: pstats.Stats) -> None:
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(cum for (file, _, name), (_, _, _, cum, _) in entries.items() if name == "assess_all")
    print(f"\nWhere the time goes, by step of (b) (cProfile cumulative time, {PROFILE_CASES:,} cases):")
    for label, path, function in STAGES:
        seconds = sum(
            cumulative
            for (file, _, name), (_, _, _, cumulative, _) in entries.items()
            if name == function and file.endswith(path)
        )
        print(f"  {label:<48} {100 * seconds / total:5.1f} %")


def _module_name(filename: str) -> str:
    if "/fbss/" in filename:
        return "fbss." + filename.split("/fbss/", 1)[1].removesuffix(".py").replace("/", ".")
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0] + " (library)"
    return "builtins and C code" if filename.startswith("~") or "<" in filename else Path(filename).name


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="always show where the time goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.ndjson"
        start = time.perf_counter()
        size = write_cases(path, args.cases, args.seed)
        print(
            f"{args.cases:,} synthetic cases (seed {args.seed}), {size / args.cases / 1000:.1f} kB each on average, "
            f"generated in {time.perf_counter() - start:.1f} s; one process, pid {os.getpid()}"
        )
        floor = timed("(a) parse floor: orjson.loads", lambda: parse_only(path))
        timed("(v) parse + validate", lambda: validate_only(path))
        rate = timed("(b) parse + validate + assess", lambda: assess_all(path))
        timed("    (b) with the cyclic GC off, for reference", lambda: assess_all(path), gc_off=True)
        timed("(o) (b) + NDJSON output", lambda: assess_all(path, encode=True))
        ratio = floor / rate
        print(f"\n  (b) is {ratio:.1f}x slower than the parse floor (target: within {TARGET_RATIO:.0f}x)")
        print(f"  (b) runs at {rate:,.0f} cases/s (target: at least {TARGET_PER_SECOND:,}/s on one core)")
        memory = memory_of_one_pass(path, args.cases)
        stretch = min(CHECKPOINT, args.cases)
        print(
            f"\n  traced memory of (b), one streaming pass of {args.cases:,} cases: peak {memory.peak_first:.1f} MB "
            f"in the first {stretch:,}, {memory.peak_last:.1f} MB in the last {stretch:,} (highest {memory.peak_all:.1f}); "
            f"held after {stretch:,}: {memory.held_first:.2f} MB, after {args.cases:,}: {memory.held_end:.2f} MB"
        )
        print(f"  peak resident set size of this process: {max_rss_mb():.0f} MB")
        built = construction_floor(path, args.cases)
        print(
            f"  constructing the findings alone takes {100 * rate / built:.0f}% of the time of (b), and is "
            f"{floor / built:.1f}x the parse floor by itself"
        )
        missed = rate < TARGET_PER_SECOND or ratio > TARGET_RATIO
        print(f"\nTargets {'MISSED' if missed else 'met'}.")
        if missed or args.profile:
            profile_by_module(path)


if __name__ == "__main__":
    main()
