"""How fast `fbss fhir import` reads Synthea data, against parsing and validating the same files with
fhir.resources alone.

    .venv/bin/python bench/fhir_ingest.py [--repeat 3]

Reads every bundle in shared/external/synthea-r4 and synthea-r4-chronic-pain and the NDJSON export in
synthea-bulk-ndjson-10, then times, in one process and on the same bytes (already in memory):
  (f) fhir.resources alone: orjson.loads + a pydantic model per resource (the R4B models, the closest
      fhir.resources 8.3.0 ships to R4; its default package is R5);
  (i) our import: orjson.loads + the R4 JSON-schema check of every resource + mapping to Cases with a report.
Prints resources per second for each and the ratio (i)/(f). Target: (i) faster than (f), i.e. ratio > 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from fbss.fhir import read
from fbss.fhir.importer import import_found

AS_OF = dt.date(2026, 11, 1)


def external_root() -> Path:
    """shared/external beside the repository, or where FBSS_SHARED_EXTERNAL points."""
    here = Path(__file__).resolve().parents[1]
    candidate = Path(os.environ.get("FBSS_SHARED_EXTERNAL", here.parent / "shared" / "external"))
    if not candidate.is_dir():
        sys.exit(f"{candidate} (third-party test material) is missing; set FBSS_SHARED_EXTERNAL")
    return candidate


def load_inputs(root: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every bundle and NDJSON file, read once so disk time is not measured."""
    files = sorted((root / "synthea-r4").glob("*.json")) + sorted(
        (root / "synthea-r4-chronic-pain").glob("*.json")
    )
    files += sorted(p for p in (root / "synthea-bulk-ndjson-10").glob("*.ndjson") if p.name != "log.ndjson")
    return [(path.name, path.read_bytes()) for path in files]


def resources_of(name: str, data: bytes) -> list[dict]:
    if name.endswith(".ndjson"):
        return [orjson.loads(line) for line in data.splitlines() if line.strip()]
    return [entry["resource"] for entry in orjson.loads(data).get("entry", [])]


def with_fhir_resources(inputs: list[tuple[str, bytes]]) -> int:
    from fhir.resources.R4B import get_fhir_model_class

    count = 0
    for name, data in inputs:
        for resource in resources_of(name, data):
            get_fhir_model_class(resource["resourceType"]).model_validate(resource)
            count += 1
    return count


def with_our_import(inputs: list[tuple[str, bytes]]) -> int:
    count = 0
    for name, data in inputs:
        if name.endswith(".ndjson"):
            found, refused = read.read_ndjson(name, data.splitlines())
        else:
            found, refused = read.read_json(name, data)
        result = import_found(found, refused, AS_OF)
        assert not result.report.refused, result.report.refused[:3]
        count += len(found)
    return count


def best_of(repeat: int, work: Callable[[], int]) -> tuple[int, float]:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = work()
        best = min(best, time.perf_counter() - start)
    return count, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is reported")
    args = parser.parse_args()
    inputs = load_inputs(external_root())
    with_fhir_resources(inputs[:1])  # import and warm the model classes outside the timing
    with_our_import(inputs[:1])
    models, model_seconds = best_of(args.repeat, lambda: with_fhir_resources(inputs))
    ours, our_seconds = best_of(args.repeat, lambda: with_our_import(inputs))
    print(f"files: {len(inputs)}  resources: {ours}")
    print(
        f"(f) fhir.resources R4B parse + validate: {models / model_seconds:10.0f} resources/s ({model_seconds:.2f} s)"
    )
    print(
        f"(i) fbss import (schema check + mapping): {ours / our_seconds:10.0f} resources/s ({our_seconds:.2f} s)"
    )
    ratio = (ours / our_seconds) / (models / model_seconds)
    print(f"ratio (i)/(f): {ratio:.2f}  target > 1: {'met' if ratio > 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
