"""Authorisation of entity reads and sharing policy, through the HTTP API (both engines)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import World
from tests.security.conftest import AddEntity

WHY = {"X-Accord-Justification": "case 2025/17: suspected facilitator"}


def _events(client: TestClient, world: World, agency: str, **params: str) -> list[dict[str, Any]]:
    response = client.get("/api/audit/events", params=params, headers=world.auth(agency, "auditor"))
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def test_own_agency_reads_everything(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-pointer", "p1", "Arben Xhaferi")
    response = client.get("/api/entities/a-pointer/p1", headers=world.auth("a"))
    assert response.status_code == 200
    body = response.json()
    assert body["visibility"] == "full"
    assert body["properties"]["name"] == ["Arben Xhaferi"]
    assert body["legal_basis"] == "Law 123/2020 art. 5"


def test_partner_reads_shared_with_justification_and_owner_sees_it(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    refused = client.get("/api/entities/a-shared/s1", headers=world.auth("b"))
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "justification"
    response = client.get("/api/entities/a-shared/s1", headers={**world.auth("b"), **WHY})
    assert response.status_code == 200
    body = response.json()
    assert body["visibility"] == "properties"
    assert body["properties"]["name"] == ["Fatmir Hoxha"]
    assert "legal_basis" not in body and "review_date" not in body
    consults = _events(client, world, "a", action="consult")
    assert [(e["actor"], e["object_id"], e["justification"]) for e in consults] == [
        ("b-analyst", "a-shared/s1", WHY["X-Accord-Justification"])
    ]
    assert consults[0]["object_agency_id"] == "agency-a"


def test_justification_as_query_parameter(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    response = client.get(
        "/api/entities/a-shared/s1",
        params={"justification": "screening at Merdare crossing"},
        headers=world.auth("b", "supervisor"),
    )
    assert response.status_code == 200


def test_handling_code_h3_narrows_shared_to_pointer(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "h3", "Besnik Krasniqi", handling_code="H3")
    body = client.get("/api/entities/a-shared/h3", headers={**world.auth("b"), **WHY}).json()
    assert body["visibility"] == "pointer"
    assert "Besnik" not in str(body) and "properties" not in body


def test_pointer_reveals_only_agency_and_contact(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-pointer", "p1", "Arben Xhaferi")
    body = client.get("/api/entities/a-pointer/p1", headers={**world.auth("b"), **WHY}).json()
    assert body == {
        "visibility": "pointer",
        "agency_id": "agency-a",
        "agency_name": "Agency A",
        "contact": {"name": "Duty desk A", "phone": "+355690000000", "email": "duty@a.example"},
    }
    assert [e["detail"]["visibility"] for e in _events(client, world, "a", action="consult")] == [
        "pointer"
    ]


def test_sharing_group_hides_holding_like_a_missing_one(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    policy = {"policy": "shared", "sharing_group": ["agency-c-not-b"]}
    refused = client.put(
        "/api/holdings/a-shared/policy", json=policy, headers=world.auth("a", "supervisor")
    )
    assert refused.status_code == 422  # unknown agency in the group
    policy["sharing_group"] = []
    put = client.put(
        "/api/holdings/a-shared/policy", json=policy, headers=world.auth("a", "supervisor")
    )
    assert put.status_code == 200, put.text
    hidden = client.get("/api/entities/a-shared/s1", headers={**world.auth("b"), **WHY})
    missing = client.get("/api/entities/no-such-holding/s1", headers={**world.auth("b"), **WHY})
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["message"] == "no holding 'a-shared'"
    assert missing.json()["error"]["message"] == "no holding 'no-such-holding'"
    readable = client.get("/api/access/holdings", headers=world.auth("b")).json()
    assert "a-shared" not in {h["id"] for h in readable}
    alters = _events(client, world, "a", action="alter")
    assert alters[0]["object_id"] == "a-shared" and alters[0]["actor"] == "a-supervisor"


def test_only_the_owners_supervisor_sets_policy(client: TestClient, world: World) -> None:
    body = {"policy": "pointer", "sharing_group": None}
    for agency, role in (("a", "analyst"), ("a", "auditor"), ("a", "admin"), ("b", "supervisor")):
        response = client.put(
            "/api/holdings/a-shared/policy", json=body, headers=world.auth(agency, role)
        )
        assert response.status_code == 403, (agency, role)
    ok = client.put(
        "/api/holdings/a-shared/policy", json=body, headers=world.auth("a", "supervisor")
    )
    assert ok.json()["policy"] == "pointer"


def test_auditors_and_admins_never_read_entities(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    for role in ("auditor", "admin"):
        response = client.get("/api/entities/a-shared/s1", headers={**world.auth("a", role), **WHY})
        assert response.status_code == 403
        assert "Fatmir" not in response.text


def test_readable_holdings_show_visibility(client: TestClient, world: World) -> None:
    rows = client.get("/api/access/holdings", headers=world.auth("b")).json()
    seen = {row["id"]: row["visibility"] for row in rows}
    assert seen["b-pointer"] == "full" and seen["a-shared"] == "properties"
    assert seen["a-pointer"] == "pointer" and seen["a-blind"] == "pointer"
    assert {row["name"] for row in rows if row["visibility"] == "pointer"} == {""}
