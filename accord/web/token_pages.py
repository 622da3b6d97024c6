"""``/tokens``: every user's own API tokens. A token's value is shown once, to its owner."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from accord.core.errors import AppError
from accord.http.deps import CurrentPrincipal, RuntimeDep
from accord.model import Principal
from accord.services.identity import users
from accord.web.views import N_, render, translator

__all__ = ["router"]

router = APIRouter(prefix="/tokens", include_in_schema=False, tags=["web"])

TokenId = Annotated[int, Path(ge=1, le=2_147_483_647)]
_REVOKED = N_("The token was revoked.")


def _page(
    request: Request,
    runtime: RuntimeDep,
    principal: Principal,
    *,
    issued: users.IssuedToken | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    revoked = request.query_params.get("done") == "revoked"
    return render(
        request,
        "tokens.html",
        {
            "tokens": users.list_own_tokens(runtime.db, principal),
            "issued": issued,
            "default_days": runtime.settings.token_days,
            "notice": translator(request).gettext(_REVOKED) if revoked else "",
            "error": error,
        },
        status_code=status,
    )


@router.get("")
def tokens_page(request: Request, runtime: RuntimeDep, principal: CurrentPrincipal) -> Response:
    return _page(request, runtime, principal)


@router.post("")
def create_token(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    name: Annotated[str, Form(max_length=128)] = "",
    days: Annotated[int, Form(ge=1, le=3650)] = 90,
) -> Response:
    try:
        issued = users.issue_own_token(runtime.db, principal, name=name, days=days)
    except AppError as error:
        return _page(request, runtime, principal, error=error.message, status=error.status)
    return _page(request, runtime, principal, issued=issued, status=201)


@router.post("/{token_id}/revoke")
def revoke_token(
    request: Request, runtime: RuntimeDep, principal: CurrentPrincipal, token_id: TokenId
) -> Response:
    try:
        users.revoke_token(runtime.db, principal, token_id, own=True)
    except AppError as error:
        return _page(request, runtime, principal, error=error.message, status=error.status)
    return RedirectResponse("/tokens?done=revoked", status_code=303)
