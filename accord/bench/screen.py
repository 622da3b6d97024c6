"""``accord bench screen``: index build, query latency, candidate recall and HTTP load.

1. In process: ``--size`` synthetic persons (``accord.demo.synth``) go into the screening
   index the server uses (``IndexManager``); build time and peak memory are measured.
   ``--queries`` persons are drawn at random and a planted variant of each (other script,
   ICAO or press form, typos, swapped day/month, missing fields — ``accord.demo.variants``)
   is screened: latency per query (building the query record included), and candidate
   recall = share of variants whose true record reaches scoring.
2. Over HTTP (unless ``--no-http``): the same persons are written to a temporary SQLite
   database, ``accord serve`` (uvicorn, one process, as shipped) starts on loopback and loads
   its index from that database the way production does (its start-to-ready time
   ``ready_s`` and peak RSS are reported), and a bounded load generator in this process (not
   the server's: uvloop, raw HTTP/1.1, Content-Length framing) sends the variant queries to
   ``POST /match/bench`` over ``--concurrency`` keep-alive connections, with a bearer token
   and audit logging on (every call writes its SCREEN event, as in production).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import typer
import uvloop
from sqlalchemy import insert

from accord.demo.synth import PersonFactory, render_person
from accord.demo.variants import make_variant
from accord.matching import Record
from accord.services.identity import directory
from accord.services.identity.auth import create_token
from accord.services.screening.index import IndexManager
from accord.store.db import Database
from accord.store.migrate import upgrade
from accord.store.tables import Entity

__all__ = ["bench_screen"]

HOLDING = "bench"
_SECRET = "bench-secret-key-that-is-long-enough-0123456789abcdef"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _people(size: int, queries: int, seed: int) -> tuple[list[dict[str, Any]], list[
        tuple[int, dict[str, Any]]]]:
    """``size`` persons and ``queries`` planted variants ``(true handle, variant)``."""
    factory = PersonFactory(seed)
    rng = random.Random(f"{seed}-bench")
    chosen = set(rng.sample(range(size), min(queries, size)))
    persons: list[dict[str, Any]] = []
    planted: list[tuple[int, dict[str, Any]]] = []
    for n in range(size):
        raw = factory.draw()
        persons.append(render_person(raw, f"p-{n + 1}"))
        if n in chosen:
            planted.append((n + 1, make_variant(raw, f"q-{n + 1}", rng)))
    rng.shuffle(planted)
    return persons, planted


def _in_process(persons: list[dict[str, Any]], planted: list[tuple[int, dict[str, Any]]]
                ) -> dict[str, Any]:
    manager = IndexManager(Database("sqlite://"))
    started = time.perf_counter()
    records = ((n, HOLDING, Record.from_entity(p)) for n, p in enumerate(persons, 1))
    manager.add_records(records, (p["id"] for p in persons))
    build_s = time.perf_counter() - started
    holdings = frozenset({HOLDING})
    latencies: list[float] = []
    reached = found = 0
    index = manager.index
    for handle, variant in planted:
        began = time.perf_counter()
        query = Record.from_entity(variant)
        hits = manager.search(query, holdings, limit=5)
        latencies.append(time.perf_counter() - began)
        found += any(hit.handle == handle for hit in hits)
        reached += handle in index.candidates(query, holdings)  # handles that reach scoring
    manager.db.dispose()
    return {
        "index_build_s": round(build_s, 2),
        "bench_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 3),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 3),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 3),
        "candidate_recall": round(reached / max(1, len(planted)), 4),
        "match_recall_at_5": round(found / max(1, len(planted)), 4),
    }


def _fill_database(path: Path, persons: list[dict[str, Any]]) -> tuple[str, float]:
    """A migrated SQLite file with an agency, an analyst and their token, and the persons."""
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    with db.transaction() as tx:
        directory.create_agency(tx, id="bench-agency", name="Bench agency", country="al",
                                kind="border_police", contact_name="Duty desk",
                                contact_phone="+355690000000", contact_email="duty@bench.example")
        user = directory.create_user(tx, agency_id="bench-agency", username="bench-analyst",
                                     password="bench-password-0123", role="analyst")
        token = create_token(tx, user, name="bench")[1]
        directory.create_holding(tx, id=HOLDING, agency_id="bench-agency", name="Bench",
                                 policy="shared")
    started = time.perf_counter()
    with db.engine.begin() as connection:
        for lo in range(0, len(persons), 20_000):
            connection.execute(insert(Entity), [
                {"holding_id": HOLDING, "entity_id": p["id"], "schema": "Person",
                 "caption": p["properties"]["name"][0],
                 "properties": json.dumps(p["properties"], ensure_ascii=False)}
                for p in persons[lo:lo + 20_000]])
    fill_s = time.perf_counter() - started
    db.dispose()
    return token, fill_s


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _load(port: int, bodies: list[bytes], token: str, concurrency: int, cap_s: float
                ) -> tuple[list[float], int, float]:
    """Send every body once over ``concurrency`` keep-alive connections; stop at ``cap_s``."""
    queue = list(reversed(bodies))
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + cap_s
    head = (f"POST /match/{HOLDING}?limit=5 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n")

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue and time.perf_counter() < deadline:
                body = queue.pop()
                began = time.perf_counter()
                writer.write(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
                status_line = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - began)
                errors += not status_line.startswith(b"HTTP/1.1 200")
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


def _http(persons: list[dict[str, Any]], planted: list[tuple[int, dict[str, Any]]],
          *, requests: int, concurrency: int, cap_s: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as folder:
        path = Path(folder) / "bench.db"
        token, fill_s = _fill_database(path, persons)
        port = _free_port()
        env = os.environ | {"ACCORD_DATABASE_URL": f"sqlite:///{path}",
                            "ACCORD_ENVIRONMENT": "production", "ACCORD_SECRET_KEY": _SECRET,
                            "ACCORD_LOG_LEVEL": "WARNING"}
        started = time.perf_counter()
        server = subprocess.Popen(  # the shipped server: `accord serve`, one process
            [sys.executable, "-m", "accord", "serve", "--host", "127.0.0.1", "--port",
             str(port)], env=env)
        try:
            ready_s = _wait_ready(port, started, server)
            queries = [variant for _h, variant in planted]
            bodies = [json.dumps({"queries": {"q": {"schema": "Person", "properties":
                                                    queries[i % len(queries)]["properties"]}}},
                                 ensure_ascii=False).encode() for i in range(requests)]
            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                latencies, errors, wall = runner.run(
                    _load(port, bodies, token, concurrency, cap_s))
            peak = _peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "db_fill_s": round(fill_s, 2),
        "ready_s": round(ready_s, 2),
        "peak_rss_mb": round(peak),
        "http_requests": len(latencies),
        "http_errors": errors,
        "http_concurrency": concurrency,
        "http_qps": round(len(latencies) / wall, 1) if wall else 0.0,
        "http_p50_ms": round(_percentile(latencies, 0.50) * 1000, 2),
        "http_p95_ms": round(_percentile(latencies, 0.95) * 1000, 2),
        "http_p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
    }


def _wait_ready(port: int, started: float, server: subprocess.Popen[bytes]) -> float:
    while time.perf_counter() - started < 600:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError("the server did not become ready within 600 s")


def bench_screen(
    size: int = typer.Option(100_000, "--size", min=10, help="Synthetic persons to index."),
    queries: int = typer.Option(2_000, "--queries", min=1, help="Planted variants to screen."),
    concurrency: int = typer.Option(8, "--concurrency", min=1, help="HTTP connections."),
    requests: int = typer.Option(3_000, "--requests", min=1, help="HTTP requests to send."),
    max_seconds: float = typer.Option(60.0, "--max-seconds", help="Hard cap on the HTTP run."),
    seed: int = typer.Option(7, help="Seed of the synthetic data."),
    http: bool = typer.Option(True, "--http/--no-http", help="Run the HTTP part."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Measure the screening index and the /match API at --size entities."""
    def say(message: str) -> None:
        if not as_json:
            typer.echo(message)

    began = time.perf_counter()
    persons, planted = _people(size, queries, seed)
    say(f"generated {size:,} persons and {len(planted):,} variants "
        f"in {time.perf_counter() - began:.1f} s")
    result: dict[str, Any] = {"size": size, "queries": len(planted)}
    result.update(_in_process(persons, planted))
    say(f"in process: build {result['index_build_s']} s, p50 {result['p50_ms']} ms, "
        f"p95 {result['p95_ms']} ms, candidate recall {result['candidate_recall']}")
    if http:
        result.update(_http(persons, planted, requests=requests, concurrency=concurrency,
                            cap_s=max_seconds))
    else:
        result.update({"peak_rss_mb": result["bench_peak_rss_mb"], "http_qps": None,
                       "http_p95_ms": None})
    if as_json:
        typer.echo(json.dumps(result))
        return
    for key, value in result.items():
        typer.echo(f"{key:>22}: {value}")

