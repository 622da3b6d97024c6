"""Break 9: each malformed input of the report answers 422 (or 413) in the standard error
shape naming the field, never a 500 or a stack trace. Real HTTP through the ASGI app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from accord.app import create_app
from accord.store.db import Database
from accord.store.migrate import upgrade
from tests.conftest import make_settings
from tests.factories import World, build_world

WHY = {"X-Accord-Justification": "case 2025/17: suspected facilitator"}
DEEP = b"[" * 50_000


@pytest.fixture
def api(sqlite_url: str) -> Iterator[tuple[TestClient, World]]:
    db = Database(sqlite_url)
    upgrade(db)
    world = build_world(db)
    db.dispose()
    app: FastAPI = create_app(make_settings(sqlite_url))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert app.state.runtime.screening.wait_ready(30)
        yield client, world


def assert_refused(response: Any, field: str | None = None) -> dict[str, Any]:
    assert response.status_code in (413, 422), response.text
    error = response.json()["error"]
    assert error["status"] == response.status_code and error["code"] and error["message"]
    assert "Traceback" not in response.text
    if field is not None:
        assert [d["field"] for d in error["details"]] == [field], error
    return dict(error)


def _reconcile(client: TestClient, world: World, query: Any) -> Any:
    body = {"queries": {"q1": query}}
    return client.post("/reconcile/default", json=body, headers=world.auth("a") | WHY)


def test_match_with_a_list_as_schema(api: tuple[TestClient, World]) -> None:
    client, world = api
    body = {"queries": {"q1": {"schema": ["Person"], "properties": {"name": ["Fatos Krasniqi"]}}}}
    response = client.post("/match/default", json=body, headers=world.auth("a") | WHY)
    assert_refused(response, "queries.q1.schema")


def test_reconcile_type_nested_list(api: tuple[TestClient, World]) -> None:
    client, world = api
    assert_refused(_reconcile(client, world, {"query": "Fatos Krasniqi", "type": [[1]]}),
                   "queries.q1.type")


def test_reconcile_pid_as_a_list(api: tuple[TestClient, World]) -> None:
    client, world = api
    query = {"query": "Fatos Krasniqi", "properties": [{"pid": ["a"]}]}
    assert_refused(_reconcile(client, world, query), "queries.q1.properties")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_reconcile_limit_nan_and_infinity(api: tuple[TestClient, World], number: str) -> None:
    """Python's json reads these non-standard literals (and int() of them raised); the
    service parses strict JSON, in the body and in the ``queries`` parameter alike."""
    client, world = api
    queries = '{"q1": {"query": "Fatos Krasniqi", "limit": ' + number + "}}"
    body = ('{"queries": ' + queries + "}").encode()
    posted = client.post("/reconcile/default", content=body,
                         headers=world.auth("a") | WHY | {"Content-Type": "application/json"})
    assert_refused(posted, "body")
    in_query = client.get("/reconcile/default", params={"queries": queries},
                          headers=world.auth("a") | WHY)
    assert_refused(in_query, "queries")


@pytest.mark.parametrize("path", ["/reconcile/default", "/match/default"])
def test_fifty_thousand_nested_brackets(api: tuple[TestClient, World], path: str) -> None:
    """Before: RecursionError, 500. Now the parser stops at its depth limit."""
    client, world = api
    response = client.post(path, content=DEEP,
                           headers=world.auth("a") | WHY | {"Content-Type": "application/json"})
    assert_refused(response, "body" if path.startswith("/reconcile") else None)
    deep_form = client.post("/reconcile/default", data={"queries": DEEP.decode()},
                            headers=world.auth("a") | WHY)
    assert_refused(deep_form, "queries")


@pytest.mark.parametrize("query", [
    {"query": 5},
    {"query": "x", "properties": {"pid": "birthDate"}},
    {"query": "x", "properties": ["birthDate"]},
    {"query": "x", "limit": True},
    {"query": "x", "limit": "5"},
    {"query": "x", "limit": 10**30},
    {"query": "x", "type": {"id": "Person"}},
])
def test_reconcile_other_wrong_types(api: tuple[TestClient, World], query: Any) -> None:
    client, world = api
    assert_refused(_reconcile(client, world, query))
