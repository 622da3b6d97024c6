"""Security headers on every page, walked from the app's own route table."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from accord.app import create_app
from accord.core.settings import Settings
from accord.http.security import CONTENT_SECURITY_POLICY
from accord.store.db import Database
from tests.factories import World
from tests.web.conftest import sign_in

EXPECTED = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
}


def _assert_headers(response: object, *, cached: bool = False) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in EXPECTED.items():
        assert headers.get(name) == value, (name, response)
    if not cached:
        assert headers.get("cache-control") == "no-store"


def get_paths(app: FastAPI) -> list[str]:
    """Every GET route of the app without path parameters (pages and API alike)."""
    paths = set()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        methods = getattr(route, "methods", None) or set()
        path = context.path
        if path and "GET" in methods and "{" not in path:
            paths.add(path)
    return sorted(paths)


def test_the_csp_forbids_inline_script() -> None:
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_headers_on_every_get_route(app: FastAPI, world: World) -> None:
    paths = get_paths(app)
    assert {"/", "/login", "/admin/users", "/admin/tokens"} <= set(paths)
    for role in ("analyst", "auditor", "admin", None):
        with TestClient(app) as client:
            if role is not None:
                assert sign_in(client, f"a-{role}").status_code == 303
            for path in paths:
                response = client.get(path, headers={"accept": "text/html"}, follow_redirects=False)
                assert response.status_code < 500, (path, role)
                _assert_headers(response)


def test_headers_on_errors_and_static_files(client: TestClient) -> None:
    _assert_headers(client.get("/no-such-page", headers={"accept": "text/html"}))
    _assert_headers(client.get("/api/no-such-thing"))
    static = client.get("/static/accord.css")
    assert static.status_code == 200
    _assert_headers(static, cached=True)
    assert static.headers.get("cache-control") != "no-store"


@pytest.mark.parametrize("page", ["/login", "/"])
def test_pages_have_no_inline_script_or_style(client: TestClient, world: World, page: str) -> None:
    sign_in(client, "a-analyst") if page == "/" else None
    html = client.get(page).text
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")
    assert "style=" not in html and "<style" not in html
    assert " on" not in html.replace(" one", "").split("<body")[1].split(">")[0]


def test_a_server_error_carries_the_headers_too(settings: Settings, db: Database) -> None:
    app = create_app(settings)

    @app.get("/_boom")
    def boom() -> None:
        raise RuntimeError("internal detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/_boom")
    assert response.status_code == 500
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-frame-options"] == "DENY"
    assert "internal detail" not in response.text
