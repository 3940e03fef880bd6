"""Latency of the CDS Hooks patient-view service with a five-year prefetch, 20 concurrent clients on loopback.

    .venv/bin/python bench/cdshooks_latency.py [--clients 20] [--requests 25]

Starts the server (uvicorn, one process, the CDS Hooks router plus a no-op route) in a subprocess on a free
loopback port, then 20 client threads each send N requests, every one with its own ES384 JWT (minted before the
clock starts). Measured per request, client side: patient-view with a prefetch holding five years of one
patient's record (monthly labs and weights, quarterly PHQ-9 and PEG, yearly imaging, medications), and the same
server's no-op endpoint under the same load. Prints p50, p95 and p99 of each and their ratio.
Target: patient-view p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ISSUER = "https://ehr.example.org"
TODAY = dt.date(2026, 11, 2)


def five_year_case() -> dict[str, Any]:
    """One patient's record over five years, as a case (exported to FHIR for the prefetch)."""
    start = TODAY - dt.timedelta(days=5 * 365)
    months = [start + dt.timedelta(days=30 * i) for i in range(60)]
    labs = []
    for day in months:
        labs += [
            {"test": "crp", "value": 4.0, "date": day.isoformat()},
            {"test": "egfr", "value": 70, "date": day.isoformat()},
            {"test": "creatinine", "value": 1.0, "date": day.isoformat()},
        ]
    quarters = months[::3]
    instruments = []
    for day in quarters:
        instruments.append(
            {"instrument": "phq9", "date": day.isoformat(), "answers": {str(i): 1 for i in range(1, 10)}}
        )
        instruments.append(
            {"instrument": "peg", "date": day.isoformat(), "answers": {"1": 6, "2": 5, "3": 6}}
        )
    return {
        "case_id": "bench-1",
        "assessment_date": TODAY.isoformat(),
        "age_years": 58,
        "sex": "female",
        "weight_kg": 80,
        "surgeries": [
            {"type": "fusion", "date": (start + dt.timedelta(days=40)).isoformat(), "levels": ["L4-L5"]}
        ],
        "pain": [
            {"region": "back", "nrs_average": 6},
            {"region": "leg", "side": "left", "nrs_average": 7, "dermatomes": ["L5"]},
        ],
        "tests": [{"kind": "mri", "date": day.isoformat()} for day in months[::12]],
        "labs": labs,
        "medications": [
            {"name": "gabapentin", "dose_mg_per_day": 900, "doses_per_day": 3},
            {"name": "apixaban", "rxnorm": "1364430"},
            {"name": "tramadol", "status": "stopped"},
        ],
        "instruments": instruments,
    }


def prefetch(resources: list[dict[str, Any]], patient_id: str) -> dict[str, Any]:
    kinds = {
        "conditions": "Condition",
        "observations": "Observation",
        "procedures": "Procedure",
        "medicationRequests": "MedicationRequest",
        "medicationStatements": "MedicationStatement",
        "questionnaireResponses": "QuestionnaireResponse",
    }
    found: dict[str, Any] = {"patient": next(r for r in resources if r["resourceType"] == "Patient")}
    for key, kind in kinds.items():
        entries = [{"resource": r} for r in resources if r["resourceType"] == kind]
        found[key] = {"resourceType": "Bundle", "type": "searchset", "entry": entries}
    found["diagnosticReports"] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": r} for r in resources if r["resourceType"] == "DiagnosticReport"],
    }
    return found


