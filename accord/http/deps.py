"""Request dependencies: the runtime, and the principal behind every request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from accord.core.errors import Forbidden, Unauthorized
from accord.http.security import check_csrf, check_same_origin, submitted_csrf_token
from accord.model import Principal, Role
from accord.services.identity.auth import principal_for_session, principal_for_token
from accord.services.runtime import Runtime

__all__ = [
    "SESSION_COOKIE",
    "Caller",
    "CurrentPrincipal",
    "DeferredCaller",
    "RuntimeDep",
    "get_runtime",
    "optional_principal",
    "require_principal",
    "require_roles",
    "resolve_principal",
]

SESSION_COOKIE = "accord_session"


# Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency in
# the thread pool, a hand-off per dependency per request that costs more than their work.
async def get_runtime(request: Request) -> Runtime:
    runtime = request.app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def resolve_principal(tx: Session, request: Request, csrf: str | None) -> Principal | None:
    """The principal of a bearer token or a session cookie, or None, read in ``tx``.

    A request on a session cookie must come from Accord's own pages, and a state-changing
    one must carry the session's CSRF token (see ``accord.http.security``); bearer-token
    calls carry no ambient credential.
    """
    principal: Principal | None = None
    authorization = request.headers.get("authorization", "")
    if authorization:
        scheme, _, raw = authorization.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise Unauthorized("the Authorization header must be 'Bearer <token>'")
        principal = principal_for_token(tx, raw.strip())
        if principal is None:
            raise Unauthorized("the API token is unknown, revoked or expired")
    elif cookie := request.cookies.get(SESSION_COOKIE):
        check_same_origin(request)  # before the session is even looked up
        found = principal_for_session(tx, cookie)
        if found is not None:
            principal, session = found
            request.state.principal = principal  # known to the DENIED audit if CSRF fails
            check_csrf(request.method, session.csrf_token, csrf)
            request.state.csrf_token = session.csrf_token
    request.state.principal = principal
    return principal


def optional_principal(
    request: Request,
    runtime: RuntimeDep,
    csrf: Annotated[str | None, Depends(submitted_csrf_token)],
) -> Principal | None:
    """The principal of a bearer token or a session cookie, or None. Cached per request."""
    if hasattr(request.state, "principal"):
        cached = request.state.principal
        return cached if isinstance(cached, Principal) else None
    with runtime.db.transaction() as tx:
        return resolve_principal(tx, request, csrf)


@dataclass(frozen=True, slots=True)
class Caller:
    """A request's credentials, checked in the handler's own transaction.

    For hot paths (``POST /match``): the principal is read in the same worker thread and
    transaction as the work it authorises, instead of a thread hop and a transaction of its
    own. ``principal(tx)`` must come first in that transaction; it raises Unauthorized
    exactly as ``CurrentPrincipal`` does.
    """

    request: Request
    csrf: str | None

    def principal(self, tx: Session) -> Principal:
        principal = resolve_principal(tx, self.request, self.csrf)
        if principal is None:
            raise Unauthorized("sign in or send an API token")
        return principal


async def deferred_caller(
    request: Request, csrf: Annotated[str | None, Depends(submitted_csrf_token)]
) -> Caller:
    return Caller(request, csrf)


DeferredCaller = Annotated[Caller, Depends(deferred_caller)]


async def require_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthorized("sign in or send an API token")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(require_principal)]


def require_roles(*roles: Role) -> object:
    """A dependency that admits only the given roles."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if not principal.has_role(*roles):
            allowed = ", ".join(role.value for role in roles)
            raise Forbidden(f"this needs the role {allowed}; you are {principal.role.value}")
        return principal

    return Depends(check)
