"""``accord bench ingest``: entities per second and peak memory of ``accord import``.

``--size`` synthetic persons (``accord.demo.synth``) are written to a temporary JSON-lines
file. Each database is then measured in a fresh child process that runs the very service
``accord import`` runs (``import_entities``, with the worker processes the CLI would
use) into a freshly migrated, empty database: SQLite in a temporary directory, and
PostgreSQL from ``ACCORD_BENCH_POSTGRES_URL`` (a new database in it) or, when ``initdb``
exists, a throwaway cluster. Time counts from opening the file to the commit. Peak RSS is
sampled (every 50 ms, with psutil) over the import process and its workers together,
from the start of the import to its end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import psutil
import typer
from sqlalchemy import create_engine, text

from accord.bench.pgserver import find_pg_bin, throwaway_postgres
from accord.core.settings import Settings
from accord.demo.synth import generate_persons
from accord.model import Principal, Role
from accord.services.identity import directory
from accord.services.ingest.importer import ImportOptions, default_workers, import_entities
from accord.services.runtime import Runtime
from accord.store.migrate import upgrade

__all__ = ["bench_ingest"]

_HOLDING = "bench-ingest"
_START = "import-start"
_CHILD = "import sys; from accord.bench.ingest import _child; _child(sys.argv[1], sys.argv[2])"


def _child(url: str, path: str) -> None:
    """Run in a fresh process: migrate, make the holding, import, print figures as JSON."""
    settings = Settings(database_url=url)
    runtime = Runtime.from_settings(settings)
    upgrade(runtime.db)
    with runtime.db.transaction() as tx:
        directory.create_agency(tx, id="bench", name="Bench", country="al", kind="police_ct")
        directory.create_holding(tx, id=_HOLDING, agency_id="bench", name="bench", policy="shared")
    principal = Principal(user_id=0, username="bench", agency_id="bench", role=Role.ANALYST)
    size = os.path.getsize(path)
    workers = default_workers(size)
    print(_START, flush=True)  # noqa: T201 (a protocol line to the parent)
    started = time.perf_counter()
    with open(path, "rb") as stream:
        result = import_entities(
            runtime, principal, _HOLDING, stream, ImportOptions(file_name="bench", workers=workers)
        )
    seconds = time.perf_counter() - started
    runtime.close()
    figures = {"seconds": seconds, "entities": result.inserted, "workers": workers}
    print(json.dumps(figures), flush=True)  # noqa: T201


def _tree_rss(process: psutil.Process) -> int:
    """RSS of the import process and its workers, summed (pages they share count twice)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def _measure(url: str, path: Path) -> dict[str, Any]:
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, url, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    watched = psutil.Process(child.pid)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(watched))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    lines: list[str] = []
    for line in child.stdout:
        if line.strip() == _START:
            sampler.start()
        else:
            lines.append(line)
    stop.set()
    if child.wait() != 0 or not lines:
        raise RuntimeError(f"the import child for {url.split(':')[0]} failed")
    figures: dict[str, Any] = json.loads(lines[-1])
    return {
        "entities_per_s": round(figures["entities"] / figures["seconds"]),
        "peak_rss_mb": round(peak / 2**20, 1),
        "seconds": round(figures["seconds"], 2),
        "entities": figures["entities"],
        "workers": figures["workers"],
    }


@contextmanager
def _postgres() -> Iterator[str | None]:
    """A PostgreSQL server URL for the bench, or None when there is none."""
    given = os.environ.get("ACCORD_BENCH_POSTGRES_URL", "")
    if given:
        yield given
    elif find_pg_bin() is not None:
        with throwaway_postgres() as url:
            yield url
    else:
        yield None


@contextmanager
def _fresh_pg_database(server_url: str) -> Iterator[str]:
    name = f"accord_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _write_persons(path: Path, size: int, seed: int) -> None:
    with path.open("wb") as out:
        batch: list[bytes] = []
        for person in generate_persons(size, seed):
            batch.append(orjson.dumps(person))
            if len(batch) >= 10_000:
                out.write(b"\n".join(batch) + b"\n")
                batch = []
        if batch:
            out.write(b"\n".join(batch) + b"\n")


def bench_ingest(
    size: int = typer.Option(100_000, "--size", min=1, help="Number of synthetic persons."),
    seed: int = typer.Option(1, "--seed", help="Seed of the synthetic data."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object only."),
) -> None:
    """Measure importing --size synthetic persons into SQLite and PostgreSQL."""
    # A terminated bench still stops its throwaway PostgreSQL and removes its files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        path = Path(tmp) / "persons.jsonl"
        _write_persons(path, size, seed)
        if not as_json:
            typer.echo(f"{size} persons, {path.stat().st_size / 2**20:.0f} MB of JSON lines")
        report["sqlite"] = _measure(f"sqlite:///{Path(tmp) / 'bench.db'}", path)
        with _postgres() as server:
            if server is not None:
                with _fresh_pg_database(server) as url:
                    report["postgresql"] = _measure(url, path)
    if as_json:
        typer.echo(json.dumps(report))
        return
    for engine, figures in report.items():
        typer.echo(
            f"{engine:10} {figures['entities_per_s']:>8} entities/s  "
            f"peak RSS {figures['peak_rss_mb']:>7} MB  ({figures['seconds']} s, "
            f"{figures['workers']} validating process(es))"
        )
    if "postgresql" not in report:
        typer.echo("postgresql not measured: set ACCORD_BENCH_POSTGRES_URL or install PostgreSQL")


