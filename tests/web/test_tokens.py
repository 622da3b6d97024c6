"""API tokens: each user's own, shown once to them, stored hashed, expiring and revocable;
the admin API and pages list and revoke them."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from accord.core.clock import utcnow
from accord.services.identity import users
from accord.services.identity.auth import sha256
from accord.store.db import Database
from accord.store.tables import ApiToken
from tests.factories import World
from tests.web.conftest import csrf_of, sign_in


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_issued_token_works_and_is_stored_hashed(
    client: TestClient, world: World, db: Database
) -> None:
    sign_in(client, "a-analyst")
    csrf = csrf_of(client.get("/tokens"))
    created = client.post(
        "/api/tokens", json={"name": "ci", "days": 7}, headers={"X-CSRF-Token": csrf}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    raw = body["raw"]
    assert body["token"]["state"] == "active" and body["token"]["username"] == "a-analyst"
    with db.read() as tx:
        stored = tx.execute(select(ApiToken).where(ApiToken.id == body["token"]["id"])).scalar_one()
        assert stored.token_hash == sha256(raw) and raw not in stored.token_hash
    assert client.get("/api/admin/tokens", headers=_bearer(raw)).status_code == 403  # analyst
    listed = client.get("/api/admin/tokens", headers=world.auth("a", "admin")).json()
    assert "raw" not in listed[0] and {t["agency_id"] for t in listed} == {"agency-a"}
    own = client.get("/api/tokens", headers=_bearer(raw)).json()
    assert {t["username"] for t in own} == {"a-analyst"} and "raw" not in own[0]


def test_a_token_cannot_mint_tokens(client: TestClient, world: World) -> None:
    refused = client.post("/api/tokens", json={"name": "x"}, headers=world.auth("a", "analyst"))
    assert refused.status_code == 403
    assert "browser session" in refused.json()["error"]["message"]


def test_expired_token_is_refused(client: TestClient, world: World, db: Database) -> None:
    raw = world.token("a", "admin")
    assert client.get("/api/admin/users", headers=_bearer(raw)).status_code == 200
    with db.transaction() as tx:
        tx.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == sha256(raw))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    refused = client.get("/api/admin/users", headers=_bearer(raw))
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "the API token is unknown, revoked or expired"
    (token,) = [t for t in users.list_tokens(db, None, username="a-admin")]
    assert token.state == "expired"


def test_revoked_token_is_refused_at_once(client: TestClient, world: World, db: Database) -> None:
    issued = users.issue_token(db, "a-analyst", name="probe", days=1)
    headers = world.auth("a", "admin")
    assert client.get("/api/admin/users", headers=_bearer(issued.raw)).status_code == 403
    revoked = client.post(f"/api/admin/tokens/{issued.token.id}/revoke", headers=headers)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert client.get("/api/admin/users", headers=_bearer(issued.raw)).status_code == 401


def test_admin_acts_on_own_agency_only(client: TestClient, world: World, db: Database) -> None:
    headers = world.auth("a", "admin")
    b_token = users.list_tokens(db, None, username="b-analyst")[0]
    assert client.post(f"/api/admin/tokens/{b_token.id}/revoke", headers=headers).status_code == 404
    assert client.post("/api/admin/users/b-analyst/disable", headers=headers).status_code == 404
    a_token = users.list_tokens(db, None, username="a-analyst")[0]
    mine = client.post(f"/api/tokens/{a_token.id}/revoke", headers=headers)  # not the admin's
    assert mine.status_code == 404
    names = {u["username"] for u in client.get("/api/admin/users", headers=headers).json()}
    assert names == {"a-analyst", "a-supervisor", "a-auditor", "a-admin"}
    for role in ("analyst", "supervisor", "auditor"):
        assert client.get("/api/admin/users", headers=world.auth("a", role)).status_code == 403


def test_disabling_a_user_stops_their_tokens(client: TestClient, world: World) -> None:
    headers = world.auth("a", "admin")
    assert client.post("/api/admin/users/a-auditor/disable", headers=headers).status_code == 200
    assert client.get("/healthz", headers=world.auth("a", "auditor")).status_code == 200
    assert client.get("/api/admin/users", headers=world.auth("a", "auditor")).status_code == 401
    own = client.post("/api/admin/users/a-admin/disable", headers=headers)
    assert own.status_code == 409


def test_token_pages_show_the_raw_value_once_to_its_owner(
    client: TestClient, world: World
) -> None:
    sign_in(client, "a-analyst")
    page = client.get("/tokens")
    assert page.status_code == 200
    created = client.post(
        "/tokens", data={"name": "ops", "days": "5", "csrf_token": csrf_of(page)}
    )
    assert created.status_code == 201
    raw = created.text.split('id="issued-raw" class="token-value" type="text" readonly value="')[1]
    raw = raw.split('"')[0]
    assert raw.startswith("acc_")
    assert client.get("/api/admin/users", headers=_bearer(raw)).status_code == 403  # analyst
    own = client.get("/api/tokens", headers=_bearer(raw)).json()
    assert {t["name"] for t in own} == {"test", "ops"}
    token_id = next(t["id"] for t in own if t["name"] == "ops")
    again = client.get("/tokens")
    assert raw not in again.text and f'action="/tokens/{token_id}/revoke"' in again.text
    revoke = client.post(
        f"/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(again)}, follow_redirects=False
    )
    assert revoke.status_code == 303
    assert client.get("/api/tokens", headers=_bearer(raw)).status_code == 401


def test_admin_token_page_lists_and_revokes_but_creates_nothing(
    client: TestClient, world: World
) -> None:
    sign_in(client, "a-admin")
    page = client.get("/admin/tokens")
    assert page.status_code == 200 and "b-analyst" not in page.text
    assert 'action="/admin/tokens"' not in page.text and "a-analyst" in page.text
    token_id = int(page.text.split('action="/admin/tokens/')[1].split("/")[0])
    revoke = client.post(
        f"/admin/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert revoke.status_code == 303
    forged = client.post(
        "/admin/tokens", data={"username": "a-analyst", "csrf_token": csrf_of(page)}
    )
    assert forged.status_code == 405


def test_user_pages(client: TestClient, world: World) -> None:
    sign_in(client, "a-admin")
    page = client.get("/admin/users")
    assert "a-analyst" in page.text and "b-analyst" not in page.text
    token = csrf_of(page)
    bad = client.post(
        "/admin/users",
        data={
            "username": "Bad Name",
            "role": "analyst",
            "password": "long-enough-pw",
            "csrf_token": token,
        },
    )
    assert bad.status_code == 422 and "must be 2–64 characters" in bad.text
    done = client.post("/admin/users/a-auditor/disable", data={"csrf_token": token})
    assert done.status_code == 200 and "The user was disabled" in done.text


def test_non_admins_cannot_open_admin_pages(client: TestClient, world: World) -> None:
    sign_in(client, "a-analyst")
    response = client.get("/admin/users", headers={"accept": "text/html"})
    assert response.status_code == 403
    assert "this needs the role admin" in response.text
