"""CSRF: every state-changing request on a session cookie needs the session's token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from accord.services.identity.auth import sha256
from accord.store.db import Database
from accord.store.tables import WebSession
from tests.factories import World
from tests.web.conftest import csrf_of, session_cookie, sign_in

NEW_USER = {"username": "a-new", "role": "analyst", "password": "long-enough-pw"}


@pytest.fixture
def admin(client: TestClient, world: World) -> TestClient:
    assert sign_in(client, "a-admin").status_code == 303
    return client


def test_form_post_without_token_is_refused(admin: TestClient) -> None:
    response = admin.post("/admin/users", data=NEW_USER, headers={"accept": "text/html"})
    assert response.status_code == 403
    assert "The CSRF token is missing".lower() in response.text.lower()
    assert "a-new" not in admin.get("/admin/users").text


def test_form_post_with_a_wrong_token_is_refused(admin: TestClient) -> None:
    response = admin.post("/admin/users", data={**NEW_USER, "csrf_token": "x" * 43})
    assert response.status_code == 403
    assert response.json()["error"]["details"] == [{"field": "csrf_token", "message": "mismatch"}]


def test_another_sessions_token_is_refused(
    admin: TestClient, browser: TestClient, world: World
) -> None:
    sign_in(browser, "a-admin")
    foreign = csrf_of(browser.get("/admin/users"))
    response = admin.post("/admin/users", data={**NEW_USER, "csrf_token": foreign})
    assert response.status_code == 403


def test_form_post_with_the_token_is_accepted(admin: TestClient) -> None:
    token = csrf_of(admin.get("/admin/users"))
    response = admin.post(
        "/admin/users", data={**NEW_USER, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "a-new" in admin.get("/admin/users").text


def test_htmx_header_carries_the_token(admin: TestClient, db: Database) -> None:
    page = admin.get("/admin/users")
    token = csrf_of(page)
    assert f'"X-CSRF-Token": "{token}"' in page.text  # hx-headers on <body>
    response = admin.post(
        "/api/admin/users",
        json={**NEW_USER, "username": "a-htmx"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201
    refused = admin.post("/api/admin/users", json={**NEW_USER, "username": "a-htmx2"})
    assert refused.status_code == 403


def test_logout_needs_the_token(admin: TestClient, db: Database) -> None:
    cookie = session_cookie(admin)
    assert cookie is not None
    assert admin.post("/logout", follow_redirects=False).status_code == 403
    with db.read() as tx:
        assert tx.get(WebSession, sha256(cookie)) is not None  # still signed in


def test_bearer_calls_are_exempt(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/admin/users", json={**NEW_USER, "username": "a-api"}, headers=world.auth("a", "admin")
    )
    assert response.status_code == 201
