"""Managing accounts and API tokens: admins of an agency act on their own agency only.

``actor`` is the admin doing it, or None for the command line (the operator of the hub,
who may act on every agency). Every change is written to the audit trail, with the channel
and the real actor (``accord.services.audit.channel``).

Separation of duties: an admin lists, disables and revokes, but never holds another user's
credential. A token's raw value is shown only to the user it acts for — each user creates
their own, in a browser session (``issue_own_token``); an admin cannot create one for
someone else. Only the hub operator's command line can (``issue_token`` with no actor), and
its ``token.create`` event names the operating-system account that saw the value. Adding
accounts, some of which need a second person's approval, is ``accord.services.identity.accounts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from accord.model import AuditAction, Principal, Role
from accord.services.audit import channel
from accord.services.audit import trail as audit
from accord.services.identity.auth import create_token
from accord.store.db import Database
from accord.store.tables import ApiToken, User, WebSession

__all__ = [
    "CLI_ACTOR",
    "IssuedToken",
    "TokenView",
    "UserView",
    "admin_scope",
    "audit_admin",
    "disable_user",
    "issue_own_token",
    "issue_token",
    "list_own_tokens",
    "list_tokens",
    "list_users",
    "revoke_token",
    "user_view",
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


def admin_scope(actor: Principal | None) -> str | None:
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


def audit_admin(
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
        origin=None if actor else ("cli", channel.operator()),
        object_type=kind,
        object_id=object_id,
        object_agency_id=agency,
        detail={"op": op, **extra},
    )


def user_view(user: User) -> UserView:
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
    scope = admin_scope(actor)
    with db.read() as tx:
        query = select(User).order_by(User.agency_id, User.username)
        if scope is not None or agency_id is not None:
            query = query.where(User.agency_id == (scope or agency_id))
        return [user_view(user) for user in tx.execute(query).scalars()]


def disable_user(db: Database, actor: Principal | None, username: str) -> UserView:
    """Disable an account: its sessions end and its tokens stop working."""
    scope = admin_scope(actor)
    if actor is not None and actor.username == username:
        raise Conflict("you cannot disable your own account")
    with db.transaction() as tx:
        user = _user_in_scope(tx, username, scope)
        user.is_active = False
        tx.execute(delete(WebSession).where(WebSession.user_id == user.id))
        audit_admin(tx, actor, "user.disable", "user", user.username, user.agency_id)
        return user_view(user)


def _days(days: int) -> None:
    if not 1 <= days <= 3650:
        raise InvalidInput(
            "a token lives between 1 and 3650 days",
            details=[{"field": "days", "message": "out of range"}],
        )


def _issue(
    tx: Session, actor: Principal | None, user: User, name: str, days: int
) -> IssuedToken:
    if not user.is_active:
        raise Conflict(f"user '{user.username}' is disabled")
    token, raw = create_token(tx, user, name=name.strip()[:128], days=days)
    audit_admin(
        tx, actor, "token.create", "api_token", str(token.id), user.agency_id, user=user.username
    )
    return IssuedToken(token=_token_view(token, user.username), raw=raw)


def issue_token(db: Database, username: str, *, name: str = "", days: int) -> IssuedToken:
    """The command line's token for any user; its raw value is printed to the operator."""
    _days(days)
    with db.transaction() as tx:
        return _issue(tx, None, _user_in_scope(tx, username, None), name, days)


def issue_own_token(
    db: Database, principal: Principal, *, name: str = "", days: int
) -> IssuedToken:
    """A token for the signed-in user themself, whatever their role; shown to them only.

    Only a browser session may create one: a token cannot mint tokens (a stolen token would
    otherwise outlive its own revocation through the ones it made).
    """
    if principal.via != "session":
        raise Forbidden("API tokens are created in a signed-in browser session (/tokens)")
    _days(days)
    with db.transaction() as tx:
        user = _user_in_scope(tx, principal.username, None)
        return _issue(tx, principal, user, name, days)


def revoke_token(
    db: Database, actor: Principal | None, token_id: int, *, own: bool = False
) -> TokenView:
    """Revoke a token: the operator any, an admin their agency's; ``own``: the actor's only."""
    if actor is not None and not own:
        admin_scope(actor)
    with db.transaction() as tx:
        row = tx.execute(
            select(ApiToken, User.username)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.id == token_id)
        ).first()
        if row is None or not _may_revoke(actor, row[0], row[1], own=own):
            raise NotFound(f"no API token {token_id}" + ("" if actor is None else " of yours"))
        token, username = row
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            audit_admin(tx, actor, "token.revoke", "api_token", str(token.id), token.agency_id)
        return _token_view(token, username)


def _may_revoke(actor: Principal | None, token: ApiToken, username: str, *, own: bool) -> bool:
    if actor is None:
        return True
    if own:
        return username == actor.username
    return token.agency_id == actor.agency_id


def list_tokens(
    db: Database, actor: Principal | None, *, username: str | None = None
) -> list[TokenView]:
    """The operator: every token; an admin: their agency's (never a value)."""
    scope = admin_scope(actor)
    return _tokens(db, scope, username)


def list_own_tokens(db: Database, principal: Principal) -> list[TokenView]:
    return _tokens(db, None, principal.username)


def _tokens(db: Database, agency: str | None, username: str | None) -> list[TokenView]:
    with db.read() as tx:
        query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
        if agency is not None:
            query = query.where(ApiToken.agency_id == agency)
        if username is not None:
            query = query.where(User.username == username)
        rows = tx.execute(query.order_by(ApiToken.id)).all()
        return [_token_view(token, name) for token, name in rows]
