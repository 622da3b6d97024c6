"""Retention: an entity past review is erased with what derives from it, and no route finds it.

Both engines. The erasure runs through ``accord retention run`` (CliRunner on the test
database); then every GET route of the app's route table, /match, the audit trail and the
export are searched for the entity's personal data.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import make_url, select, update
from typer.testing import CliRunner

from accord.cli import app as cli_app
from accord.core.clock import today
from accord.services.audit import retention
from accord.store.db import Database
from accord.store.tables import AuditEvent, Entity, EntityTombstone, User
from tests.factories import World
from tests.security.conftest import AddEntity

NAME = "Zeqir Berisha"


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:  # a parameter of a newer route: aim at the entity
        return "old-1"


PARAMS = _Params(
    {
        "holding_id": "a-shared",
        "entity_id": "old-1",
        "dataset": "a-shared",
        "username": "a-analyst",
        "token_id": "1",
    }
)
WHY = {"X-Accord-Justification": "retention test: looking for the erased entity"}


def _screen(client: TestClient, app: FastAPI, headers: dict[str, str]) -> str:
    app.state.runtime.screening.catch_up()
    query = {"q": {"schema": "Person", "properties": {"name": [NAME]}}}
    response = client.post("/match/default", json={"queries": query}, headers={**headers, **WHY})
    assert response.status_code == 200, response.text
    return json.dumps(response.json()["responses"]["q"]["results"], ensure_ascii=False)


def _get_routes(app: FastAPI) -> list[str]:
    """Every GET route of the app, its path parameters pointing at the erased entity."""
    paths = [
        context.path.format_map(PARAMS)
        for context in iter_route_contexts(app.routes)
        if context.path and "GET" in (context.methods or set())
    ]
    assert "/api/entities/a-shared/old-1" in paths and "/api/audit/events" in paths
    return paths


@pytest.fixture
def erased_trail(
    monkeypatch: pytest.MonkeyPatch, add_entity: AddEntity, db: Database
) -> list[tuple[str, int]]:
    """An entity past review and one still current; a derived store hooked into erasure."""
    add_entity("a-shared", "old-1", NAME, review_date=today() - timedelta(days=1))
    add_entity("a-shared", "current-1", "Drita Gashi", review_date=today() + timedelta(days=1))
    calls: list[tuple[str, int]] = []

    def derived(_tx: Any, entity: Entity) -> int:
        calls.append((entity.entity_id, entity.row_id))
        return 1

    monkeypatch.setattr(retention, "ERASERS", (("test-derived", derived),))
    return calls


def test_erased_entity_is_gone_from_every_route(
    cli: CliRunner,
    client: TestClient,
    app: FastAPI,
    world: World,
    db: Database,
    erased_trail: list[tuple[str, int]],
) -> None:
    # Before: the owner and a partner find it.
    assert NAME in _screen(client, app, world.auth("a"))
    assert (
        NAME in client.get("/api/entities/a-shared/old-1", headers={**world.auth("b"), **WHY}).text
    )
    due = client.get("/api/retention/due", headers=world.auth("a", "supervisor")).json()["due"]
    assert [item["entity_id"] for item in due] == ["old-1"]

    dry = cli.invoke(cli_app, ["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "a-shared/old-1" in dry.output and "1 entities due (dry run" in dry.output
    assert erased_trail == []

    run = cli.invoke(cli_app, ["retention", "run"])
    assert run.exit_code == 0, run.output
    assert "1 entities erased" in run.output and "current-1" not in run.output
    assert [entity_id for entity_id, _row in erased_trail] == ["old-1"]  # derived data hook ran

    with db.read() as tx:
        assert tx.execute(select(Entity.entity_id)).scalars().all() == ["current-1"]
        tombstones = tx.execute(select(EntityTombstone.entity_id)).scalars().all()
    assert tombstones == ["old-1"]

    # After: no route shows anything of it, to anyone.
    assert NAME not in _screen(client, app, world.auth("a"))
    assert NAME not in _screen(client, app, world.auth("b"))
    for agency, role in (("a", "analyst"), ("a", "supervisor"), ("a", "auditor"), ("b", "analyst")):
        for path in _get_routes(app):
            response = client.get(path, headers={**world.auth(agency, role), **WHY})
            assert response.status_code < 500, (path, response.text)
            assert "Zeqir" not in response.text and "Berisha" not in response.text, (path, role)
    read = client.get("/api/entities/a-shared/old-1", headers=world.auth("a"))
    assert read.status_code == 404

    # The erasure is audited, for the owner to see, without the entity's personal data.
    events = client.get(
        "/api/audit/events", params={"action": "erase"}, headers=world.auth("a", "auditor")
    ).json()["events"]
    assert [(e["object_id"], e["object_agency_id"], e["actor"]) for e in events] == [
        ("a-shared/old-1", "agency-a", "retention")
    ]
    assert events[0]["detail"]["derived"] == {"test-derived": 1}
    exported = cli.invoke(cli_app, ["audit", "export"])
    assert exported.exit_code == 0 and "Zeqir" not in exported.output
    export = cli.invoke(cli_app, ["export", "--holding", "a-shared", "--as", "a-analyst"])
    assert export.exit_code == 0, export.output
    assert (
        "current-1" in export.output
        and "old-1" not in export.output
        and "Zeqir" not in export.output
    )
    assert cli.invoke(cli_app, ["audit", "verify"]).exit_code == 0


def test_supervisor_erases_from_the_api_only_due_entities_of_own_agency(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "old-1", NAME, review_date=today() - timedelta(days=1))
    add_entity("a-shared", "current-1", "Drita Gashi", review_date=today() + timedelta(days=1))
    add_entity("b-shared", "old-b", "Milan Jovanović", review_date=today() - timedelta(days=3))
    a_sup = world.auth("a", "supervisor")

    def erase(holding: str, entity: str, headers: dict[str, str]) -> Any:
        body = {"entities": [{"holding_id": holding, "entity_id": entity}]}
        return client.post("/api/retention/erase", json=body, headers=headers)

    assert erase("a-shared", "current-1", a_sup).status_code == 422  # not due
    assert erase("b-shared", "old-b", a_sup).status_code == 404  # another agency's
    assert erase("a-shared", "old-1", world.auth("a")).status_code == 403  # an analyst
    done = erase("a-shared", "old-1", a_sup)
    assert done.status_code == 200 and done.json()["erased"][0]["entity_id"] == "old-1"
    assert client.get("/api/retention/due", headers=a_sup).json() == {"due": []}
    b_due = client.get("/api/retention/due", headers=world.auth("b", "supervisor")).json()["due"]
    assert [item["entity_id"] for item in b_due] == ["old-b"]


def test_retention_as_a_non_supervisor_is_refused(cli: CliRunner, world: World) -> None:
    result = cli.invoke(cli_app, ["retention", "run", "--as", "a-analyst"])
    assert result.exit_code == 1
    assert "error: retention review is for supervisors; you are analyst" in result.output


def test_retention_as_a_deactivated_supervisor_is_refused(
    cli: CliRunner, db: Database, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "old-a", "Arben Krasniqi", review_date=today() - timedelta(days=1))
    with db.transaction() as tx:
        tx.execute(update(User).where(User.username == "a-supervisor").values(is_active=False))
    result = cli.invoke(cli_app, ["retention", "run", "--as", "a-supervisor"])
    assert result.exit_code == 1
    assert "error: user 'a-supervisor' is deactivated" in result.output
    with db.read() as tx:
        assert tx.execute(select(Entity.entity_id)).scalars().all() == ["old-a"]


def test_looking_at_the_due_list_is_audited(
    cli: CliRunner, client: TestClient, db: Database, world: World, add_entity: AddEntity
) -> None:
    """The due list shows names: each look at it is in the trail (API and command line)."""
    add_entity("a-shared", "old-1", NAME, review_date=today() - timedelta(days=1))
    due = client.get("/api/retention/due", headers=world.auth("a", "supervisor"))
    assert due.status_code == 200 and len(due.json()["due"]) == 1
    assert cli.invoke(cli_app, ["retention", "due"]).exit_code == 0
    with db.read() as tx:
        events = tx.execute(
            select(AuditEvent).where(AuditEvent.object_type == "retention").order_by(AuditEvent.seq)
        ).scalars().all()
        tx.expunge_all()
    assert [(e.action, e.actor, e.agency_id, e.object_id, e.object_agency_id) for e in events] == [
        ("consult", "a-supervisor", "agency-a", "due", "agency-a"),
        ("consult", "retention", None, "due", None),
    ]
    assert json.loads(events[0].detail) == {"entities": 1, "on": today().isoformat()}
    assert NAME not in events[0].detail
    # The owning agency's auditor sees the supervisor's look.
    seen = client.get("/api/audit/events", params={"object": "due"},
                      headers=world.auth("a", "auditor")).json()["events"]
    assert [e["actor"] for e in seen] == ["a-supervisor"]


ERASED_ID = "QX7-ERASE-8842-SYNTH"  # a synthetic identifier, nowhere else in the database
ERASED_NAME = "Vlorentina Zzyqerasi"


def _database_bytes(db: Database) -> bytes:
    path = Path(make_url(db.url).database or "")
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(p.read_bytes() for p in files if p.exists())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_erasure_leaves_nothing_readable_in_the_sqlite_files(
    client: TestClient, db: Database, world: World
) -> None:
    """Erase an entity with a distinctive identifier; search the database files' bytes."""
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    line = {
        "id": "gone-1", "schema": "Person",
        "properties": {"name": [ERASED_NAME], "idNumber": [ERASED_ID]},
        "review_date": (today() - timedelta(days=1)).isoformat(),
    }
    imported = client.post(
        "/api/holdings/a-shared/entities", content=json.dumps(line).encode() + b"\n",
        headers={**world.auth("a"), "Content-Type": "application/x-ndjson"},
    )
    assert imported.status_code == 200, imported.text
    # Before: it is there to find (the search can fail).
    assert ERASED_ID.encode() in _database_bytes(db)
    erased = client.post(
        "/api/retention/erase", headers=world.auth("a", "supervisor"),
        json={"entities": [{"holding_id": "a-shared", "entity_id": "gone-1"}]},
    )
    assert erased.status_code == 200, erased.text
    # After: neither the identifier nor the name is in the database, its WAL or shm file.
    data = _database_bytes(db)
    assert ERASED_ID.encode() not in data
    assert ERASED_NAME.encode() not in data and b"Zzyqerasi" not in data
