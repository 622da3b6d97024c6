"""The auditor's API: scope (own agency's acts and acts on its objects), export, verify."""

from __future__ import annotations

import json
from datetime import timedelta

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.cli import app as cli_app
from accord.core.clock import today
from tests.factories import World
from tests.security.conftest import AddEntity

WHY = {"X-Accord-Justification": "case 2025/17: suspected facilitator"}


def test_each_auditor_sees_own_acts_and_acts_on_own_data(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    add_entity("b-shared", "t1", "Milan Jovanović")
    client.get("/api/entities/a-shared/s1", headers={**world.auth("b"), **WHY})  # B reads A's
    client.get("/api/entities/b-shared/t1", headers=world.auth("b"))  # B reads its own
    client.get("/api/entities/a-shared/s1", headers=world.auth("a"))  # A reads its own

    def objects(agency: str) -> list[tuple[str, str]]:
        lines = client.get("/api/audit/export", headers=world.auth(agency, "auditor"))
        assert lines.status_code == 200
        assert lines.headers["content-type"].startswith("application/x-ndjson")
        events = [json.loads(line) for line in lines.text.splitlines()]
        assert all(len(e["hash"]) == 64 for e in events)
        return [(e["actor"], e["object_id"]) for e in events if e["action"] == "consult"]

    assert objects("a") == [("b-analyst", "a-shared/s1"), ("a-analyst", "a-shared/s1")]
    assert objects("b") == [("b-analyst", "a-shared/s1"), ("b-analyst", "b-shared/t1")]
    filtered = client.get(
        "/api/audit/events",
        params={"object": "s1", "agency": "agency-b"},
        headers=world.auth("a", "auditor"),
    ).json()["events"]
    assert [e["actor"] for e in filtered] == ["b-analyst"]
    bad = client.get(
        "/api/audit/events", params={"action": "peek"}, headers=world.auth("a", "auditor")
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "action"


def test_verify_through_the_api_with_an_anchor(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    auditor = world.auth("a", "auditor")
    empty = client.get("/api/audit/verify", params={"anchor": "0" * 64}, headers=auditor).json()
    assert empty["ok"] is True and empty["count"] == 0
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    client.get("/api/entities/a-shared/s1", headers=world.auth("a"))
    first = client.get("/api/audit/verify", headers=auditor).json()
    assert first["ok"] is True and first["count"] == 1
    again = client.get("/api/audit/verify", params={"anchor": first["head_hash"]}, headers=auditor)
    assert again.json()["ok"] is True
    wrong = client.get("/api/audit/verify", params={"anchor": "f" * 64}, headers=auditor).json()
    assert wrong["ok"] is False and wrong["problems"][0]["kind"] == "anchor"


def test_retention_due_on_the_command_line(
    cli: CliRunner, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "old-1", "Zeqir Berisha", review_date=today() - timedelta(days=1))
    add_entity("b-shared", "old-b", "Milan Jovanović", review_date=today() - timedelta(days=1))
    everyone = cli.invoke(cli_app, ["retention", "due", "--json"])
    assert everyone.exit_code == 0, everyone.output
    assert {d["entity_id"] for d in json.loads(everyone.output)["due"]} == {"old-1", "old-b"}
    mine = cli.invoke(cli_app, ["retention", "due", "--as", "b-supervisor"])
    assert mine.exit_code == 0 and "b-shared/old-b" in mine.output and "old-1" not in mine.output
