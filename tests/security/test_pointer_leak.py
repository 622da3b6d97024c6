"""A partner who screens and hits a `pointer` entity learns only the pointer (both engines),
and the consultation is in the owner's view of the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import World
from tests.security.conftest import AddEntity

WHY = "border check at Merdare, traveller on flight JU 123"
SECRETS = ("Arben", "Xhaferi", "p-secret-1", "1980-05-17", "Law 123/2020", "suspect")


def _screen(client: TestClient, app: FastAPI, world: World, name: str) -> dict[str, Any]:
    app.state.runtime.screening.catch_up()
    query = {
        "q1": {"schema": "Person", "properties": {"name": [name], "birthDate": ["1980-05-17"]}}
    }
    response = client.post(
        "/match/default",
        json={"queries": query, "justification": WHY},
        headers=world.auth("b"),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_screening_a_pointer_reveals_only_the_pointer(
    client: TestClient, app: FastAPI, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-pointer", "p-secret-1", "Arben Xhaferi", review_date=date(2040, 1, 1))
    body = _screen(client, app, world, "Арбен Џафери")
    results = body["responses"]["q1"]["results"]
    assert len(results) == 1
    hit = results[0]
    assert hit["properties"] == {} and hit["explanations"] == {}
    pointer = hit["accord:pointer"]
    assert pointer["agency_id"] == "agency-a"
    assert pointer["contact"] == {
        "name": "Duty desk A",
        "phone": "+355690000000",
        "email": "duty@a.example",
    }
    assert pointer["score_band"] in {"strong", "possible"}
    for secret in SECRETS:
        assert secret not in str(results), secret

    # The consultation is in A's view of the audit trail, with B's justification …
    events = client.get(
        "/api/audit/events", params={"actor": "b-analyst"}, headers=world.auth("a", "auditor")
    ).json()["events"]
    consults = [e for e in events if e["action"] == "consult"]
    assert len(consults) == 1
    assert consults[0]["object_agency_id"] == "agency-a"
    assert consults[0]["agency_id"] == "agency-b"
    assert consults[0]["justification"] == WHY
    # … and A's audit trail holds no personal data of the entity or of the query.
    assert not any(secret in str(events) for secret in SECRETS[:3])


def test_reading_the_pointer_by_id_reveals_only_the_pointer(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-pointer", "p-secret-1", "Arben Xhaferi")
    response = client.get(
        "/api/entities/a-pointer/p-secret-1",
        headers={**world.auth("b"), "X-Accord-Justification": WHY},
    )
    assert response.status_code == 200
    assert set(response.json()) == {"visibility", "agency_id", "agency_name", "contact"}
    for secret in SECRETS[:2] + SECRETS[3:]:
        assert secret not in response.text


def test_cross_agency_read_without_justification_is_rejected(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-pointer", "p-secret-1", "Arben Xhaferi")
    response = client.get("/api/entities/a-pointer/p-secret-1", headers=world.auth("b"))
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {"field": "justification", "message": "required"}
    ]
    events = client.get("/api/audit/events", headers=world.auth("a", "auditor")).json()["events"]
    assert [e for e in events if e["action"] == "consult"] == []
