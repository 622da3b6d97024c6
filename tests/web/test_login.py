"""Sign-in, sign-out, session rotation and throttling (both databases)."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from accord.core.settings import Settings
from accord.http.deps import SESSION_COOKIE
from accord.http.security import LOGIN_CSRF_COOKIE
from accord.services.identity.auth import sha256
from accord.store.db import Database
from accord.store.tables import AuditEvent, WebSession
from tests.factories import PASSWORD, World
from tests.web.conftest import HOST, client_at, csrf_of, session_cookie, sign_in


def _events(db: Database, action: str) -> list[AuditEvent]:
    with db.read() as tx:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        events = list(tx.execute(query).scalars())
        tx.expunge_all()  # keep the loaded values readable after the read ends
        return events


def test_sign_in_opens_a_session_and_shows_the_agency(
    client: TestClient, world: World, db: Database
) -> None:
    response = sign_in(client, "a-analyst")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    set_cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in set_cookie
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie and "Path=/" in set_cookie
    assert "Secure" not in set_cookie  # secure_cookies is off in tests
    home = client.get("/")
    assert home.status_code == 200
    assert "Agency A" in home.text and "a-shared" in home.text and "Agency B" not in home.text
    cookie = session_cookie(client)
    assert cookie is not None
    with db.read() as tx:  # only the hash of the session id is stored
        assert tx.get(WebSession, sha256(cookie)) is not None
    (event,) = _events(db, "login")
    assert event.actor == "a-analyst" and event.agency_id == "agency-a"


def test_secure_cookie_when_configured(settings: Settings, world: World) -> None:
    from accord.app import create_app

    app = create_app(settings.model_copy(update={"secure_cookies": True}))
    with TestClient(app, base_url="https://testserver") as client:
        response = sign_in(client, "a-analyst")
    assert response.status_code == 303
    session = [c for c in response.headers.get_list("set-cookie") if SESSION_COOKIE in c]
    assert session and "Secure" in session[0]


def test_wrong_password_unknown_user_and_disabled_user_are_refused_alike(
    client: TestClient, world: World, db: Database
) -> None:
    from accord.services.identity import users

    users.disable_user(db, None, "a-supervisor")
    for username, password in (
        ("a-analyst", "wrong-password"),
        ("nobody", "correct-horse-battery"),
        ("a-supervisor", "correct-horse-battery"),
    ):
        response = sign_in(client, username, password)
        assert response.status_code == 401, username
        assert "Wrong username or password." in response.text
        assert session_cookie(client) is None
    failed = _events(db, "login_failed")
    assert [e.object_id for e in failed] == ["a-analyst", "nobody", "a-supervisor"]
    assert [json.loads(e.detail)["reason"] for e in failed] == [
        "wrong_credentials",
        "wrong_credentials",
        "disabled",
    ]
    assert failed[0].object_agency_id == "agency-a"  # agency A's auditors see it
    assert failed[0].actor_user_id is None


def test_sign_in_form_needs_its_csrf_token(client: TestClient, world: World) -> None:
    client.get("/login")
    data = {"username": "a-analyst", "password": "correct-horse-battery"}
    missing = client.post("/login", data=data, follow_redirects=False)
    assert missing.status_code == 403
    assert missing.json()["error"]["message"].startswith("the CSRF token is missing")
    wrong = client.post("/login", data={**data, "csrf_token": "forged"}, follow_redirects=False)
    assert wrong.status_code == 403
    assert session_cookie(client) is None


def test_throttling_per_account(app: FastAPI, world: World, db: Database) -> None:
    limit = app.state.settings.login_max_failures
    for n in range(limit):  # each failure from another address: only the account adds up
        with client_at(app, f"10.0.0.{n + 1}") as client:
            assert sign_in(client, "a-analyst", "wrong-password").status_code == 401
    with client_at(app, "10.0.1.1") as client:
        refused = sign_in(client, "a-analyst")  # the right password, too late
        assert refused.status_code == 429
        assert "Too many failed sign-ins" in refused.text
        assert session_cookie(client) is None
        assert sign_in(client, "a-supervisor").status_code == 303  # other accounts are fine
    reasons = [json.loads(e.detail)["reason"] for e in _events(db, "login_failed")]
    assert reasons == ["wrong_credentials"] * limit + ["throttled_account"]


def test_throttling_per_address(app: FastAPI, world: World, db: Database) -> None:
    limit = app.state.settings.login_max_failures
    with client_at(app, "192.0.2.7") as client:
        for n in range(limit):  # a different account each time: only the address adds up
            assert sign_in(client, f"guess-{n}", "wrong-password").status_code == 401
        assert sign_in(client, "a-analyst").status_code == 429
    with client_at(app, "192.0.2.8") as client:
        assert sign_in(client, "a-analyst").status_code == 303  # another address is fine
    last = _events(db, "login_failed")[-1]
    assert json.loads(last.detail) == {"address": "192.0.2.7", "reason": "throttled_address"}


def test_a_success_resets_the_account_count(app: FastAPI, world: World) -> None:
    limit = app.state.settings.login_max_failures
    for n in range(limit - 1):
        with client_at(app, f"10.1.0.{n}") as client:
            assert sign_in(client, "a-analyst", "wrong-password").status_code == 401
    with client_at(app, "10.1.1.1") as client:
        assert sign_in(client, "a-analyst").status_code == 303
    with client_at(app, "10.1.1.2") as client:
        assert sign_in(client, "a-analyst", "wrong-password").status_code == 401
        assert sign_in(client, "a-analyst").status_code == 303


def test_session_rotates_on_sign_in(client: TestClient, world: World, db: Database) -> None:
    assert sign_in(client, "a-analyst").status_code == 303
    before = session_cookie(client)
    assert before is not None
    # Signing in again (here as another user) with the old cookie present issues a new id …
    with TestClient(client.app) as fresh:  # a signed-in browser is sent away from the form
        form = fresh.get("/login")
        client.cookies.set(
            LOGIN_CSRF_COOKIE, fresh.cookies[LOGIN_CSRF_COOKIE], domain=HOST, path="/login"
        )
    response = client.post(
        "/login",
        data={"username": "a-supervisor", "password": PASSWORD, "csrf_token": csrf_of(form)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = session_cookie(client)
    assert after is not None and after != before
    # … and the old id no longer authenticates, nor is it stored.
    with db.read() as tx:
        assert tx.get(WebSession, sha256(before)) is None
    with TestClient(client.app) as other:
        other.cookies.set(SESSION_COOKIE, before)
        page = other.get("/", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login"
        api = other.get("/api/admin/users")
        assert api.status_code == 401


def test_a_planted_cookie_is_not_adopted(client: TestClient, world: World) -> None:
    client.cookies.set(SESSION_COOKIE, "attacker-chosen-session-id", domain=HOST)
    assert sign_in(client, "a-analyst").status_code == 303
    assert session_cookie(client) != "attacker-chosen-session-id"


def test_sign_out_deletes_the_session(client: TestClient, world: World, db: Database) -> None:
    sign_in(client, "a-analyst")
    cookie = session_cookie(client)
    assert cookie is not None
    home = client.get("/")
    response = client.post("/logout", data={"csrf_token": csrf_of(home)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert session_cookie(client) is None
    with db.read() as tx:
        assert tx.get(WebSession, sha256(cookie)) is None
    client.cookies.set(SESSION_COOKIE, cookie, domain=HOST)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert [e.actor for e in _events(db, "logout")] == ["a-analyst"]


def test_signed_in_user_visiting_login_goes_home(client: TestClient, world: World) -> None:
    sign_in(client, "a-analyst")
    response = client.get("/login", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_next_is_followed_only_to_local_paths(client: TestClient, world: World) -> None:
    assert sign_in(client, "a-admin", next_path="/admin/users").headers["location"] == (
        "/admin/users"
    )
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example"):
        client.cookies.clear()
        assert sign_in(client, "a-admin", next_path=evil).headers["location"] == "/"


def test_unauthenticated_pages_redirect_to_sign_in(client: TestClient, world: World) -> None:
    response = client.get(
        "/admin/users?x=1", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fadmin%2Fusers%3Fx%3D1"
    api = client.get("/api/admin/users")  # API clients get the 401 in the JSON shape
    assert api.status_code == 401 and api.json()["error"]["code"] == "unauthorized"
