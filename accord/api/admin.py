"""JSON API for an admin's own agency: users and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from accord.http.deps import RuntimeDep, require_roles
from accord.model import Principal, Role
from accord.services.identity import users

__all__ = ["router"]

router = APIRouter(prefix="/api/admin", tags=["admin"])

Admin = Annotated[Principal, require_roles(Role.ADMIN)]
TokenId = Annotated[int, Path(ge=1, le=2_147_483_647)]


class UserOut(BaseModel):
    username: str
    display_name: str
    agency_id: str
    role: str
    is_active: bool
    created_at: datetime


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=64)
    password: str = Field(min_length=10, max_length=1024)
    role: Role
    display_name: str = Field(default="", max_length=255)


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


class TokenIn(BaseModel):
    username: str = Field(min_length=2, max_length=128)
    name: str = Field(default="", max_length=128)
    days: int = Field(default=90, ge=1, le=3650)


class IssuedTokenOut(BaseModel):
    token: TokenOut
    raw: str = Field(description="The bearer token. Shown once; only its hash is stored.")


def _user(view: users.UserView) -> UserOut:
    return UserOut.model_validate(view, from_attributes=True)


def _token(view: users.TokenView) -> TokenOut:
    return TokenOut.model_validate(view, from_attributes=True)


@router.get("/users")
def list_users(runtime: RuntimeDep, admin: Admin) -> list[UserOut]:
    """The users of the admin's agency."""
    return [_user(view) for view in users.list_users(runtime.db, admin)]


@router.post("/users", status_code=201)
def add_user(body: UserIn, runtime: RuntimeDep, admin: Admin) -> UserOut:
    """Add a user to the admin's agency."""
    view = users.add_user(
        runtime.db,
        admin,
        username=body.username,
        password=body.password,
        role=body.role.value,
        display_name=body.display_name,
    )
    return _user(view)


@router.post("/users/{username}/disable")
def disable_user(username: str, runtime: RuntimeDep, admin: Admin) -> UserOut:
    """Disable a user: their sessions end and their tokens stop working."""
    return _user(users.disable_user(runtime.db, admin, username))


@router.get("/tokens")
def list_tokens(runtime: RuntimeDep, admin: Admin) -> list[TokenOut]:
    """The API tokens of the admin's agency (never their values)."""
    return [_token(view) for view in users.list_tokens(runtime.db, admin)]


@router.post("/tokens", status_code=201)
def create_token(body: TokenIn, runtime: RuntimeDep, admin: Admin) -> IssuedTokenOut:
    """Issue a token for a user of the admin's agency; the raw value is in this answer only."""
    issued = users.issue_token(runtime.db, admin, body.username, name=body.name, days=body.days)
    return IssuedTokenOut(token=_token(issued.token), raw=issued.raw)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: TokenId, runtime: RuntimeDep, admin: Admin) -> TokenOut:
    """Revoke a token of the admin's agency at once."""
    return _token(users.revoke_token(runtime.db, admin, token_id))
