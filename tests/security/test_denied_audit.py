"""Refused (403) requests are in the audit trail: one DENIED event with route and reason
(both engines). Anonymous refusals are not written (anyone could flood the trail)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import World
from tests.web.conftest import csrf_of, sign_in


def _denied(client: TestClient, world: World, agency: str = "a") -> list[dict[str, Any]]:
    answer = client.get("/api/audit/events", params={"action": "denied"},
                        headers=world.auth(agency, "auditor"))
    assert answer.status_code == 200, answer.text
    events: list[dict[str, Any]] = answer.json()["events"]
    return events


def test_a_wrong_role_is_audited_with_route_and_reason(client: TestClient, world: World) -> None:
    assert client.get("/api/admin/users", headers=world.auth("a", "analyst")).status_code == 403
    assert client.post("/api/retention/erase", json={"entities": []},
                       headers=world.auth("a", "analyst")).status_code in {403, 422}
    events = _denied(client, world)
    first = events[-1]
    assert first["actor"] == "a-analyst" and first["agency_id"] == "agency-a"
    assert first["object_type"] == "route" and first["object_id"] == "GET /api/admin/users"
    assert "needs the role admin" in first["detail"]["reason"]
    assert first["channel"].startswith("token:") and first["real_actor"] == "a-analyst"
    assert _denied(client, world, "b") == []  # agency B's auditor does not see A's


def test_a_forged_form_post_is_audited(client: TestClient, world: World) -> None:
    sign_in(client, "a-admin")
    client.get("/admin/users")
    forged = client.post("/admin/users/a-analyst/disable", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    (event,) = _denied(client, world)
    assert event["actor"] == "a-admin" and event["channel"] == "web"
    assert event["object_id"] == "POST /admin/users/{username}/disable"
    assert event["detail"]["path"] == "/admin/users/a-analyst/disable"
    # The request itself did nothing.
    page = client.get("/admin/users")
    assert "a-analyst" in page.text and csrf_of(page)


def test_a_service_refusal_is_audited(client: TestClient, world: World) -> None:
    asked = client.post("/api/admin/users", json={"username": "a-boss", "role": "admin",
                                                  "password": "long-password-1"},
                        headers=world.auth("a", "admin"))
    approve = f"/api/admin/account-requests/{asked.json()['id']}/approve"
    assert client.post(approve, headers=world.auth("a", "admin")).status_code == 403
    (event,) = _denied(client, world)
    assert event["object_id"] == "POST /api/admin/account-requests/{request_id}/approve"
    assert "second person" in event["detail"]["reason"]


def test_anonymous_and_unauthenticated_refusals_are_not_written(
    client: TestClient, world: World
) -> None:
    assert client.get("/api/admin/users").status_code == 401
    refused = client.post("/login", data={"username": "a-admin", "password": "x",
                                          "csrf_token": "none"})
    assert refused.status_code in {400, 403}
    assert _denied(client, world) == []
