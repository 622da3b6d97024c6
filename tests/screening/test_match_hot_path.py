"""``POST /match`` checks the caller, parses and screens in one transaction: the same
answers as any route for a missing or revoked token, a cookie without its CSRF token, or
a bad body — and nothing is searched or audited for a refused call."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from accord.core.clock import utcnow
from accord.services.identity.auth import sha256
from accord.store.db import Database
from accord.store.tables import ApiToken, AuditEvent
from tests.factories import World
from tests.screening.conftest import SECRET_PERSON
from tests.web.conftest import csrf_of, sign_in

BODY: dict[str, Any] = {"queries": {"q1": {"schema": "Person", "properties": SECRET_PERSON}}}


def _screen_events(db: Database) -> int:
    with db.read() as tx:
        return int(tx.execute(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "screen")
        ).scalar_one())


def test_token_is_checked_before_the_body(live: TestClient, db: Database) -> None:
    refused = live.post("/match/a-shared", content=b"{not json")
    assert refused.status_code == 401
    bad_token = live.post("/match/a-shared", json=BODY, headers={"Authorization": "Bearer x"})
    assert bad_token.status_code == 401
    assert _screen_events(db) == 0


def test_revoked_token_is_refused_on_the_next_call(
    live: TestClient, screening_world: World, db: Database
) -> None:
    headers = screening_world.auth("a")
    assert live.post("/match/a-shared", json=BODY, headers=headers).status_code == 200
    with db.transaction() as tx:
        tx.execute(update(ApiToken).where(ApiToken.token_hash == sha256(screening_world.token("a")))
                   .values(revoked_at=utcnow()))
    assert live.post("/match/a-shared", json=BODY, headers=headers).status_code == 401
    assert _screen_events(db) == 1


def test_bad_bodies_name_the_field(live: TestClient, screening_world: World, db: Database) -> None:
    headers = screening_world.auth("a")
    cases = [(b"", "body"), (b"{not json", "body.1"), (b'{"x": 1}', "body.queries"),
             (b'{"queries": [1]}', "body.queries"), (b'{"queries": {"q": 1}}', "queries.q")]
    for raw, field in cases:
        response = live.post("/match/a-shared", content=raw,
                             headers=headers | {"Content-Type": "application/json"})
        assert response.status_code == 422, raw
        assert response.json()["error"]["details"][0]["field"] == field, raw
    assert _screen_events(db) == 0


def test_session_cookie_needs_its_csrf_token(
    live: TestClient, screening_world: World, db: Database
) -> None:
    assert sign_in(live, "a-analyst", next_path="/screen").status_code == 303
    refused = live.post("/match/a-shared", json=BODY)
    assert refused.status_code == 403
    assert refused.json()["error"]["details"][0]["field"] == "csrf_token"
    as_form = live.post("/match/a-shared", data={"queries": "{}"})
    assert as_form.status_code == 403  # a form post without the token is refused first
    token = csrf_of(live.get("/screen"))
    answered = live.post("/match/a-shared", json=BODY, headers={"X-CSRF-Token": token})
    assert answered.status_code == 200, answered.text
    assert answered.json()["responses"]["q1"]["results"][0]["id"] == "a-shared-p1"
    form = live.post("/match/a-shared", data={"queries": "{}", "csrf_token": token})
    assert form.status_code == 422  # the form was read for its token: not a JSON body
    assert form.json()["error"]["details"][0]["field"] == "body"
    assert _screen_events(db) == 1
