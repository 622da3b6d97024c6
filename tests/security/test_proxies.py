"""Proxies are trusted only when configured, and cookies are Secure whenever the request came
over HTTPS. The proxy tests run the real ``accord serve`` (uvicorn with Accord's options)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from accord.http.deps import SESSION_COOKIE
from accord.http.security import LOGIN_CSRF_COOKIE
from accord.store.db import Database
from accord.store.migrate import upgrade
from tests.factories import PASSWORD, World, build_world
from tests.security.conftest import accord_serve

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FAILURES = 5  # ACCORD_LOGIN_MAX_FAILURES and ACCORD_LOGIN_ADDRESS_MAX_FAILURES, set below


@pytest.fixture
def migrated(sqlite_url: str) -> str:
    db = Database(sqlite_url)
    upgrade(db)
    build_world(db)
    db.dispose()
    return sqlite_url


def _attempt(client: httpx.Client, username: str, password: str,
             headers: dict[str, str]) -> httpx.Response:
    form = client.get("/login", headers={k: v for k, v in headers.items()
                                         if k != "X-Forwarded-Proto"})
    found = _CSRF.search(form.text)
    assert found, form.text
    return client.post("/login", headers=headers, follow_redirects=False,
                       data={"username": username, "password": password,
                             "csrf_token": found.group(1)})


def _spray(base: str) -> list[int]:
    """Password spraying: a new account name per guess, and a new X-Forwarded-For each."""
    with httpx.Client(base_url=base) as client:
        return [_attempt(client, f"user-{n}", "guess", {"X-Forwarded-For": f"203.0.113.{n}"})
                .status_code for n in range(FAILURES + 2)]


@pytest.fixture
def default_server(migrated: str) -> Iterator[str]:
    with accord_serve(migrated, ACCORD_LOGIN_MAX_FAILURES=str(FAILURES),
                      ACCORD_LOGIN_ADDRESS_MAX_FAILURES=str(FAILURES)) as (base, _pid):
        yield base


def test_rotating_x_forwarded_for_does_not_bypass_the_address_throttle(
    default_server: str,
) -> None:
    """Replay: uvicorn believed X-Forwarded-For from 127.0.0.1, so each guess came from a
    'new' address. Now the address is the TCP peer and the throttle holds."""
    statuses = _spray(default_server)
    assert statuses[:FAILURES] == [401] * FAILURES
    assert statuses[FAILURES:] == [429, 429]


def test_x_forwarded_proto_is_ignored_by_default(default_server: str) -> None:
    with httpx.Client(base_url=default_server) as client:
        page = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in page.headers["set-cookie"].lower()


def test_a_configured_proxy_is_believed(migrated: str) -> None:
    """With ACCORD_TRUSTED_PROXIES the proxy's headers count: the client address and the
    scheme it gives (so cookies become Secure behind a TLS proxy)."""
    with accord_serve(migrated, ACCORD_LOGIN_MAX_FAILURES=str(FAILURES),
                      ACCORD_LOGIN_ADDRESS_MAX_FAILURES=str(FAILURES),
                      ACCORD_TRUSTED_PROXIES="127.0.0.1") as (base, _pid):
        assert _spray(base) == [401] * (FAILURES + 2)  # each guess is another address
        with httpx.Client(base_url=base) as client:
            signed_in = _attempt(client, "a-analyst", PASSWORD,
                                 {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.7"})
    assert signed_in.status_code == 303, signed_in.text
    session = [c for c in signed_in.headers.get_list("set-cookie")
               if c.startswith(SESSION_COOKIE + "=")]
    assert session and "secure" in session[0].lower()


def test_cookies_are_secure_over_https_even_unconfigured(app: FastAPI, world: World) -> None:
    assert app.state.settings.secure_cookies is False
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/login")
        login_cookie = page.headers["set-cookie"]
        assert login_cookie.startswith(LOGIN_CSRF_COOKIE) and "secure" in login_cookie.lower()
        found = _CSRF.search(page.text)
        assert found
        done = client.post("/login", follow_redirects=False, data={
            "username": "a-analyst", "password": PASSWORD, "csrf_token": found.group(1)})
    assert done.status_code == 303, done.text
    session = [c for c in done.headers.get_list("set-cookie")
               if c.startswith(SESSION_COOKIE + "=")]
    assert session and "secure" in session[0].lower()
    with TestClient(app) as plain:  # plain http, not configured: not Secure
        assert "secure" not in plain.get("/login").headers["set-cookie"].lower()
