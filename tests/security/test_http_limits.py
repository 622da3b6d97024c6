"""One body limit for every route, before routing and authentication (break 3), and bounded
URLs and headers. Everything goes through the real app over ASGI; the memory test runs the
real ``accord serve`` (uvicorn) and reads its resident memory from /proc."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI

from accord.app import create_app
from accord.http.bodies import RequestLimits
from accord.store.db import Database
from accord.store.migrate import upgrade
from tests.conftest import make_settings
from tests.factories import World, build_world
from tests.security.conftest import accord_serve

BLOCK = 64 * 1024
ATTACK_BYTES = 300 * 1024 * 1024  # the 300 MB of break 3


@pytest.fixture
def small_world(sqlite_url: str) -> World:
    db = Database(sqlite_url)
    upgrade(db)
    world = build_world(db)
    db.dispose()
    return world


def _app(url: str, **overrides: object) -> FastAPI:
    return create_app(make_settings(url, **overrides))


class Stream:
    """A request body that yields ``total`` bytes in blocks and counts what was pulled."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.total:
            self.pulled += BLOCK
            yield b"[" * BLOCK


def _send(app: FastAPI, method: str, path: str, content: Any,
          headers: dict[str, str] | None = None) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.request(method, path, content=content, headers=headers or {})

    return anyio.run(go)


def _limits(app: FastAPI) -> RequestLimits:
    limits = app.state.request_limits
    assert isinstance(limits, RequestLimits)
    return limits


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status and error["code"] and error["message"]
    return dict(error)


def test_break3_streamed_body_without_credentials_is_refused_early(
    sqlite_url: str, small_world: World
) -> None:
    """Replay: 300 MB streamed (chunked, no Content-Length, no token) to a body-model route.
    Before: read whole, then 401. Now: 413 once past 1 MiB; the rest is never pulled."""
    app = _app(sqlite_url)
    body = Stream(ATTACK_BYTES)
    response = _send(app, "PUT", "/api/holdings/x/policy", body,
                     {"Content-Type": "application/json"})
    error = _error(response, 413)
    limit = app.state.settings.max_body_bytes
    assert error["message"] == (
        f"the request body is larger than {limit} bytes (ACCORD_MAX_BODY_BYTES)"
    )
    assert response.headers["connection"] == "close"
    # What the server pulled from the stream, and what the middleware let through to the
    # app: the limit and one block, not 300 MB.
    assert body.pulled <= limit + BLOCK
    assert limit < _limits(app).largest_refused <= limit + BLOCK


def test_declared_oversize_is_refused_before_a_byte_is_read(
    sqlite_url: str, small_world: World
) -> None:
    app = _app(sqlite_url)
    body = Stream(ATTACK_BYTES)
    declared = {"Content-Type": "application/json", "Content-Length": str(ATTACK_BYTES)}
    for method, path in (("PUT", "/api/holdings/x/policy"), ("POST", "/match/default"),
                         ("POST", "/login"), ("POST", "/api/admin/users")):
        response = _send(app, method, path, body, declared)
        _error(response, 413)
    assert body.pulled == 0
    malformed = _send(app, "PUT", "/api/holdings/x/policy", b"{}",
                      {"Content-Length": "2, 2"})
    assert malformed.status_code in (400, 413)
    assert malformed.json()["error"]["status"] == malformed.status_code


def test_every_route_has_the_limit_and_uploads_their_own(
    sqlite_url: str, small_world: World
) -> None:
    """With ACCORD_MAX_BODY_BYTES at 4 KiB, an 8 KiB import passes while 8 KiB to any other
    route is refused; ACCORD_MAX_UPLOAD_BYTES still bounds the import."""
    app = _app(sqlite_url, max_body_bytes=4096, max_upload_bytes=64 * 1024)
    token = small_world.auth("a")
    lines = "".join(
        json.dumps({"id": f"big-{n}", "schema": "Person",
                    "properties": {"name": [f"Arben Krasniqi {n:04d}"],
                                   "birthDate": ["1980-01-01"]}}) + "\n"
        for n in range(100)
    ).encode()
    assert 4096 < len(lines) < 64 * 1024
    ndjson = token | {"Content-Type": "application/x-ndjson"}
    imported = _send(app, "POST", "/api/holdings/a-shared/entities", lines, ndjson)
    assert imported.status_code == 200, imported.text
    padded = json.dumps({"policy": "shared", "pad": "x" * 8192}).encode()
    for method, path in (("PUT", "/api/holdings/a-shared/policy"),
                         ("POST", "/match/default"), ("POST", "/reconcile/default"),
                         ("POST", "/api/retention/erase")):
        _error(_send(app, method, path, padded, token | {"Content-Type": "application/json"}),
               413)
    too_big = _send(app, "POST", "/api/holdings/a-shared/entities", lines * 8, ndjson)
    assert "ACCORD_MAX_UPLOAD_BYTES" in _error(too_big, 413)["message"]


def test_urls_and_headers_are_bounded(sqlite_url: str, small_world: World) -> None:
    app = _app(sqlite_url)
    settings = app.state.settings
    long_query = "q=" + "a" * settings.max_url_bytes
    error = _error(_send(app, "GET", f"/reconcile/default?{long_query}", None), 414)
    assert "ACCORD_MAX_URL_BYTES" in error["message"]
    many = {f"x-h{n}": "v" * 1000 for n in range(settings.max_header_bytes // 1000 + 1)}
    error = _error(_send(app, "GET", "/healthz", None, many), 431)
    assert "ACCORD_MAX_HEADER_BYTES" in error["message"]
    assert _send(app, "GET", "/healthz", None, {"x-h": "v" * 1000}).status_code == 200


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _stream_chunked(base: str, path: str, total: int) -> tuple[int, bytes]:
    """Send ``total`` bytes chunked over a raw socket; returns (bytes sent, reply)."""
    host, port = base.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(f"PUT {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json"
                     "\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        chunk = f"{BLOCK:x}\r\n".encode() + b"[" * BLOCK + b"\r\n"
        try:
            while sent < total:
                sock.sendall(chunk)
                sent += BLOCK
        except OSError:
            pass  # the server closed the connection: it stopped reading
        sock.settimeout(30)
        reply = b""
        try:
            while part := sock.recv(65536):
                reply += part
        except OSError:
            pass
    return sent, reply


@pytest.fixture
def served(sqlite_url: str, small_world: World) -> Iterator[tuple[str, int]]:
    with accord_serve(sqlite_url) as server:
        yield server


def test_break3_server_memory_stays_flat_under_a_streamed_body(
    served: tuple[str, int]
) -> None:
    """Replay against the real ``accord serve``: before, 298 MB -> 1.1 GB of resident
    memory and a 401 after the whole body. Now: 413, the connection closed long before the
    300 MB were sent, and resident memory grows by a few MB at most."""
    base, pid = served
    before = _rss_kib(pid)
    sent, reply = _stream_chunked(base, "/api/holdings/x/policy", ATTACK_BYTES)
    after = _rss_kib(pid)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b'"code":"payload_too_large"' in reply
    assert sent < ATTACK_BYTES
    assert after - before < 32 * 1024, (before, after)
