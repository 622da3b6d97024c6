"""Browser tests: the real server (uvicorn, in a subprocess) and Debian's Chromium.

Skipped unless ``ACCORD_TEST_CHROMIUM`` names the browser (``make test`` sets it when
/usr/bin/chromium exists); under ``CI=true`` a missing Chromium is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.demo_server import running_demo

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


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``accord serve`` on a free loopback port, over a SQLite file with the demo loaded."""
    chromium_path()
    with running_demo(tmp_path_factory.mktemp("e2e")) as server:
        yield server.base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
