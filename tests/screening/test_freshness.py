"""Freshness: what any process imports is screenable in a running server within seconds.

The server is a real uvicorn subprocess; the import runs in this process through the ingest
service, so the only path between them is the database. Deadlines are polled, not slept.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
from sqlalchemy import insert, select

from accord.services.screening.index import IndexManager
from accord.store.db import Database
from accord.store.tables import Entity
from tests.factories import World
from tests.screening.conftest import Importer, person, wait_for


def _hits(base: str, world: World, name: str) -> list[dict[str, Any]]:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
    response = httpx.post(f"{base}/match/a-shared", json=body, headers=world.auth("a"),
                          timeout=5)
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["responses"]["q"]["results"]
    return results


def test_import_in_another_process_is_screenable(server: str, world: World,
                                                importer: Importer) -> None:
    assert _hits(server, world, "Arben Xhaferi") == []
    started = time.monotonic()
    importer("a-shared", [person("fresh-1", name="Arben Xhaferi", birthDate="1968-02-11")])
    assert wait_for(lambda: bool(_hits(server, world, "Арбен Џафери")), timeout=5)
    took = time.monotonic() - started
    print(f"import -> screenable in {took:.2f} s")
    # A replacement drops the old version from the index, too.
    importer("a-shared", [person("fresh-1", name="Besnik Krasniqi", birthDate="1968-02-11")])
    # (the old row is gone from the store at once; the index follows on its next poll)
    assert wait_for(lambda: not _hits(server, world, "Arben Xhaferi"), timeout=5)
    assert wait_for(lambda: bool(_hits(server, world, "Besnik Krasniqi")), timeout=5)
    assert [h["id"] for h in _hits(server, world, "Besnik Krasniqi")] == ["fresh-1"]


def _row(holding: str, entity_id: str, name: str) -> dict[str, Any]:
    return {"holding_id": holding, "entity_id": entity_id, "schema": "Person", "caption": name,
            "properties": json.dumps({"name": [name]})}


def test_rows_committed_out_of_order_are_not_missed(db: Database, world: World) -> None:
    """On PostgreSQL a lower row id can commit after a higher one; the cursor waits for it."""
    manager = IndexManager(db)
    manager.catch_up()
    slow = db.engine.connect()
    slow_tx = slow.begin()
    slow.execute(insert(Entity), [_row("a-shared", "slow-1", "Ilir Meta")])  # lower row id
    if db.is_sqlite:  # SQLite serialises writers: nothing can commit in between
        slow_tx.commit()
    with db.transaction() as tx:
        tx.execute(insert(Entity), [_row("a-shared", "fast-1", "Edi Rama")])
    manager.catch_up()
    if not db.is_sqlite:
        slow_tx.commit()
    slow.close()
    with db.read() as tx:
        wanted = set(tx.execute(select(Entity.row_id)).scalars())

    def indexed() -> bool:
        manager.catch_up()
        return all(handle in manager.index for handle in wanted)

    assert wait_for(indexed, timeout=5)
    assert manager.entities.safe >= 0
