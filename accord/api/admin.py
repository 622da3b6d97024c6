"""JSON API for an admin's own agency: users, API tokens, and account requests.

Admins list, add, disable and revoke; they never see a token's value (each user creates
their own: ``accord.api.own_tokens``). Supervisor, auditor and admin accounts wait for a
second person's approval (``accord.services.identity.accounts``): ``POST /api/admin/users`` answers
201 with the user, or 202 with the pending request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from accord.http.deps import RuntimeDep, require_roles
from accord.model import Principal, Role
from accord.services.identity import accounts, users

__all__ = ["TokenId", "TokenOut", "router", "token_out"]

router = APIRouter(prefix="/api/admin", tags=["admin"])

Admin = Annotated[Principal, require_roles(Role.ADMIN)]
Decider = Annotated[Principal, require_roles(*accounts.DECIDERS)]
TokenId = Annotated[int, Path(ge=1, le=2_147_483_647)]
RequestId = Annotated[int, Path(ge=1, le=2_147_483_647)]


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=64)
    password: str = Field(min_length=10, max_length=1024)
    role: Role
    display_name: str = Field(default="", max_length=255)


class AccountRequestOut(BaseModel):
    id: int
    username: str
    display_name: str
    agency_id: str
    role: str
    state: str = Field(description="pending, approved or rejected")
    requested_by: str
    requested_by_real: str
    requested_at: datetime
    decided_by: str | None
    decided_by_real: str | None
    decided_at: datetime | None


class TokenOut(BaseModel):
    id: int
    username: str
    agency_id: str
    name: str
    prefix: str
    state: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


def _request(view: accounts.RequestView) -> AccountRequestOut:
    return AccountRequestOut.model_validate(view, from_attributes=True)


def token_out(view: users.TokenView) -> TokenOut:
    return TokenOut.model_validate(view, from_attributes=True)


@router.get("/users")
def list_users(runtime: RuntimeDep, admin: Admin) -> list[users.UserView]:
    """The users of the admin's agency."""
    return users.list_users(runtime.db, admin)


@router.post(
    "/users",
    status_code=201,
    responses={202: {"model": AccountRequestOut, "description": "waiting for approval"}},
)
def add_user(
    body: UserIn, runtime: RuntimeDep, admin: Admin, response: Response
) -> users.UserView | AccountRequestOut:
    """Add a user to the admin's agency (201), or ask for it to be approved (202)."""
    outcome = accounts.add_account(
        runtime.db,
        admin,
        username=body.username,
        password=body.password,
        role=body.role.value,
        display_name=body.display_name,
        approve_all=runtime.settings.approve_all_accounts,
    )
    if isinstance(outcome, accounts.RequestView):
        response.status_code = 202
        return _request(outcome)
    return outcome


@router.post("/users/{username}/disable")
def disable_user(username: str, runtime: RuntimeDep, admin: Admin) -> users.UserView:
    """Disable a user: their sessions end and their tokens stop working."""
    return users.disable_user(runtime.db, admin, username)


@router.get("/tokens")
def list_tokens(runtime: RuntimeDep, admin: Admin) -> list[TokenOut]:
    """The API tokens of the admin's agency (never their values)."""
    return [token_out(view) for view in users.list_tokens(runtime.db, admin)]


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: TokenId, runtime: RuntimeDep, admin: Admin) -> TokenOut:
    """Revoke a token of the admin's agency at once."""
    return token_out(users.revoke_token(runtime.db, admin, token_id))


@router.get("/account-requests")
def list_account_requests(
    runtime: RuntimeDep, decider: Decider, all_states: bool = False
) -> list[AccountRequestOut]:
    """Account requests of the caller's agency (pending ones unless ``all_states``)."""
    found = accounts.list_requests(runtime.db, decider, pending_only=not all_states)
    return [_request(view) for view in found]


@router.post("/account-requests/{request_id}/approve", status_code=201)
def approve_account_request(
    request_id: RequestId, runtime: RuntimeDep, decider: Decider
) -> users.UserView:
    """Approve a request of the caller's agency that someone else made: the user exists."""
    outcome = accounts.decide(runtime.db, decider, request_id, approve=True)
    assert isinstance(outcome, users.UserView)
    return outcome


@router.post("/account-requests/{request_id}/reject")
def reject_account_request(
    request_id: RequestId, runtime: RuntimeDep, decider: Decider
) -> AccountRequestOut:
    """Reject a request of the caller's agency that someone else made."""
    outcome = accounts.decide(runtime.db, decider, request_id, approve=False)
    assert isinstance(outcome, accounts.RequestView)
    return _request(outcome)
