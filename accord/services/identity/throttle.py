"""Login throttling, per account and per address, from the ``login_attempts`` table.

An account is locked after ``login_max_failures`` failures within ``login_window_s``
since its last successful login; an address after as many failures in the window,
whatever accounts they named. Refused (throttled) attempts are not counted again,
so a lock lifts when the window has passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from accord.core.clock import utcnow
from accord.core.settings import Settings
from accord.store.tables import LoginAttempt

__all__ = ["is_throttled", "note_attempt"]


def _failures_since(
    tx: Session, column: InstrumentedAttribute[str], value: str, since: datetime
) -> int:
    query = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(column == value, LoginAttempt.success.is_(False), LoginAttempt.at > since)
    )
    return int(tx.execute(query).scalar_one())


def is_throttled(tx: Session, settings: Settings, *, username: str, address: str) -> str | None:
    """``"account"`` or ``"address"`` when that one has failed too often lately, else None."""
    window_start = utcnow() - timedelta(seconds=settings.login_window_s)
    last_success = tx.execute(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(True)
        )
    ).scalar_one_or_none()
    since = window_start
    if last_success is not None:
        aware = last_success if last_success.tzinfo else last_success.replace(tzinfo=since.tzinfo)
        since = max(window_start, aware)
    limit = settings.login_max_failures
    if _failures_since(tx, LoginAttempt.username, username, since) >= limit:
        return "account"
    if _failures_since(tx, LoginAttempt.address, address, window_start) >= limit:
        return "address"
    return None


def note_attempt(tx: Session, *, username: str, address: str, success: bool) -> None:
    tx.add(LoginAttempt(username=username, address=address, success=success, at=utcnow()))
    tx.flush()
