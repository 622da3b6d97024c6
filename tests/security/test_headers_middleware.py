"""The security-headers middleware replaces headers of the same name the app set itself,
keeps the app's other headers, and leaves static files cacheable."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from accord.http.security import CONTENT_SECURITY_POLICY, SecurityHeaders


def _own_headers(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("x", headers={"Cache-Control": "max-age=600", "X-Frame-Options":
                                           "SAMEORIGIN", "X-Custom": "kept"})


def test_middleware_overrides_and_keeps() -> None:
    app = Starlette(routes=[Route("/page", _own_headers), Route("/static/x.css", _own_headers)])
    with TestClient(SecurityHeaders(app)) as client:
        page = client.get("/page")
        assert page.headers["cache-control"] == "no-store"
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert page.headers["x-custom"] == "kept"
        assert page.headers.get_list("cache-control") == ["no-store"]
        static = client.get("/static/x.css")
        assert static.headers["cache-control"] == "max-age=600"
        assert static.headers["x-frame-options"] == "DENY"
