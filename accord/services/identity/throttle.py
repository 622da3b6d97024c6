"""Login throttling, per account and per address, from the ``login_attempts`` table.

An account is locked after ``login_max_failures`` failures within ``login_window_s``
since its last successful login; an address only after ``login_address_max_failures``
failures in the window, whatever accounts they named (an abusive volume: a desk of
officers behind one NAT address is not locked out by one colleague's typos). Refused
(throttled) attempts are not counted again, so a lock lifts when the oldest counted
failure leaves the window; :class:`Throttle` says when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from accord.core.clock import utcnow
from accord.core.settings import Settings
from accord.store.tables import LoginAttempt

__all__ = ["Throttle", "is_throttled", "note_attempt"]


@dataclass(frozen=True, slots=True)
class Throttle:
    """Which lock holds (``"account"`` or ``"address"``) and for how many more seconds."""

    kind: str
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def _aware(moment: datetime, like: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=like.tzinfo)


def _lock(tx: Session, column: InstrumentedAttribute[str], value: str, since: datetime,
          limit: int, window_s: int) -> int | None:
    """Seconds until fewer than ``limit`` failures remain in the window, or None if fewer
    already: the lock lifts when the limit-th newest failure leaves the window."""
    query = (
        select(LoginAttempt.at)
        .where(column == value, LoginAttempt.success.is_(False), LoginAttempt.at > since)
        .order_by(LoginAttempt.at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    oldest_counted = tx.execute(query).scalar_one_or_none()
    if oldest_counted is None:
        return None
    now = utcnow()
    lifts = _aware(oldest_counted, now) + timedelta(seconds=window_s)
    return max(1, int((lifts - now).total_seconds()) + 1)


def is_throttled(tx: Session, settings: Settings, *, username: str, address: str
                 ) -> Throttle | None:
    """The lock on this account or address when it has failed too often lately, else None."""
    window_start = utcnow() - timedelta(seconds=settings.login_window_s)
    last_success = tx.execute(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(True)
        )
    ).scalar_one_or_none()
    since = window_start
    if last_success is not None:
        since = max(window_start, _aware(last_success, since))
    window = settings.login_window_s
    account = _lock(tx, LoginAttempt.username, username, since, settings.login_max_failures,
                    window)
    if account is not None:
        return Throttle("account", account)
    place = _lock(tx, LoginAttempt.address, address, window_start,
                  settings.login_address_max_failures, window)
    if place is not None:
        return Throttle("address", place)
    return None


def note_attempt(tx: Session, *, username: str, address: str, success: bool) -> None:
    tx.add(LoginAttempt(username=username, address=address, success=success, at=utcnow()))
    tx.flush()
