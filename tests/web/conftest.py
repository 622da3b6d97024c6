"""Helpers for the web tests: sign in through the real form, read CSRF tokens from pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from accord.http.deps import SESSION_COOKIE
from tests.factories import PASSWORD

HOST = "testserver.local"  # the domain TestClient's cookies are stored for
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def csrf_of(page: httpx.Response) -> str:
    """The CSRF token a rendered page carries in its forms."""
    found = _CSRF.search(page.text)
    assert found is not None, "the page has no csrf_token field"
    return found.group(1)


def sign_in(
    client: TestClient, username: str, password: str = PASSWORD, *, next_path: str = "/"
) -> httpx.Response:
    """Fill in and submit the sign-in form, as a browser does; no redirect followed."""
    form = client.get("/login", params={"next": next_path})
    assert form.status_code == 200
    return client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": csrf_of(form),
            "next": next_path,
        },
        follow_redirects=False,
    )


def session_cookie(client: TestClient) -> str | None:
    return client.cookies.get(SESSION_COOKIE)


def client_at(app: FastAPI, address: str) -> TestClient:
    """A client whose requests come from ``address`` (for per-address throttling)."""
    return TestClient(app, client=(address, 50000))


@pytest.fixture
def browser(app: FastAPI) -> Iterator[TestClient]:
    """A second client, a separate cookie jar (another browser)."""
    with TestClient(app) as other:
        yield other
