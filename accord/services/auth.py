"""Passwords, API tokens and browser sessions. Secrets are stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.model import Principal, Role
from accord.store.tables import ApiToken, User, WebSession

__all__ = [
    "TOKEN_PREFIX",
    "create_session",
    "create_token",
    "hash_password",
    "principal_for_session",
    "principal_for_token",
    "principal_for_user",
    "sha256",
    "verify_password",
]

TOKEN_PREFIX = "acc_"
_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown user like a known one's.
_DUMMY_HASH = _hasher.hash("accord-dummy-password")


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def principal_for_user(user: User, via: str = "session") -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        agency_id=user.agency_id,
        role=Role(user.role),
        via=via,
    )


def create_token(
    tx: Session, user: User, *, name: str = "", days: int = 90
) -> tuple[ApiToken, str]:
    """A new bearer token for ``user``; the raw value is returned once and never stored."""
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user_id=user.id,
        agency_id=user.agency_id,
        name=name,
        prefix=prefix,
        token_hash=sha256(raw),
        expires_at=utcnow() + timedelta(days=days),
    )
    tx.add(token)
    tx.flush()
    return token, raw


def principal_for_token(tx: Session, raw: str) -> Principal | None:
    """The principal a bearer token acts for, or None when unknown, revoked or expired."""
    row = tx.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == sha256(raw))
    ).first()
    if row is None:
        return None
    token, user = row
    now = utcnow()
    if token.revoked_at is not None or _aware(token.expires_at) <= now or not user.is_active:
        return None
    if token.agency_id != user.agency_id:
        return None
    token.last_used_at = now
    return principal_for_user(user, via="token")


def create_session(tx: Session, user: User, *, hours: float) -> tuple[WebSession, str]:
    """A new browser session; returns the row and the raw cookie value."""
    raw = secrets.token_urlsafe(32)
    session = WebSession(
        id_hash=sha256(raw),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(hours=hours),
    )
    tx.add(session)
    tx.flush()
    return session, raw


def principal_for_session(tx: Session, raw: str) -> tuple[Principal, WebSession] | None:
    row = tx.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id_hash == sha256(raw))
    ).first()
    if row is None:
        return None
    session, user = row
    if _aware(session.expires_at) <= utcnow() or not user.is_active:
        return None
    return principal_for_user(user), session


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
