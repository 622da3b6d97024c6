"""Admin pages: the users and API tokens of the admin's own agency, and account requests.

Admins list, add, disable and revoke; they never see a token's value (each user makes their
own at ``/tokens``). Supervisor, auditor and admin accounts wait on ``/admin/requests`` for
a second person — a supervisor or admin of the agency who did not ask — to approve them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from accord.core.errors import AppError
from accord.http.deps import RuntimeDep, require_roles
from accord.model import Principal, Role
from accord.services.identity import accounts, users
from accord.web.views import N_, render, translator

__all__ = ["router"]

router = APIRouter(prefix="/admin", include_in_schema=False, tags=["web"])

Admin = Annotated[Principal, require_roles(Role.ADMIN)]
Decider = Annotated[Principal, require_roles(*accounts.DECIDERS)]
TokenId = Annotated[int, Path(ge=1, le=2_147_483_647)]
RequestId = Annotated[int, Path(ge=1, le=2_147_483_647)]

_NOTICES = {
    "added": N_("The user was added."),
    "requested": N_(
        "The account waits for approval by a supervisor or another admin of your agency."
    ),
    "disabled": N_("The user was disabled: their sessions ended and their tokens stopped working."),
    "revoked": N_("The token was revoked."),
    "approved": N_("The account was approved: the user can sign in."),
    "rejected": N_("The account request was rejected."),
}


def _notice(request: Request) -> str:
    notice = _NOTICES.get(request.query_params.get("done", ""), "")
    return translator(request).gettext(notice) if notice else ""


def _users_page(
    request: Request, runtime: RuntimeDep, admin: Principal, *, error: str = "", status: int = 200
) -> Response:
    return render(
        request,
        "admin_users.html",
        {
            "users": users.list_users(runtime.db, admin),
            "pending": accounts.list_requests(runtime.db, admin),
            "roles": [role.value for role in Role],
            "notice": _notice(request),
            "error": error,
        },
        status_code=status,
    )


def _tokens_page(
    request: Request, runtime: RuntimeDep, admin: Principal, *, error: str = "", status: int = 200
) -> Response:
    return render(
        request,
        "admin_tokens.html",
        {
            "tokens": users.list_tokens(runtime.db, admin),
            "notice": _notice(request),
            "error": error,
        },
        status_code=status,
    )


def _requests_page(
    request: Request, runtime: RuntimeDep, decider: Principal, *, error: str = "", status: int = 200
) -> Response:
    return render(
        request,
        "admin_requests.html",
        {
            "requests": accounts.list_requests(runtime.db, decider, pending_only=False),
            "notice": _notice(request),
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
        outcome = accounts.add_account(
            runtime.db,
            admin,
            username=username.strip(),
            password=password,
            role=role,
            display_name=display_name.strip(),
            approve_all=runtime.settings.approve_all_accounts,
        )
    except AppError as error:
        return _users_page(request, runtime, admin, error=error.message, status=error.status)
    done = "requested" if isinstance(outcome, accounts.RequestView) else "added"
    return RedirectResponse(f"/admin/users?done={done}", status_code=303)


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


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, runtime: RuntimeDep, admin: Admin, token_id: TokenId
) -> Response:
    try:
        users.revoke_token(runtime.db, admin, token_id)
    except AppError as error:
        return _tokens_page(request, runtime, admin, error=error.message, status=error.status)
    return RedirectResponse("/admin/tokens?done=revoked", status_code=303)


@router.get("/requests")
def requests_page(request: Request, runtime: RuntimeDep, decider: Decider) -> Response:
    return _requests_page(request, runtime, decider)


def _decide(
    request: Request, runtime: RuntimeDep, decider: Principal, request_id: int, *, approve: bool
) -> Response:
    try:
        accounts.decide(runtime.db, decider, request_id, approve=approve)
    except AppError as error:
        return _requests_page(request, runtime, decider, error=error.message, status=error.status)
    done = "approved" if approve else "rejected"
    return RedirectResponse(f"/admin/requests?done={done}", status_code=303)


@router.post("/requests/{request_id}/approve")
def approve_request(
    request: Request, runtime: RuntimeDep, decider: Decider, request_id: RequestId
) -> Response:
    return _decide(request, runtime, decider, request_id, approve=True)


@router.post("/requests/{request_id}/reject")
def reject_request(
    request: Request, runtime: RuntimeDep, decider: Decider, request_id: RequestId
) -> Response:
    return _decide(request, runtime, decider, request_id, approve=False)
