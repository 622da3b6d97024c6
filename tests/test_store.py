"""Storage basics on both engines: migrations, the world factory, error shape."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from sqlalchemy import select

from accord.store.db import Database
from accord.store.migrate import current_revision, head_revision, upgrade
from accord.store.tables import Holding, User
from tests.factories import World


def test_migrations_reach_head_and_rerun(db: Database) -> None:
    assert current_revision(db) == head_revision()
    assert upgrade(db) == head_revision()  # running again is harmless


def test_world_is_stored(db: Database, world: World) -> None:
    with db.read() as tx:
        assert len(tx.execute(select(User)).scalars().all()) == 8
        policies = {h.id: h.policy for h in tx.execute(select(Holding)).scalars()}
    assert policies["a-pointer"] == "pointer"


def test_unknown_path_has_the_error_shape(client: TestClient) -> None:
    response = client.get("/no/such/path")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not Found", "details": []}
    }


def test_health(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    deadline = time.monotonic() + 30  # the screening index loads in the background
    while (ready := client.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
        assert ready.json()["status"] == "loading"
        time.sleep(0.05)
    assert ready.json() == {"status": "ready"}
