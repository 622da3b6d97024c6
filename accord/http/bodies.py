"""Request size limits for every route, enforced before routing and authentication.

``RequestLimits`` is pure ASGI middleware just inside the security headers (see
``accord.http.security.SecureApp``), so it runs before the router, before any dependency
looks at a token or cookie, and before FastAPI reads a body for a body model:

- a URL (path and query string) over ``ACCORD_MAX_URL_BYTES`` answers 414, request headers
  over ``ACCORD_MAX_HEADER_BYTES`` (names and values together) 431;
- a declared ``Content-Length`` over the route's limit answers 413 at once, without calling
  the app; a body without one (``Transfer-Encoding: chunked``) is counted while it arrives and
  refused once it passes the limit, so no more than the limit is ever held;
- the limit is ``ACCORD_MAX_UPLOAD_BYTES`` for the import route
  (``POST /api/holdings/{id}/entities``) and ``ACCORD_MAX_BODY_BYTES`` for every other route.

Every refusal is the standard error shape (``accord.http.errors.error_response``). A refused
body also closes the connection (``Connection: close``): the server stops reading it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.core.errors import (
    AppError,
    BadRequest,
    HeadersTooLarge,
    PayloadTooLarge,
    UriTooLong,
)
from accord.core.settings import Settings
from accord.http.errors import error_response

__all__ = ["UPLOAD_ROUTE", "Limits", "RequestLimits"]

# The one route that takes files: it streams them to disk, so it may take more.
UPLOAD_ROUTE = re.compile(r"/api/holdings/[^/]+/entities/?")


@dataclass(frozen=True, slots=True)
class Limits:
    """The byte limits of a request, from the settings."""

    body: int
    upload: int
    url: int
    headers: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(body=settings.max_body_bytes, upload=settings.max_upload_bytes,
                   url=settings.max_url_bytes, headers=settings.max_header_bytes)

    def body_limit(self, method: str, path: str) -> tuple[int, str, str]:
        """The limit for a request's body, what to call it and the setting that sets it."""
        if method == "POST" and UPLOAD_ROUTE.fullmatch(path):
            return self.upload, "the upload", "ACCORD_MAX_UPLOAD_BYTES"
        return self.body, "the request body", "ACCORD_MAX_BODY_BYTES"


def _header_error(scope: Scope, limits: Limits) -> AppError | None:
    """Refuse an overlong URL or oversized headers, before anything else reads them."""
    url = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
    if url > limits.url:
        return UriTooLong(f"the URL is longer than {limits.url} bytes (ACCORD_MAX_URL_BYTES)")
    size = sum(len(name) + len(value) for name, value in scope["headers"])
    if size > limits.headers:
        return HeadersTooLarge(
            f"the request headers are larger than {limits.headers} bytes "
            "(ACCORD_MAX_HEADER_BYTES)"
        )
    return None


def _declared_length(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return str(value.decode("latin-1"))
    return None


class RequestLimits:
    """Pure ASGI middleware: the limits above on every HTTP request.

    ``largest_refused`` is the most body bytes this middleware let through to the app for a
    request it then refused: never more than the limit plus one received block.
    """

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits
        self.largest_refused = 0

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, error: AppError,
                      *, close: bool = False) -> None:
        response = error_response(Request(scope), error)
        if close:
            response.headers["connection"] = "close"
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        error = _header_error(scope, self.limits)
        if error is not None:
            await self._refuse(scope, receive, send, error, close=True)
            return
        limit, what, setting = self.limits.body_limit(scope["method"], scope["path"])
        too_large = PayloadTooLarge(f"{what} is larger than {limit} bytes ({setting})")
        declared = _declared_length(scope)
        if declared is not None and not declared.isdigit():
            bad = BadRequest("the Content-Length header must be a number of bytes")
            await self._refuse(scope, receive, send, bad, close=True)
            return
        if declared is not None and int(declared) > limit:
            await self._refuse(scope, receive, send, too_large, close=True)
            return
        await self._counted(scope, receive, send, limit, too_large)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int,
                       too_large: PayloadTooLarge) -> None:
        """Run the app with its body counted; once over ``limit`` its answer becomes 413."""
        received = 0
        over = False
        answer = "none"  # then "app" (the app's answer goes out) or "ours" (the 413 went out)

        async def counting_receive() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    self.largest_refused = max(self.largest_refused, received)
                    # The reader stops here, whoever it is (FastAPI's body parsing too).
                    raise PayloadTooLarge(too_large.message)
            return message

        async def answering_send(message: Message) -> None:
            nonlocal answer
            if answer == "ours":
                return  # the app's own answer to the refused body is dropped
            if over and answer == "none":
                # Whatever the app answers to the refused body (FastAPI turns an error while
                # it parses a body into 400), the client gets the 413.
                answer = "ours"
                await self._refuse(scope, receive, send, too_large, close=True)
                return
            answer = "app"
            await send(message)

        try:
            await self.app(scope, counting_receive, answering_send)
        except PayloadTooLarge:
            if not over:
                raise
            if answer == "none":
                await self._refuse(scope, receive, send, too_large, close=True)
