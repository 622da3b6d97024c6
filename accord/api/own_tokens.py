"""Every user's own API tokens: ``/api/tokens``. A token's value is shown to its owner only.

Creating one needs a browser session (with its CSRF token): a token cannot mint tokens.
Listing and revoking work with a token too, so a user can revoke one they have lost track of.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from accord.api.admin import TokenId, TokenOut, token_out
from accord.http.deps import CurrentPrincipal, RuntimeDep
from accord.services.identity import users

__all__ = ["router"]

router = APIRouter(prefix="/api/tokens", tags=["tokens"])


class OwnTokenIn(BaseModel):
    name: str = Field(default="", max_length=128)
    days: int | None = Field(default=None, ge=1, le=3650, description="default ACCORD_TOKEN_DAYS")


class IssuedTokenOut(BaseModel):
    token: TokenOut
    raw: str = Field(description="The bearer token, shown once to its owner; only its hash is kept")


@router.get("")
def list_own_tokens(runtime: RuntimeDep, principal: CurrentPrincipal) -> list[TokenOut]:
    """The caller's own API tokens (never their values)."""
    return [token_out(view) for view in users.list_own_tokens(runtime.db, principal)]


@router.post("", status_code=201)
def create_own_token(
    body: OwnTokenIn, runtime: RuntimeDep, principal: CurrentPrincipal
) -> IssuedTokenOut:
    """A new token for the caller; its value is in this answer only."""
    issued = users.issue_own_token(
        runtime.db, principal, name=body.name, days=body.days or runtime.settings.token_days
    )
    return IssuedTokenOut(token=token_out(issued.token), raw=issued.raw)


@router.post("/{token_id}/revoke")
def revoke_own_token(
    token_id: TokenId, runtime: RuntimeDep, principal: CurrentPrincipal
) -> TokenOut:
    """Revoke one of the caller's own tokens."""
    return token_out(users.revoke_token(runtime.db, principal, token_id, own=True))
