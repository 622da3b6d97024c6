"""A real demo server for tests: ``accord init``, ``accord demo load``, ``accord serve``.

uvicorn runs in a subprocess on a free loopback port over a SQLite file; the browser tests
and the runnable-docs test talk to it over HTTP, as a user would after ``make demo``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from accord.demo.load import load_demo
from accord.services.runtime import Runtime
from accord.store.migrate import upgrade
from tests.conftest import make_settings

__all__ = ["DemoServer", "running_demo"]


@dataclass(frozen=True, slots=True)
class DemoServer:
    base: str  # http://127.0.0.1:PORT
    env: dict[str, str]  # what a command run beside it needs (same database and secret)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_demo(folder: Path) -> Iterator[DemoServer]:
    """``accord serve`` on a free loopback port, over a SQLite file with the demo loaded."""
    settings = make_settings(f"sqlite:///{folder / 'accord.db'}")
    runtime = Runtime.from_settings(settings)
    try:
        upgrade(runtime.db)  # accord init
        load_demo(runtime)  # accord demo load
    finally:
        runtime.close()
    port = _free_port()
    env = {
        **os.environ,
        "ACCORD_DATABASE_URL": settings.database_url,
        "ACCORD_ENVIRONMENT": "test",
        "ACCORD_SECRET_KEY": settings.secret_key.get_secret_value(),
        "ACCORD_LOG_LEVEL": "WARNING",
    }
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "accord", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited: {(folder / 'server.log').read_text()}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not become ready within 60 s")
            time.sleep(0.2)
        yield DemoServer(base, env)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
