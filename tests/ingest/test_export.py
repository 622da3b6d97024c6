"""Export: FtM JSON lines with metadata; import → export → import is lossless; audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import select

from accord.store.db import Database
from accord.store.tables import AuditEvent
from tests.factories import World
from tests.ingest.conftest import Cli, counts, jsonl, person

NDJSON = {"Content-Type": "application/x-ndjson"}
PEOPLE = jsonl(
    person("p-2", handling_code="H3", evaluation="C3", subject_category="witness",
           legal_basis="Law 72/2019 art. 4", review_date="2028-01-31"),
    person("p-1", properties={"name": ["Ђорђе Ђорђевић", "Djordje Djordjevic"],
                              "idNumber": ["0101990710006"]}),
    {"id": "o-1", "schema": "Ownership", "properties": {"owner": ["p-1"], "asset": ["acct-1"]}},
)  # fmt: skip


def test_export_round_trip_is_lossless(
    cli: Cli, db: Database, world: World, write_file: Callable[[str, bytes], Path], tmp_path: Path
) -> None:
    imported = cli("import", str(write_file("people.jsonl", PEOPLE)), "--holding", "a-shared",
                   "--as", "a-analyst")  # fmt: skip
    assert imported.exit_code == 0, imported.output
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    exported = cli("export", "--holding", "a-shared", "--as", "a-analyst", "--out", str(first))
    assert exported.exit_code == 0, exported.output
    assert "exported 3 entities of a-shared" in exported.stdout
    again = cli("import", str(first), "--holding", "a-shared", "--as", "a-supervisor")
    assert "(0 new, 3 replaced, 0 rejected)" in again.stdout
    cli("export", "--holding", "a-shared", "--as", "a-analyst", "--out", str(second))
    assert first.read_bytes() == second.read_bytes()
    lines = [orjson.loads(line) for line in first.read_bytes().splitlines()]
    assert [line["id"] for line in lines] == ["o-1", "p-1", "p-2"]
    assert lines[2] == {
        "id": "p-2", "schema": "Person", "properties": person("p-2")["properties"],
        "handling_code": "H3", "evaluation": "C3", "subject_category": "witness",
        "legal_basis": "Law 72/2019 art. 4", "review_date": "2028-01-31",
    }  # fmt: skip
    assert lines[1]["properties"]["name"] == ["Ђорђе Ђорђевић", "Djordje Djordjevic"]
    assert (counts(db).entities, counts(db).tombstones) == (3, 3)


def test_http_export_streams_json_lines_and_is_audited(
    client: TestClient, db: Database, world: World
) -> None:
    client.post(
        "/api/holdings/a-pointer/entities", content=PEOPLE, headers={**world.auth("a"), **NDJSON}
    )
    response = client.get("/api/holdings/a-pointer/entities", headers=world.auth("a", "supervisor"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert [orjson.loads(line)["id"] for line in response.content.splitlines()] == [
        "o-1",
        "p-1",
        "p-2",
    ]
    with db.read() as tx:
        event = tx.execute(select(AuditEvent).where(AuditEvent.action == "export")).scalar_one()
        assert (event.actor, event.object_id, event.object_agency_id) == (
            "a-supervisor",
            "a-pointer",
            "agency-a",
        )
        assert json.loads(event.detail)["entities"] == 3


def test_export_is_for_the_owning_agency_only(
    client: TestClient, db: Database, world: World
) -> None:
    shared = client.get("/api/holdings/a-shared/entities", headers=world.auth("b"))
    assert shared.status_code == 403
    assert shared.json()["error"]["message"] == (
        "holding 'a-shared' belongs to agency-a; only that agency may export it"
    )
    auditor = client.get("/api/holdings/a-shared/entities", headers=world.auth("a", "auditor"))
    assert auditor.status_code == 403
    missing = client.get("/api/holdings/nowhere/entities", headers=world.auth("a"))
    assert missing.status_code == 404
    with db.read() as tx:
        assert tx.execute(select(AuditEvent).where(AuditEvent.action == "export")).first() is None


def test_cli_export_needs_a_user_of_the_owning_agency(cli: Cli, world: World) -> None:
    result = cli("export", "--holding", "a-shared", "--as", "b-analyst")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: holding 'a-shared' belongs to agency-a; only that agency may export it"
    )
    assert cli("export", "--holding", "a-shared", "--as", "nobody").stderr.strip() == (
        "error: no user 'nobody'"
    )


def test_a_later_line_replaces_an_earlier_one_with_the_same_id(
    client: TestClient, db: Database, world: World
) -> None:
    lines = [person(f"p-{n}") for n in range(4500)]  # spans three batches
    lines.append(person("p-7", properties={"name": ["Later Name"]}))
    lines.append(person("p-4400", properties={"name": ["Same Batch"]}))
    response = client.post("/api/holdings/a-shared/entities", content=jsonl(*lines),
                           headers={**world.auth("a"), **NDJSON})  # fmt: skip
    assert (response.json()["inserted"], response.json()["replaced"]) == (4500, 2)
    assert counts(db).entities == 4500
    exported = client.get("/api/holdings/a-shared/entities", headers=world.auth("a"))
    names = {
        e["id"]: e["properties"]["name"]
        for e in map(orjson.loads, exported.content.splitlines())
        if e["id"] in ("p-7", "p-4400")
    }
    assert names == {"p-7": ["Later Name"], "p-4400": ["Same Batch"]}
