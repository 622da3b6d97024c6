"""Admin pages: the users and API tokens of the admin's own agency."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from accord.core.errors import AppError
from accord.http.deps import RuntimeDep, require_roles
from accord.model import Principal, Role
from accord.services.identity import users
from accord.web.views import N_, render, translator

__all__ = ["router"]

router = APIRouter(prefix="/admin", include_in_schema=False, tags=["web"])

Admin = Annotated[Principal, require_roles(Role.ADMIN)]
TokenId = Annotated[int, Path(ge=1, le=2_147_483_647)]

_NOTICES = {
    "added": N_("The user was added."),
    "disabled": N_("The user was disabled: their sessions ended and their tokens stopped working."),
    "revoked": N_("The token was revoked."),
}


def _users_page(
    request: Request, runtime: RuntimeDep, admin: Principal, *, error: str = "", status: int = 200
) -> Response:
    notice = _NOTICES.get(request.query_params.get("done", ""), "")
    return render(
        request,
        "admin_users.html",
        {
            "users": users.list_users(runtime.db, admin),
            "roles": [role.value for role in Role],
            "notice": translator(request).gettext(notice) if notice else "",
            "error": error,
        },
        status_code=status,
    )


def _tokens_page(
    request: Request,
    runtime: RuntimeDep,
    admin: Principal,
    *,
    issued: users.IssuedToken | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    notice = _NOTICES.get(request.query_params.get("done", ""), "")
    return render(
        request,
        "admin_tokens.html",
        {
            "tokens": users.list_tokens(runtime.db, admin),
            "users": [u for u in users.list_users(runtime.db, admin) if u.is_active],
            "issued": issued,
            "default_days": runtime.settings.token_days,
            "notice": translator(request).gettext(notice) if notice else "",
            "error": error,
        },
        status_code=status,
    )


@router.get("/users")
def users_page(request: Request, runtime: RuntimeDep, admin: Admin) -> Response:
    return _users_page(request, runtime, admin)


@router.post("/users")
def add_user(
    request: Request,
    runtime: RuntimeDep,
    admin: Admin,
    username: Annotated[str, Form(max_length=128)],
    role: Annotated[str, Form(max_length=32)],
    password: Annotated[str, Form(max_length=1024)],
    display_name: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    try:
        users.add_user(
            runtime.db,
            admin,
            username=username.strip(),
            password=password,
            role=role,
            display_name=display_name.strip(),
        )
    except AppError as error:
        return _users_page(request, runtime, admin, error=error.message, status=error.status)
    return RedirectResponse("/admin/users?done=added", status_code=303)


@router.post("/users/{username}/disable")
def disable_user(request: Request, runtime: RuntimeDep, admin: Admin, username: str) -> Response:
    try:
        users.disable_user(runtime.db, admin, username)
    except AppError as error:
        return _users_page(request, runtime, admin, error=error.message, status=error.status)
    return RedirectResponse("/admin/users?done=disabled", status_code=303)


@router.get("/tokens")
def tokens_page(request: Request, runtime: RuntimeDep, admin: Admin) -> Response:
    return _tokens_page(request, runtime, admin)


@router.post("/tokens")
def create_token(
    request: Request,
    runtime: RuntimeDep,
    admin: Admin,
    username: Annotated[str, Form(max_length=128)],
    name: Annotated[str, Form(max_length=128)] = "",
    days: Annotated[int, Form(ge=1, le=3650)] = 90,
) -> Response:
    try:
        issued = users.issue_token(runtime.db, admin, username, name=name, days=days)
    except AppError as error:
        return _tokens_page(request, runtime, admin, error=error.message, status=error.status)
    return _tokens_page(request, runtime, admin, issued=issued, status=201)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, runtime: RuntimeDep, admin: Admin, token_id: TokenId
) -> Response:
    try:
        users.revoke_token(runtime.db, admin, token_id)
    except AppError as error:
        return _tokens_page(request, runtime, admin, error=error.message, status=error.status)
    return RedirectResponse("/admin/tokens?done=revoked", status_code=303)
