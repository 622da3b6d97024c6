"""Writing the audit trail: append-only, each event chained to the hash of the one before."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.core.errors import InvalidInput
from accord.model import AuditAction, Principal
from accord.store.tables import AuditEvent

__all__ = ["GENESIS", "event_hash", "record", "require_justification"]

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x41434344  # "ACCD": serialises audit appends on PostgreSQL until commit


def require_justification(justification: str | None, what: str) -> str:
    """A consultation of another agency's data or a disclosure needs a reason."""
    reason = (justification or "").strip()
    if len(reason) < 5:
        raise InvalidInput(
            f"{what} needs a justification (at least 5 characters)",
            details=[{"field": "justification", "message": "required"}],
        )
    return reason


def _iso(moment: datetime) -> str:
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat(timespec="microseconds")


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and every field of the event, in a canonical form."""
    body = {
        "seq": event.seq,
        "at": _iso(event.at),
        "actor_user_id": event.actor_user_id,
        "actor": event.actor,
        "agency_id": event.agency_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_agency_id": event.object_agency_id,
        "recipient_agency_id": event.recipient_agency_id,
        "justification": event.justification,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    tx: Session,
    principal: Principal | None,
    action: AuditAction,
    *,
    object_type: str = "",
    object_id: str = "",
    object_agency_id: str | None = None,
    recipient_agency_id: str | None = None,
    justification: str = "",
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it is written if and only if that commits).

    The row is inserted first, which on SQLite takes the write lock, and on PostgreSQL an
    advisory lock held to commit orders the appends; only then is the previous hash read,
    so concurrent writers never fork the chain.
    """
    if tx.get_bind().dialect.name == "postgresql":
        tx.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})
    event = AuditEvent(
        at=utcnow(),
        actor_user_id=principal.user_id if principal else None,
        actor=actor or (principal.username if principal else "system"),
        agency_id=principal.agency_id if principal else None,
        action=AuditAction(action).value,
        object_type=object_type,
        object_id=object_id,
        object_agency_id=object_agency_id,
        recipient_agency_id=recipient_agency_id,
        justification=justification,
        detail=json.dumps(detail or {}, sort_keys=True, ensure_ascii=False),
    )
    tx.add(event)
    tx.flush()
    previous = tx.execute(
        select(AuditEvent.hash)
        .where(AuditEvent.seq < event.seq)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    event.prev_hash = previous or GENESIS
    event.hash = event_hash(event)
    tx.flush()
    return event
