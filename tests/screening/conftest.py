"""Fixtures for screening: entities imported through the ingest service, a live index."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from accord.core.settings import Settings
from accord.services.identity.auth import principal_for_user
from accord.services.identity.directory import get_user
from accord.services.ingest.importer import ImportOptions, import_entities
from accord.services.runtime import Runtime
from accord.services.screening.index import IndexManager
from accord.store.db import Database
from tests.factories import World

SCHEMAS = Path(__file__).parent / "schemas" / "reconciliation-api-0.2"

# Persons the tests screen for; each holding of the test world gets its own.
SECRET_PERSON = {"name": ["Fatmir Hoxha"], "birthDate": ["1979-03-14"],
                 "nationality": ["al"], "idNumber": ["J79314055K"]}


def person(entity_id: str, **props: Any) -> dict[str, Any]:
    properties = {k: v if isinstance(v, list) else [v] for k, v in props.items()}
    return {"id": entity_id, "schema": "Person", "properties": properties}


def import_into(settings: Settings, holding_id: str, entities: list[dict[str, Any]],
                username: str) -> None:
    """Import ``entities`` into ``holding_id`` as ``username``, through the ingest service."""
    runtime = Runtime.from_settings(settings)
    try:
        with runtime.db.read() as tx:
            principal = principal_for_user(get_user(tx, username))
        data = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities).encode()
        import_entities(runtime, principal, holding_id, io.BytesIO(data), ImportOptions())
    finally:
        runtime.close()


Importer = Callable[[str, list[dict[str, Any]]], None]


@pytest.fixture
def importer(settings: Settings, world: World) -> Importer:
    def run(holding_id: str, entities: list[dict[str, Any]]) -> None:
        owner = holding_id.split("-", 1)[0]
        import_into(settings, holding_id, entities, f"{owner}-analyst")

    return run


def manager_of(app: FastAPI) -> IndexManager:
    return app.state.runtime.screening


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` passes (a deadline, not a sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


@pytest.fixture
def screening_world(importer: Importer, world: World) -> World:
    """The test world with one person in each holding (same person, different ids)."""
    # b-blind stays empty: a blind holding takes encodings only, never plaintext.
    for holding in ("a-shared", "a-pointer", "b-shared", "b-pointer"):
        importer(holding, [person(f"{holding}-p1", **SECRET_PERSON),
                           person(f"{holding}-p2", name="Marko Petrović",
                                  birthDate="1985-07-02", nationality="rs")])
    # a shared holding's H3 entity: partners see it only as a pointer
    importer("b-shared", [person("b-shared-h3", name="Dragan Nikolić", birthDate="1970-01-09",
                                 idNumber="RS9911223") | {"handling_code": "H3"}])
    return world


@pytest.fixture
def live(app: FastAPI, screening_world: World) -> Iterator[TestClient]:
    """A client whose app has loaded the index with the screening world."""
    with TestClient(app) as client:
        assert manager_of(app).wait_ready(30)
        manager_of(app).catch_up()
        yield client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(settings: Settings, world: World) -> Iterator[str]:
    port = _free_port()
    env = os.environ | {
        "ACCORD_DATABASE_URL": settings.database_url,
        "ACCORD_ENVIRONMENT": "test",
        "ACCORD_SECRET_KEY": settings.secret_key.get_secret_value(),
        "ACCORD_INDEX_POLL_S": "0.5",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "accord.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return httpx.get(f"{base}/readyz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        assert wait_for(ready, timeout=30), "server did not become ready"
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr is not None:
            process.stderr.close()


def _registry() -> Registry:
    resources: list[tuple[str, Resource[Any]]] = []
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text())
        resource = DRAFT7.create_resource(contents)
        resources.append((contents.get("$id", path.name), resource))
    return Registry().with_resources(resources)


_REGISTRY: Registry | None = None


def w3c_validate(schema_file: str, document: Any) -> None:
    """Validate ``document`` against the W3C Reconciliation API 0.2 schema ``schema_file``."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _registry()
    schema = json.loads((SCHEMAS / schema_file).read_text())
    Draft7Validator(schema, registry=_REGISTRY).validate(document)


def db_of(app: FastAPI) -> Database:
    runtime = app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime.db