def serve(port: int, jwks_file: str, database: str) -> None:
    import uvicorn
    from fastapi import FastAPI
    from sqlalchemy import create_engine

    from fbss.cdshooks import CdsSettings, TrustedIssuer, create_router
    from fbss.cdshooks.store import sql_stores

    base = f"http://127.0.0.1:{port}"
    settings = CdsSettings(
        service_base_url=f"{base}/cds-services",
        public_base_url=base,
        trusted_issuers=(TrustedIssuer(iss=ISSUER, jwks=json.loads(Path(jwks_file).read_text())),),
    )
    app = FastAPI()
    app.include_router(create_router(settings, sql_stores(create_engine(f"sqlite:///{database}"))))

    @app.post("/noop")
    def noop() -> dict[str, Any]:
        return {"cards": []}

    # As `fbss serve` does at startup: what is loaded once (rules, the R4 schema) stays out of full GC passes.
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def run_load(url: str, body: bytes, tokens: list[list[str]]) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()
    failures: list[int] = []

    def client(batch: list[str]) -> None:
        with httpx.Client(timeout=60) as http:
            for token in batch:
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                start = time.perf_counter()
                response = http.post(url, content=body, headers=headers)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed * 1000)
                    if response.status_code != 200:
                        failures.append(response.status_code)

    threads = [threading.Thread(target=client, args=(batch,)) for batch in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(f"{len(failures)} requests failed, e.g. HTTP {failures[0]}")
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="requests per client")
    parser.add_argument("--serve", nargs=3, metavar=("PORT", "JWKS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1], args.serve[2])
        return

    from joserfc import jwt
    from joserfc.jwk import ECKey

    from fbss.clinical.case import Case
    from fbss.fhir.export import case_resources

    key = ECKey.generate_key("P-384", parameters={"kid": "bench"})
    workdir = Path(tempfile.mkdtemp(prefix="fbss-bench-"))
    (workdir / "jwks.json").write_text(json.dumps({"keys": [key.as_dict(private=False)]}))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    command = [
        sys.executable,
        __file__,
        "--serve",
        str(port),
        str(workdir / "jwks.json"),
        str(workdir / "cds.db"),
    ]
    server = subprocess.Popen(command, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/cds-services", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    sys.exit("server did not start")
                time.sleep(0.1)
        resources = case_resources(Case.model_validate(five_year_case()))
        patient_id = resources[0]["id"]
        hook = {
            "hook": "patient-view",
            "hookInstance": str(uuid.uuid4()),
            "context": {"userId": "Practitioner/1", "patientId": patient_id},
            "prefetch": prefetch(resources, patient_id),
        }
        body = json.dumps(hook).encode()
        path = "/cds-services/fbss-patient-view"

        def tokens(audience: str) -> list[list[str]]:
            now = int(time.time())
            return [
                [
                    jwt.encode(
                        {"alg": "ES384", "kid": "bench"},
                        {
                            "iss": ISSUER,
                            "sub": "bench",
                            "aud": audience,
                            "iat": now,
                            "exp": now + 600,
                            "jti": str(uuid.uuid4()),
                        },
                        key,
                        algorithms=["ES384"],
                    )
                    for _ in range(args.requests)
                ]
                for _ in range(args.clients)
            ]

        run_load(f"{base}{path}", body, tokens(f"{base}{path}")[:2])  # warm up
        hook_tokens, noop_tokens = tokens(f"{base}{path}"), tokens("unused")
        cpu_before = cpu_seconds(server.pid)
        hook_ms = run_load(f"{base}{path}", body, hook_tokens)
        cpu_hook = cpu_seconds(server.pid) - cpu_before
        noop_ms = run_load(f"{base}/noop", body, noop_tokens)
        cpu_noop = cpu_seconds(server.pid) - cpu_before - cpu_hook
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"prefetch: {sum(len(v.get('entry', [])) if isinstance(v, dict) and 'entry' in v else 1 for v in hook['prefetch'].values())} resources, {len(body) / 1024:.0f} KiB"
    )
    print(f"{args.clients} clients x {args.requests} requests, loopback, server in one process")
    hook_p, noop_p = percentiles(hook_ms), percentiles(noop_ms)
    for name, values in (("patient-view", hook_p), ("no-op", noop_p)):
        print(f"{name:>13}: p50 {values[0]:7.1f} ms  p95 {values[1]:7.1f} ms  p99 {values[2]:7.1f} ms")
    requests = args.clients * args.requests
    print(
        f"server CPU per request: patient-view {cpu_hook / requests * 1000:.1f} ms, "
        f"no-op {cpu_noop / requests * 1000:.1f} ms (2 cores shared with the clients and other work)"
    )
    ratios = [hook / noop for hook, noop in zip(hook_p, noop_p, strict=True)]
    print(f"ratio to no-op: p50 {ratios[0]:.1f}x  p95 {ratios[1]:.1f}x  p99 {ratios[2]:.1f}x")
    print(f"target p95 < 100 ms: {'met' if hook_p[1] < 100 else 'MISSED'}")


if __name__ == "__main__":
    main()
