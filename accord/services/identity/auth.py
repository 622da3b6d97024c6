"""Passwords, API tokens and browser sessions. Secrets are stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.model import Principal, Role
from accord.store.tables import ApiToken, User, WebSession

__all__ = [
    "LAST_USED_GRANULARITY",
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
# A token's ``last_used_at`` is accurate to this much (written at most once per period).
LAST_USED_GRANULARITY = timedelta(seconds=60)
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


# Built once (a statement built per call costs more in SQLAlchemy than the query itself).
_TOKEN_PRINCIPAL = (
    select(ApiToken.id, ApiToken.agency_id, ApiToken.expires_at, ApiToken.revoked_at,
           ApiToken.last_used_at, User.id, User.username, User.agency_id, User.role,
           User.is_active)
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)
_TOKEN_USED = (
    update(ApiToken).where(ApiToken.id == bindparam("token_id"))
    .values(last_used_at=bindparam("now"))
)


def principal_for_token(tx: Session, raw: str) -> Principal | None:
    """The principal a bearer token acts for, or None when unknown, revoked or expired.

    This runs on every API call, so it is one indexed read (Core, no ORM objects); the
    token's ``last_used_at`` is written only when the stored value is older than
    ``LAST_USED_GRANULARITY`` — a busy client does not turn every call into a write.
    Revocation, expiry and deactivation are read on every call and take effect at once.
    """
    row = tx.connection().execute(_TOKEN_PRINCIPAL, {"token_hash": sha256(raw)}).first()
    if row is None:
        return None
    (token_id, token_agency, expires_at, revoked_at, last_used_at,
     user_id, username, user_agency, role, is_active) = row
    now = utcnow()
    if revoked_at is not None or _aware(expires_at) <= now or not is_active:
        return None
    if token_agency != user_agency:
        return None
    if last_used_at is None or now - _aware(last_used_at) >= LAST_USED_GRANULARITY:
        tx.connection().execute(_TOKEN_USED, {"token_id": token_id, "now": now})
    return Principal(user_id=user_id, username=username, agency_id=user_agency,
                     role=Role(role), via="token", token_id=token_id)


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
