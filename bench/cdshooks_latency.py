"""Latency of the CDS Hooks patient-view service with a five-year prefetch, 20 concurrent clients on loopback.

    .venv/bin/python bench/cdshooks_latency.py [--clients 20] [--requests 25] [--workers 1 2] [--alg ES384]

For each worker count asked (default 1, then 2: `fbss serve --workers 2` is the deployment docs/cdshooks.md
recommends for this load), starts the server (uvicorn with that many worker processes, as `fbss serve
--workers N` runs them; the CDS Hooks router plus a no-op route) on a free loopback port, then 20 client threads
each send N requests, every one with its own JWT (minted before the clock starts). Measured per request, client
side: patient-view with a prefetch holding five years of one patient's record (monthly labs and weights,
quarterly PHQ-9 and PEG, yearly imaging, medications), and the same server's no-op endpoint under the same load.
Prints p50, p95 and p99 of each, their ratio, and the CPU time per request of the server (all its processes)
and of the clients. Target: patient-view p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
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


SERVER_ENV = "FBSS_BENCH_CDS"  # port, JWK Set file and database of the server, for its worker processes


def bench_app() -> Any:
    """The server's app (a uvicorn factory, so every worker process builds its own): the CDS Hooks router on a
    SQLite database shared by the workers, and a no-op route."""
    from fastapi import FastAPI
    from sqlalchemy import create_engine

    from fbss.cdshooks import CdsSettings, TrustedIssuer, create_router
    from fbss.cdshooks.store import sql_stores

    port, jwks_file, database = json.loads(os.environ[SERVER_ENV])
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
    return app


def serve(workers: int, uvicorn_socket: bool) -> None:
    """uvicorn with `workers` processes. Several workers share a listening socket bound up front: uvicorn 0.54
    binds it without IPPROTO_TCP, so asyncio leaves Nagle's algorithm on and every keep-alive answer after the
    first waits ~40 ms for the client's delayed ACK (uvicorn issue #3149); the socket is bound here with the
    protocol set, unless `uvicorn_socket` asks for uvicorn's own (what `uvicorn.run(workers=N)` does)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    port = json.loads(os.environ[SERVER_ENV])[0]
    config = uvicorn.Config(
        "cdshooks_latency:bench_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
    if workers == 1:
        uvicorn.Server(config).run()
        return
    bound = config.bind_socket()
    if not uvicorn_socket:
        bound = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
        bound.set_inheritable(True)
    Multiprocess(config, sockets=[bound]).run()


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found += process_tree(int(child))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its descendants (Linux /proc)."""
    total = 0
    for each in process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def run_load(url: str, body: bytes, tokens: list[list[str]], reconnect: bool = False) -> list[float]:
    """One thread per client, each on its own kept-alive connection, or a new connection per request
    (`reconnect`). The standard library's http.client is a light client, so the clients' own CPU time, on the
    same two cores, weighs little on what is measured."""
    latencies: list[float] = []
    lock = threading.Lock()
    failures: list[int] = []
    parts = urllib.parse.urlsplit(url)

    def client(batch: list[str]) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            for token in batch:
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                if reconnect:
                    headers["Connection"] = "close"
                start = time.perf_counter()
                connection.request("POST", parts.path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                if reconnect:
                    connection.close()
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed * 1000)
                    if response.status != 200:
                        failures.append(response.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(batch,)) for batch in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(f"{len(failures)} requests failed, e.g. HTTP {failures[0]}")
    return latencies


class Signer:
    """The EHR: its key (ES384 on P-384, or RS384 on RSA 2048) and its JWK Set."""

    def __init__(self, algorithm: str) -> None:
        from joserfc.jwk import ECKey, RSAKey

        self.algorithm = algorithm
        if algorithm == "ES384":
            self.key: Any = ECKey.generate_key("P-384", parameters={"kid": "bench"})
        else:
            self.key = RSAKey.generate_key(2048, parameters={"kid": "bench"})

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def tokens(self, audience: str, clients: int, requests: int) -> list[list[str]]:
        from joserfc import jwt

        now = int(time.time())
        claims = {"iss": ISSUER, "sub": "bench", "aud": audience, "iat": now, "exp": now + 600}
        header = {"alg": self.algorithm, "kid": "bench"}
        return [
            [
                jwt.encode(
                    header, {**claims, "jti": str(uuid.uuid4())}, self.key, algorithms=[self.algorithm]
                )
                for _ in range(requests)
            ]
            for _ in range(clients)
        ]


def hook_body() -> bytes:
    from fbss.clinical.case import Case
    from fbss.fhir.export import case_resources

    resources = case_resources(Case.model_validate(five_year_case()))
    patient_id = resources[0]["id"]
    hook = {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/1", "patientId": patient_id},
        "prefetch": prefetch(resources, patient_id),
    }
    return json.dumps(hook).encode()


def measure(workers: int, args: argparse.Namespace, signer: Signer, body: bytes) -> dict[str, Any]:
    """Start a server with this many workers, load it, and return the figures."""
    workdir = Path(tempfile.mkdtemp(prefix="fbss-bench-"))
    (workdir / "jwks.json").write_text(json.dumps(signer.jwks()))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    here = Path(__file__).resolve().parent
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(here.parent / "src"), str(here)]),
        SERVER_ENV: json.dumps([port, str(workdir / "jwks.json"), str(workdir / "cds.db")]),
    }
    command = [sys.executable, __file__, "--serve", str(workers)]
    server = subprocess.Popen(command + (["--uvicorn-socket"] if args.uvicorn_socket else []), env=env)
    path = "/cds-services/fbss-patient-view"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/cds-services", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("server did not start")
                time.sleep(0.1)
        warm = max(args.clients, 2 * workers)
        run_load(f"{base}{path}", body, signer.tokens(f"{base}{path}", warm, 4))  # every worker warmed up
        hook_tokens = signer.tokens(f"{base}{path}", args.clients, args.requests)
        noop_tokens = signer.tokens("unused", args.clients, args.requests)
        cpu_before, client_before = cpu_seconds(server.pid), time.process_time()
        hook_ms = run_load(f"{base}{path}", body, hook_tokens, args.reconnect)
        cpu_hook, client_hook = cpu_seconds(server.pid) - cpu_before, time.process_time() - client_before
        cpu_before, client_before = cpu_seconds(server.pid), time.process_time()
        noop_ms = run_load(f"{base}/noop", body, noop_tokens, args.reconnect)
        cpu_noop, client_noop = cpu_seconds(server.pid) - cpu_before, time.process_time() - client_before
    finally:
        server.terminate()
        server.wait(timeout=20)
    requests = args.clients * args.requests
    return {
        "workers": workers,
        "hook": percentiles(hook_ms),
        "noop": percentiles(noop_ms),
        "server_ms": (cpu_hook / requests * 1000, cpu_noop / requests * 1000),
        "client_ms": (client_hook / requests * 1000, client_noop / requests * 1000),
    }


def report(figures: dict[str, Any]) -> None:
    hook_p, noop_p = figures["hook"], figures["noop"]
    print(f"\n{figures['workers']} worker process(es):")
    for name, values in (("patient-view", hook_p), ("no-op", noop_p)):
        print(f"{name:>13}: p50 {values[0]:7.1f} ms  p95 {values[1]:7.1f} ms  p99 {values[2]:7.1f} ms")
    ratios = [hook / noop for hook, noop in zip(hook_p, noop_p, strict=True)]
    print(f"ratio to no-op: p50 {ratios[0]:.1f}x  p95 {ratios[1]:.1f}x  p99 {ratios[2]:.1f}x")
    server, client = figures["server_ms"], figures["client_ms"]
    print(
        f"CPU per request: server {server[0]:.1f} ms (no-op {server[1]:.1f} ms), "
        f"clients {client[0]:.1f} ms (no-op {client[1]:.1f} ms)"
    )
    print(f"target p95 < 100 ms: {'met' if hook_p[1] < 100 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="requests per client")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="server worker processes, one run each"
    )
    parser.add_argument("--alg", choices=("ES384", "RS384"), default="ES384", help="the EHR's JWT algorithm")
    parser.add_argument(
        "--reconnect",
        action="store_true",
        help="a new connection per request (default: each client keeps its connection alive)",
    )
    parser.add_argument(
        "--uvicorn-socket",
        action="store_true",
        help="with several workers, let uvicorn bind the socket as `uvicorn.run(workers=N)` does (Nagle left on)",
    )
    parser.add_argument("--serve", type=int, metavar="WORKERS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.uvicorn_socket)
        return
    signer = Signer(args.alg)
    body = hook_body()
    entries = sum(
        len(v.get("entry", [])) if "entry" in v else 1 for v in json.loads(body)["prefetch"].values()
    )
    print(f"prefetch: {entries} resources, {len(body) / 1024:.0f} KiB; JWT {args.alg}")
    print(
        f"{args.clients} clients x {args.requests} requests, loopback, {os.cpu_count()} cores shared by "
        "server, clients and anything else running"
    )
    for workers in args.workers:
        report(measure(workers, args, signer, body))


if __name__ == "__main__":
    main()
