"""Browser sign-in and sign-out: throttled, audited, with a fresh session id at every login."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.core.errors import AppError, TooManyRequests, Unauthorized
from accord.core.settings import Settings
from accord.model import AuditAction, Principal
from accord.services.audit import trail as audit
from accord.services.identity.auth import (
    create_session,
    principal_for_user,
    sha256,
    verify_password,
)
from accord.services.identity.throttle import is_throttled, note_attempt
from accord.store.db import Database
from accord.store.tables import User, WebSession

__all__ = ["LoginResult", "end_session", "login", "logout", "normalise_username"]

WRONG_CREDENTIALS = "wrong username or password"


@dataclass(frozen=True, slots=True)
class LoginResult:
    principal: Principal
    cookie: str  # the raw session id: only its hash is stored
    csrf_token: str


def normalise_username(username: str) -> str:
    return username.strip().lower()[:128]


def end_session(tx: Session, raw_cookie: str | None) -> None:
    """Delete the session a cookie names (whoever it belonged to)."""
    if raw_cookie:
        tx.execute(delete(WebSession).where(WebSession.id_hash == sha256(raw_cookie)))


def login(
    db: Database,
    settings: Settings,
    *,
    username: str,
    password: str,
    address: str,
    previous_cookie: str | None = None,
) -> LoginResult:
    """Check the credentials and open a new session.

    Whatever the outcome, the session of ``previous_cookie`` ends (a session id is never
    carried across a login). Raises ``TooManyRequests`` when the account or the address
    has failed too often, ``Unauthorized`` for wrong credentials; both are audited as
    ``LOGIN_FAILED`` and the attempt is recorded before the error is raised.
    """
    name = normalise_username(username)
    failure: AppError
    with db.transaction() as tx:
        end_session(tx, previous_cookie)
        user = tx.execute(select(User).where(User.username == name)).scalar_one_or_none()
        throttled = is_throttled(tx, settings, username=name, address=address)
        if throttled is not None:
            reason = f"throttled_{throttled}"
            failure = TooManyRequests(
                f"too many failed sign-ins from this {throttled}; "
                f"try again in {max(1, settings.login_window_s // 60)} minutes"
            )
        else:
            usable = user if user is not None and user.is_active else None
            if verify_password(usable.password_hash if usable else None, password):
                assert usable is not None
                return _open(tx, settings, usable, name, address)
            reason = "wrong_credentials" if user is None or user.is_active else "disabled"
            note_attempt(tx, username=name, address=address, success=False)
            failure = Unauthorized(WRONG_CREDENTIALS)
        audit.record(
            tx,
            None,
            AuditAction.LOGIN_FAILED,
            actor=name or "-",
            origin=("web", name or "-"),
            object_type="user",
            object_id=name,
            object_agency_id=user.agency_id if user is not None else None,
            detail={"address": address, "reason": reason},
        )
    raise failure


def _open(tx: Session, settings: Settings, user: User, name: str, address: str) -> LoginResult:
    note_attempt(tx, username=name, address=address, success=True)
    tx.execute(
        delete(WebSession).where(WebSession.user_id == user.id, WebSession.expires_at <= utcnow())
    )
    session, raw = create_session(tx, user, hours=settings.session_hours)
    principal = principal_for_user(user)
    audit.record(
        tx,
        principal,
        AuditAction.LOGIN,
        object_type="user",
        object_id=user.username,
        object_agency_id=user.agency_id,
        detail={"address": address},
    )
    return LoginResult(principal=principal, cookie=raw, csrf_token=session.csrf_token)


def logout(db: Database, raw_cookie: str | None, principal: Principal | None) -> None:
    """End the session of ``raw_cookie`` (its row is deleted) and audit the sign-out."""
    with db.transaction() as tx:
        end_session(tx, raw_cookie)
        if principal is not None:
            audit.record(
                tx,
                principal,
                AuditAction.LOGOUT,
                object_type="user",
                object_id=principal.username,
                object_agency_id=principal.agency_id,
            )
