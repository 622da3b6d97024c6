"""Every refused (403) request of a known user is one DENIED event: route and reason.

Written by the error handler in a transaction of its own (the refused request's work was
rolled back), in a worker thread. Requests with no user behind them (a sign-in form without
its CSRF cookie) are not written: anyone could fill the trail with them.
"""

from __future__ import annotations

from fastapi import Request

from accord.core.errors import AppError
from accord.model import AuditAction, Principal
from accord.services.audit import trail as audit
from accord.services.runtime import Runtime

__all__ = ["record_denied"]

_MAX = 300


def record_denied(request: Request, error: AppError) -> None:
    principal = getattr(request.state, "principal", None)
    runtime = getattr(request.app.state, "runtime", None)
    if not isinstance(principal, Principal) or not isinstance(runtime, Runtime):
        return
    route = getattr(request.scope.get("route"), "path", None) or request.url.path
    with runtime.db.transaction() as tx:
        audit.record(
            tx,
            principal,
            AuditAction.DENIED,
            object_type="route",
            object_id=f"{request.method} {route}"[:_MAX],
            detail={"reason": error.message[:_MAX], "path": request.url.path[:_MAX]},
        )
