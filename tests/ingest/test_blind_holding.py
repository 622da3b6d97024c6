"""Break 12: a ``blind`` holding refuses plaintext, over HTTP and the command line.

A blind holding keeps data from the hub: it takes keyed encodings only (the encoder comes
with blind matching). Importing FtM entities into one is refused with nothing written, and
a holding that holds entities cannot be turned blind. The demo puts no plaintext into one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from accord.demo.scenario import build_scenario
from accord.model import SharingPolicy
from accord.services.holdings.blind import BLIND_TAKES_ENCODINGS
from accord.store.db import Database
from tests.factories import World
from tests.ingest.conftest import Cli, counts, jsonl, person

NDJSON = {"Content-Type": "application/x-ndjson"}
PEOPLE = jsonl(person("p-1"), person("p-2"))


def test_http_import_into_a_blind_holding_is_refused(
    client: TestClient, db: Database, world: World
) -> None:
    response = client.post(
        "/api/holdings/a-blind/entities", content=PEOPLE, headers={**world.auth("a"), **NDJSON}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["message"] == (
        f"holding 'a-blind' is blind: {BLIND_TAKES_ENCODINGS}; nothing was imported"
    )
    assert error["details"] == [{"field": "holding", "message": BLIND_TAKES_ENCODINGS}]
    assert (counts(db).entities, counts(db).imports) == (0, 0)
    # The same body goes into a pointer holding.
    ok = client.post(
        "/api/holdings/a-pointer/entities", content=PEOPLE, headers={**world.auth("a"), **NDJSON}
    )
    assert ok.status_code == 200, ok.text


def test_cli_import_into_a_blind_holding_is_refused(
    cli: Cli, db: Database, world: World, write_file: Callable[[str, bytes], Path]
) -> None:
    path = write_file("people.jsonl", PEOPLE)
    result = cli("import", str(path), "--holding", "a-blind", "--as", "a-analyst")
    assert result.exit_code == 1
    assert f"error: holding 'a-blind' is blind: {BLIND_TAKES_ENCODINGS}" in result.output
    assert (counts(db).entities, counts(db).imports) == (0, 0)


def test_a_holding_with_entities_cannot_become_blind(
    client: TestClient, db: Database, world: World
) -> None:
    sup = world.auth("a", "supervisor")
    client.post("/api/holdings/a-pointer/entities", content=PEOPLE,
                headers={**world.auth("a"), **NDJSON})
    refused = client.put("/api/holdings/a-pointer/policy", json={"policy": "blind"}, headers=sup)
    assert refused.status_code == 409
    assert "holds entities in plaintext and cannot become blind" in refused.text
    assert client.get("/api/holdings/a-pointer/policy", headers=sup).json()["policy"] == "pointer"
    # An empty holding may become blind (and back).
    empty = client.put("/api/holdings/a-shared/policy", json={"policy": "blind"}, headers=sup)
    assert empty.status_code == 200, empty.text


def test_the_demo_puts_no_plaintext_into_a_blind_holding() -> None:
    scenario = build_scenario()
    blind = [h.id for h in scenario.holdings if h.policy is SharingPolicy.BLIND]
    assert blind, "the demo keeps blind holdings (for the encodings to come)"
    assert all(scenario.entities[holding] == [] for holding in blind)
    assert not [
        side.holding_id
        for overlap in scenario.overlaps
        for side in overlap.sides
        if side.holding_id in blind
    ]
