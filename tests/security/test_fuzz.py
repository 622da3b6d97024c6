"""Schemathesis against Accord's own OpenAPI document: no 5xx, no stack trace, ever.

Every operation of ``/api/openapi.json`` gets a bounded number of generated requests
(``MAX_EXAMPLES``, derandomised so a run is repeatable), authenticated with the bearer token
of a role the permission matrix allows on that route (an analyst where nobody is), against
the test world on SQLite with the screening index loaded.

``/match`` and ``/reconcile`` take free-form JSON the schema cannot describe, so they also
get hypothesis-generated bodies beyond it: wrong types in every field, NaN and Infinity,
nesting far past any parser's depth. Every answer is below 500 and an error is the
standard shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.app import create_app
from accord.store.db import Database
from accord.store.migrate import upgrade
from tests.conftest import make_settings
from tests.factories import World, build_world
from tests.security.matrix import MATRIX

MAX_EXAMPLES = 25
STATS: list[tuple[str, str, int]] = []  # (method, path, status) of every generated call
STACK_TRACE_MARKERS = ("Traceback", 'File "')


def _started(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, World]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'accord.db'}"
    db = Database(url)
    upgrade(db)
    world = build_world(db)
    db.dispose()
    app = create_app(make_settings(url))
    with TestClient(app):  # runs the lifespan: the screening index starts
        app.state.runtime.screening.wait_ready(30)
        yield app, world


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, World]]:
    yield from _started(tmp_path_factory)


@pytest.fixture(scope="module")
def json_fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, World]]:
    """A world of its own: the schema fuzzing above disables users and revokes tokens."""
    yield from _started(tmp_path_factory)


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


# Beyond the OpenAPI schema: JSON of the wrong types where /match and /reconcile expect
# strings, lists and objects, non-standard NaN/Infinity literals, and deep nesting.
KEYS = st.sampled_from(["schema", "properties", "query", "type", "limit", "pid", "v", "name",
                        "birthDate", "idNumber", "queries", "justification", "id"])
LEAVES = (st.none() | st.booleans() | st.integers() | st.floats()  # NaN and ±inf included
          | st.text(max_size=12) | st.sampled_from(["Person", "Company", "birthDate", ""]))
VALUES = st.recursive(LEAVES, lambda kids: st.lists(kids, max_size=4)
                      | st.dictionaries(KEYS | st.text(max_size=6), kids, max_size=5),
                      max_leaves=20)
MATCH_QUERY = st.fixed_dictionaries({}, optional={
    "schema": VALUES, "properties": st.dictionaries(KEYS, VALUES, max_size=4) | VALUES})
RECONCILE_QUERY = st.fixed_dictionaries({}, optional={
    "query": st.text(max_size=20) | VALUES, "type": VALUES, "limit": VALUES,
    "properties": st.lists(st.fixed_dictionaries({}, optional={"pid": KEYS | VALUES,
                                                               "v": VALUES}), max_size=3)
    | VALUES})


def _body(query: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    batch = st.dictionaries(st.text(max_size=5), query, max_size=3) | VALUES
    wrapped = st.fixed_dictionaries({"queries": batch}, optional={"justification": VALUES})
    nested = st.integers(min_value=500, max_value=60_000).map(
        lambda depth: b"[" * depth + b"]" * (depth % 3 and depth))  # closed or not
    return (wrapped | VALUES).map(lambda v: json.dumps(v, allow_nan=True).encode()) | nested


def _check(response: Any, failures: list[str], what: str) -> None:
    status = response.status_code
    problem = ""
    if status >= 500 or any(m in response.text for m in STACK_TRACE_MARKERS):
        problem = "server error"
    elif status >= 400:
        error = response.json().get("error", {})
        if not (error.get("status") == status and isinstance(error.get("message"), str)
                and isinstance(error.get("code"), str)
                and isinstance(error.get("details"), list)):
            problem = "not the standard error shape"
    if problem:
        failures.append(f"{what} -> {status} ({problem}): {response.text[:300]}")


@pytest.mark.parametrize(("path", "query"), [("/match/default", MATCH_QUERY),
                                             ("/reconcile/default", RECONCILE_QUERY)])
def test_malformed_json_beyond_the_schema(json_fuzz_app: tuple[FastAPI, World], path: str,
                                          query: st.SearchStrategy[Any]) -> None:
    app, world = json_fuzz_app
    client = TestClient(app, raise_server_exceptions=False)
    headers = world.auth("a", "analyst") | {"Content-Type": "application/json",
                                            "X-Accord-Justification": "fuzzing run 2025"}
    failures: list[str] = []
    statuses: list[int] = []

    @given(body=_body(query))
    @settings(max_examples=MAX_EXAMPLES * 6, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def exercise(body: bytes) -> None:
        response = client.post(path, content=body, headers=headers)
        statuses.append(response.status_code)
        _check(response, failures, f"POST {path} {body[:120]!r}")
        if path.startswith("/reconcile") and len(body) < 4000:  # as OpenRefine sends it
            as_param = client.get(path, params={"queries": body.decode()}, headers=headers)
            _check(as_param, failures, f"GET {path}?queries={body[:120]!r}")

    exercise()
    assert not failures, "\n".join(failures[:20])
    assert {422} <= set(statuses)  # the generator reached the validation, not only 401s
