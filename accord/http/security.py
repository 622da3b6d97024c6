"""Security headers on every response, and the CSRF rule for cookie-authenticated writes.

CSRF: a request that changes state (POST, PUT, PATCH, DELETE) and authenticates with the
session cookie must carry the session's token, in the ``X-CSRF-Token`` header (htmx sends
it from ``hx-headers`` on ``<body>``) or in a ``csrf_token`` form field. Bearer-token calls
are exempt: a browser never adds an ``Authorization`` header on its own. The check runs in
``accord.http.deps.optional_principal``, so every route that knows its user is covered.
The sign-in form, which has no session yet, uses a double-submit cookie instead.

Same origin: a request on the session cookie, of any method, must come from Accord's own
pages (``check_same_origin``): ``Sec-Fetch-Site: cross-site`` or ``same-site``, or an
``Origin`` that is not Accord's, is refused with 403 before the request is authenticated.
A GET that reads another agency's data writes an audit event with the caller's
justification, so a link on another site (``SameSite=Lax`` sends the cookie on a top-level
navigation) must not be able to make one. Only the landing pages (``/`` and ``/login``,
which read nothing of anyone's data) accept a navigation from elsewhere.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.core.errors import Forbidden
from accord.http.bodies import Limits, RequestLimits

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LOGIN_CSRF_COOKIE",
    "SecurityHeaders",
    "UNSAFE_METHODS",
    "SecureApp",
    "check_csrf",
    "check_same_origin",
    "secure_cookies",
    "new_csrf_token",
    "submitted_csrf_token",
]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOGIN_CSRF_COOKIE = "accord_login_csrf"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


_RAW_HEADERS = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in
                _HEADERS.items()]
_RAW_NO_STORE = [*_RAW_HEADERS, (b"cache-control", b"no-store")]
_NAMES = frozenset(name for name, _value in _RAW_HEADERS)
_NAMES_NO_STORE = frozenset(name for name, _value in _RAW_NO_STORE)


class SecurityHeaders:
    """Pure ASGI middleware: the headers above on every HTTP response.

    Everything but the vendored static files is ``Cache-Control: no-store``, so no page
    that shows data stays in a shared or browser cache. The headers replace any of the same
    name the app set; they are spliced in as pre-encoded pairs (this runs on every call).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")
        ours, names = (_RAW_HEADERS, _NAMES) if static else (_RAW_NO_STORE, _NAMES_NO_STORE)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(name, value) for name, value in message.get("headers", ())
                           if name.lower() not in names]
                headers.extend(ours)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


async def submitted_csrf_token(request: Request) -> str | None:
    """The CSRF token a state-changing request carries (header first, then the form)."""
    if request.method not in UNSAFE_METHODS or request.headers.get("authorization"):
        return None  # bearer calls are exempt; don't touch their bodies
    if not request.cookies:
        return None  # no session cookie, nothing to protect
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(_FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def check_csrf(method: str, expected: str | None, submitted: str | None) -> None:
    """Refuse a state-changing request whose token is missing or not the expected one."""
    if method not in UNSAFE_METHODS:
        return
    if not submitted:
        raise Forbidden(
            "the CSRF token is missing: reload the page and try again",
            details=[{"field": CSRF_FIELD, "message": "missing"}],
        )
    if not expected or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise Forbidden(
            "the CSRF token is wrong or expired: reload the page and try again",
            details=[{"field": CSRF_FIELD, "message": "mismatch"}],
        )


def secure_cookies(request: Request) -> bool:
    """Whether cookies set on this response are ``Secure``: always when the request came
    over HTTPS (directly, or through a trusted proxy), and with ``ACCORD_SECURE_COOKIES``."""
    return request.url.scheme == "https" or bool(request.app.state.settings.secure_cookies)


FOREIGN_FETCH_SITES = frozenset({"cross-site", "same-site"})
LANDING_PAGES = frozenset({"/", "/login"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_own_origin(request: Request, origin: str) -> bool:
    """Whether ``origin`` is this server as the browser reached it (the Host header).

    Behind a TLS proxy that is not trusted (``ACCORD_TRUSTED_PROXIES``) the request looks
    like plain http while the browser's origin is https; the host and port still match.
    """
    try:
        parts = urlsplit(origin)
        host = urlsplit("//" + request.headers.get("host", ""))
        origin_port, host_port = parts.port, host.port
    except ValueError:
        return False
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or not host.hostname:
        return False
    if request.url.scheme == "https" and parts.scheme != "https":
        return False
    origin_port = origin_port or _DEFAULT_PORTS[parts.scheme]
    host_port = host_port or _DEFAULT_PORTS[parts.scheme]
    return parts.hostname == host.hostname and origin_port == host_port


def check_same_origin(request: Request) -> None:
    """Refuse a cookie-authenticated request that another site made the browser send."""
    if request.method in ("GET", "HEAD") and request.url.path in LANDING_PAGES:
        return
    site = request.headers.get("sec-fetch-site", "").lower()
    if site in FOREIGN_FETCH_SITES:
        raise Forbidden(
            "a request from another site may not use your Accord session: "
            "open Accord directly and try again",
            details=[{"field": "Sec-Fetch-Site", "message": site}],
        )
    # A browser that sends Fetch Metadata has said where the request comes from; its
    # ``Origin`` may be "null" for Accord's own form posts (``Referrer-Policy: no-referrer``).
    origin = None if site else request.headers.get("origin")
    if origin is not None and not _is_own_origin(request, origin):
        raise Forbidden(
            "a request from another origin may not use your Accord session: "
            "open Accord directly and try again",
            details=[{"field": "Origin", "message": origin[:200]}],
        )


class SecureApp(FastAPI):
    """FastAPI whose outermost layers add the security headers and enforce the size limits.

    Middleware added with ``add_middleware`` sits inside Starlette's server-error layer, so
    a 500 would leave without the headers; wrapping the whole stack covers every response.
    The request limits (``accord.http.bodies``) come next, before routing and authentication.
    """

    def build_middleware_stack(self) -> ASGIApp:
        limits = RequestLimits(super().build_middleware_stack(),
                               Limits.from_settings(self.state.settings))
        self.state.request_limits = limits
        return SecurityHeaders(limits)
