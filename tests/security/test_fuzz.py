"""Schemathesis against Accord's own OpenAPI document: no 5xx, no stack trace, ever.

Every operation of ``/api/openapi.json`` gets a bounded number of generated requests
(``MAX_EXAMPLES``, derandomised so a run is repeatable), authenticated with the bearer token
of a role the permission matrix allows on that route (an analyst where nobody is), against
the test world on SQLite with the screening index loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from accord.app import create_app
from accord.store.db import Database
from accord.store.migrate import upgrade
from tests.conftest import make_settings
from tests.factories import World, build_world
from tests.security.matrix import MATRIX

MAX_EXAMPLES = 25
STATS: list[tuple[str, str, int]] = []  # (method, path, status) of every generated call
STACK_TRACE_MARKERS = ("Traceback", 'File "')


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, World]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'accord.db'}"
    db = Database(url)
    upgrade(db)
    world = build_world(db)
    db.dispose()
    app = create_app(make_settings(url))
    with TestClient(app):  # runs the lifespan: the screening index starts
        app.state.runtime.screening.wait_ready(30)
        yield app, world


def _role_for(method: str, path: str) -> str:
    rule = MATRIX.get((method.upper(), path))
    allowed = sorted(rule.own) if rule is not None else []
    return allowed[0] if allowed else "analyst"


def _fuzz(operation: Any, headers: dict[str, str], failures: list[str]) -> None:
    """Run ``MAX_EXAMPLES`` generated requests of one operation; collect what went wrong."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def exercise(case: Any) -> None:
        response = case.call(headers=headers)
        STATS.append((case.method, case.path, response.status_code))
        body = response.text
        if response.status_code >= 500 or any(m in body for m in STACK_TRACE_MARKERS):
            failures.append(
                f"{case.method} {case.formatted_path} -> {response.status_code}: {body[:300]}"
            )

    exercise()


def test_no_server_error_and_no_stack_trace(fuzz_app: tuple[FastAPI, World]) -> None:
    app, world = fuzz_app
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        headers = world.auth("a", _role_for(operation.method, operation.path))
        headers["X-Accord-Justification"] = "schemathesis fuzzing run"
        _fuzz(operation, headers, failures)
    assert not failures, "\n".join(failures[:20])
    # The token works: the fuzzer got past authentication, not only 401s.
    assert sum(1 for _m, _p, status in STATS if status < 300) >= 10
