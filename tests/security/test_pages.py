"""The auditor's and the supervisor's pages, driven through a real sign-in (session + CSRF)."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from accord.core.clock import today
from tests.factories import PASSWORD, World
from tests.security.conftest import AddEntity

WHY = {"X-Accord-Justification": "case 2025/17: suspected facilitator"}


def _sign_in(client: TestClient, username: str) -> str:
    """Sign in through the form; returns the session's CSRF token from the page."""
    form = client.get("/login")
    login_csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert login_csrf, form.text
    data = {"username": username, "password": PASSWORD, "csrf_token": login_csrf.group(1)}
    done = client.post("/login", data=data, follow_redirects=False)
    assert done.status_code == 303, done.text
    home = client.get("/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
    assert token
    return token.group(1)


def test_auditor_page_filters_and_verifies(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    client.get("/api/entities/a-shared/s1", headers={**world.auth("b"), **WHY})
    _sign_in(client, "a-auditor")
    page = client.get("/audit", params={"action": "consult", "check": "true"})
    assert page.status_code == 200
    assert 'href="/audit"' in page.text  # the navigation offers the page
    assert "b-analyst" in page.text and "a-shared/s1" in page.text
    assert WHY["X-Accord-Justification"] in page.text
    assert "chain intact" in page.text
    assert "Fatmir" not in page.text  # the trail holds no personal data of the entity
    empty = client.get("/audit", params={"actor": "nobody"})
    assert "No events match." in empty.text
    bad = client.get("/audit", params={"since": "31.12.2025"})
    assert bad.status_code == 422 and "is not a date" in bad.text


def test_supervisor_erases_from_the_retention_page_with_csrf(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "old-1", "Zeqir Berisha", review_date=today() - timedelta(days=2))
    csrf = _sign_in(client, "a-supervisor")
    page = client.get("/retention")
    assert page.status_code == 200 and "Zeqir Berisha" in page.text
    form = {"holding_id": "a-shared", "entity_id": "old-1"}
    refused = client.post("/retention/erase", data=form, follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token: nothing erased
    assert "Zeqir Berisha" in client.get("/retention").text
    done = client.post(
        "/retention/erase", data={**form, "csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    after = client.get(done.headers["location"])
    assert "Erased." in after.text and "Zeqir Berisha" not in after.text
    assert "Nothing is due for review." in after.text


def test_pages_refuse_other_roles(client: TestClient, world: World) -> None:
    _sign_in(client, "a-analyst")
    assert client.get("/audit").status_code == 403
    assert client.get("/retention").status_code == 403
