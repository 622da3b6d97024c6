"""Break 4: a link or script on another site cannot use an analyst's session cookie to make
audited look-ups. Cookie-authenticated requests are same-origin only; bearer calls are not
affected. On SQLite and PostgreSQL (the audit trail is what must stay untouched)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accord.store.db import Database
from accord.store.tables import AuditEvent
from tests.factories import World
from tests.security.conftest import AddEntity
from tests.security.test_pages import _sign_in

WHY = "attacker-chosen justification text"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUERIES = json.dumps({"q1": {"query": "Fatmir Hoxha"}})


def _events(db: Database) -> int:
    with db.read() as tx:
        return int(tx.scalar(select(func.count()).select_from(AuditEvent)) or 0)


@pytest.fixture
def browser(app: FastAPI, world: World, add_entity: AddEntity) -> Iterator[TestClient]:
    """A signed-in analyst of agency B; agency A shares one entity."""
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    with TestClient(app) as client:
        assert app.state.runtime.screening.wait_ready(30)
        app.state.runtime.screening.catch_up()
        _sign_in(client, "b-analyst")
        yield client


AUDITED_GETS = [
    ("/api/entities/a-shared/s1", {"justification": WHY}),
    ("/reconcile/default", {"queries": QUERIES, "justification": WHY}),
    ("/api/holdings/b-shared/entities", {}),
]


@pytest.mark.parametrize(("path", "params"), AUDITED_GETS)
@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_break4_cross_site_get_with_the_cookie_is_refused_and_not_audited(
    browser: TestClient, db: Database, path: str, params: dict[str, str], site: str
) -> None:
    """Replay: the analyst's browser follows a link on another site (SameSite=Lax sends the
    cookie). Before: 200 and a CONSULT event with the attacker's justification."""
    before = _events(db)
    response = browser.get(path, params=params, headers={"Sec-Fetch-Site": site,
                                                          "Sec-Fetch-Mode": "navigate"})
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == "forbidden"
    assert error["details"] == [{"field": "Sec-Fetch-Site", "message": site}]
    assert _events(db) == before  # no CONSULT, SCREEN or EXPORT event was written


@pytest.mark.parametrize(("path", "params"), AUDITED_GETS)
def test_the_same_requests_from_accords_own_pages_work(
    browser: TestClient, db: Database, path: str, params: dict[str, str]
) -> None:
    """Control: the very same requests, same-origin (htmx) or typed in (``none``), pass
    and are audited, so the refusal above is the origin rule and nothing else."""
    for site in ("same-origin", "none"):
        before = _events(db)
        response = browser.get(path, params=params, headers={"Sec-Fetch-Site": site})
        assert response.status_code == 200, response.text
        assert _events(db) > before


def test_a_foreign_origin_is_refused(browser: TestClient, db: Database) -> None:
    """Browsers without Fetch Metadata still send ``Origin`` on cross-origin requests."""
    before = _events(db)
    for origin in ("https://evil.example", "null", "http://testserver:8080",
                   "http://testserver.evil.example"):
        response = browser.get("/api/entities/a-shared/s1", params={"justification": WHY},
                               headers={"Origin": origin})
        assert response.status_code == 403, origin
        assert response.json()["error"]["details"][0]["field"] == "Origin"
    assert _events(db) == before
    own = browser.get("/api/entities/a-shared/s1", params={"justification": WHY},
                      headers={"Origin": "http://testserver"})
    assert own.status_code == 200


def test_own_form_posts_with_a_null_origin_pass(browser: TestClient) -> None:
    """Under ``Referrer-Policy: no-referrer`` Chromium sends ``Origin: null`` on Accord's own
    form posts, with ``Sec-Fetch-Site: same-origin``: that is the browser's word, believed."""
    token = _CSRF.search(browser.get("/").text)
    assert token
    out = browser.post("/logout", data={"csrf_token": token.group(1)}, follow_redirects=False,
                       headers={"Sec-Fetch-Site": "same-origin", "Origin": "null"})
    assert out.status_code == 303, out.text


def test_cross_site_posts_and_pages_are_refused_too(browser: TestClient) -> None:
    body = {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Fatmir Hoxha"]}}},
            "justification": WHY}
    assert browser.post("/match/default", json=body,
                        headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    page = browser.get("/screen", headers={"Sec-Fetch-Site": "cross-site",
                                           "Accept": "text/html"})
    assert page.status_code == 403 and "open Accord directly" in page.text
    # The landing pages still open from a link elsewhere.
    assert browser.get("/", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
    assert browser.get("/login", headers={"Sec-Fetch-Site": "cross-site"},
                       follow_redirects=False).status_code == 303


def test_bearer_calls_are_unaffected(client: TestClient, world: World,
                                     add_entity: AddEntity) -> None:
    add_entity("a-shared", "s1", "Fatmir Hoxha")
    response = client.get("/api/entities/a-shared/s1",
                          params={"justification": "case 2025/17: suspected facilitator"},
                          headers=world.auth("b") | {"Sec-Fetch-Site": "cross-site",
                                                     "Origin": "https://tool.example"})
    assert response.status_code == 200, response.text
