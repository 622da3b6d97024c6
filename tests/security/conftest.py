"""Fixtures for the security tests: entities with metadata, and the CLI on the test database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import httpx
import pytest

from accord.store.db import Database
from accord.store.tables import Entity

AddEntity = Callable[..., str]


def put_entity(
    db: Database,
    holding_id: str,
    entity_id: str,
    name: str,
    *,
    handling_code: str = "H0",
    review_date: date | None = None,
    birth_date: str = "1980-05-17",
) -> str:
    """Store one Person straight into the table (the store is what is under test here)."""
    properties = {"name": [name], "birthDate": [birth_date], "nationality": ["al"]}
    with db.transaction() as tx:
        tx.add(
            Entity(
                holding_id=holding_id,
                entity_id=entity_id,
                schema="Person",
                caption=name,
                properties=json.dumps(properties, ensure_ascii=False),
                handling_code=handling_code,
                subject_category="suspect",
                legal_basis="Law 123/2020 art. 5",
                review_date=review_date,
            )
        )
    return entity_id


@pytest.fixture
def add_entity(db: Database) -> AddEntity:
    def add(holding_id: str, entity_id: str, name: str, **kwargs: object) -> str:
        return put_entity(db, holding_id, entity_id, name, **kwargs)  # type: ignore[arg-type]

    return add


@contextmanager
def accord_serve(database_url: str, **env: str) -> Iterator[tuple[str, int]]:
    """``accord serve`` as an operator runs it (uvicorn with Accord's options) on a free
    port; yields its base URL and process id. ``env`` adds ``ACCORD_*`` settings."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    environment = os.environ | {
        "ACCORD_DATABASE_URL": database_url,
        "ACCORD_ENVIRONMENT": "test",
        "ACCORD_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "ACCORD_LOG_LEVEL": "WARNING",
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "accord", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a start-up deadline, not a timing assertion
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, "accord serve exited"
            assert time.monotonic() < deadline, "accord serve did not start"
            time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)
