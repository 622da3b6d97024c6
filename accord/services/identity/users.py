"""Managing accounts and API tokens: admins of an agency act on their own agency only.

``actor`` is the admin doing it, or None for the command line (the operator of the hub,
who may act on every agency). Every change is written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from accord.model import AuditAction, Principal, Role
from accord.services.audit import trail as audit
from accord.services.identity import directory
from accord.services.identity.auth import create_token
from accord.store.db import Database
from accord.store.tables import ApiToken, User, WebSession

__all__ = [
    "IssuedToken",
    "TokenView",
    "UserView",
    "add_user",
    "disable_user",
    "issue_token",
    "list_tokens",
    "list_users",
    "revoke_token",
]

CLI_ACTOR = "cli"


@dataclass(frozen=True, slots=True)
class UserView:
    username: str
    display_name: str
    agency_id: str
    role: str
    is_active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TokenView:
    id: int
    username: str
    agency_id: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        expires = (
            self.expires_at
            if self.expires_at.tzinfo
            else self.expires_at.replace(tzinfo=utcnow().tzinfo)
        )
        return "expired" if expires <= utcnow() else "active"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: TokenView
    raw: str  # shown once, never stored


def _scope(actor: Principal | None) -> str | None:
    """The agency an actor may manage (None: every agency, for the command line)."""
    if actor is None:
        return None
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("managing users and tokens needs the role admin")
    return actor.agency_id


def _user_in_scope(tx: Session, username: str, scope: str | None) -> User:
    user = tx.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or (scope is not None and user.agency_id != scope):
        raise NotFound(f"no user '{username}' in your agency" if scope else f"no user '{username}'")
    return user


def _audit(
    tx: Session,
    actor: Principal | None,
    op: str,
    kind: str,
    object_id: str,
    agency: str,
    **extra: object,
) -> None:
    audit.record(
        tx,
        actor,
        AuditAction.ADMIN,
        actor=None if actor else CLI_ACTOR,
        object_type=kind,
        object_id=object_id,
        object_agency_id=agency,
        detail={"op": op, **extra},
    )


def _user_view(user: User) -> UserView:
    return UserView(
        username=user.username,
        display_name=user.display_name,
        agency_id=user.agency_id,
        role=user.role,
        is_active=user.is_active,
        created_at=user.created_at,
    )


def _token_view(token: ApiToken, username: str) -> TokenView:
    return TokenView(
        id=token.id,
        username=username,
        agency_id=token.agency_id,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
        last_used_at=token.last_used_at,
    )


def list_users(
    db: Database, actor: Principal | None, agency_id: str | None = None
) -> list[UserView]:
    scope = _scope(actor)
    with db.read() as tx:
        query = select(User).order_by(User.agency_id, User.username)
        if scope is not None or agency_id is not None:
            query = query.where(User.agency_id == (scope or agency_id))
        return [_user_view(user) for user in tx.execute(query).scalars()]


def add_user(
    db: Database,
    actor: Principal | None,
    *,
    username: str,
    password: str,
    role: str,
    agency_id: str | None = None,
    display_name: str = "",
) -> UserView:
    scope = _scope(actor)
    agency = scope or agency_id
    if agency is None:
        raise InvalidInput("name the agency of the new user", details=[{"field": "agency"}])
    if scope is not None and agency_id not in (None, scope):
        raise Forbidden("an admin adds users to their own agency only")
    if role not in {r.value for r in Role}:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"unknown role '{role}' (one of {allowed})",
            details=[{"field": "role", "message": "unknown role"}],
        )
    with db.transaction() as tx:
        user = directory.create_user(
            tx,
            agency_id=agency,
            username=username,
            password=password,
            role=role,
            display_name=display_name,
        )
        _audit(tx, actor, "user.add", "user", user.username, agency, role=role)
        return _user_view(user)


def disable_user(db: Database, actor: Principal | None, username: str) -> UserView:
    """Disable an account: its sessions end and its tokens stop working."""
    scope = _scope(actor)
    if actor is not None and actor.username == username:
        raise Conflict("you cannot disable your own account")
    with db.transaction() as tx:
        user = _user_in_scope(tx, username, scope)
        user.is_active = False
        tx.execute(delete(WebSession).where(WebSession.user_id == user.id))
        _audit(tx, actor, "user.disable", "user", user.username, user.agency_id)
        return _user_view(user)


def issue_token(
    db: Database, actor: Principal | None, username: str, *, name: str = "", days: int
) -> IssuedToken:
    scope = _scope(actor)
    if not 1 <= days <= 3650:
        raise InvalidInput(
            "a token lives between 1 and 3650 days",
            details=[{"field": "days", "message": "out of range"}],
        )
    with db.transaction() as tx:
        user = _user_in_scope(tx, username, scope)
        if not user.is_active:
            raise Conflict(f"user '{username}' is disabled")
        token, raw = create_token(tx, user, name=name.strip()[:128], days=days)
        _audit(tx, actor, "token.create", "api_token", str(token.id), user.agency_id, user=username)
        return IssuedToken(token=_token_view(token, user.username), raw=raw)


def revoke_token(db: Database, actor: Principal | None, token_id: int) -> TokenView:
    scope = _scope(actor)
    with db.transaction() as tx:
        row = tx.execute(
            select(ApiToken, User.username)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.id == token_id)
        ).first()
        if row is None or (scope is not None and row[0].agency_id != scope):
            raise NotFound(f"no API token {token_id}" + (" in your agency" if scope else ""))
        token, username = row
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            _audit(tx, actor, "token.revoke", "api_token", str(token.id), token.agency_id)
        return _token_view(token, username)


def list_tokens(
    db: Database, actor: Principal | None, *, username: str | None = None
) -> list[TokenView]:
    scope = _scope(actor)
    with db.read() as tx:
        query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
        if scope is not None:
            query = query.where(ApiToken.agency_id == scope)
        if username is not None:
            query = query.where(User.username == username)
        rows = tx.execute(query.order_by(ApiToken.id)).all()
        return [_token_view(token, name) for token, name in rows]
