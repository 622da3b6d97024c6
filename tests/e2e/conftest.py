"""Browser tests: the real server (uvicorn, in a subprocess) and Debian's Chromium.

Skipped unless ``ACCORD_TEST_CHROMIUM`` names the browser (``make test`` sets it when
/usr/bin/chromium exists); under ``CI=true`` a missing Chromium is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from accord.demo.load import load_demo
from accord.services.runtime import Runtime
from accord.store.migrate import upgrade
from tests.conftest import make_settings

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("ACCORD_TEST_CHROMIUM", "")
    in_ci = os.environ.get("CI") == "true"
    if not path:
        if in_ci:
            pytest.fail("CI=true but ACCORD_TEST_CHROMIUM is not set")
        pytest.skip("browser tests need ACCORD_TEST_CHROMIUM (make test sets it)")
    if not Path(path).exists():
        if in_ci:
            pytest.fail(f"CI=true but Chromium is not at {path}")
        pytest.skip(f"no Chromium at {path}")
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``accord serve`` on a free loopback port, over a SQLite file with the demo loaded."""
    chromium_path()
    folder = tmp_path_factory.mktemp("e2e")
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
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
