"""Writing the audit trail: append-only, each event chained to the hash of the one before."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Table, insert, or_, select, text
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.core.errors import Forbidden, InvalidInput
from accord.model import AuditAction, Principal, Role
from accord.services.audit.channel import origin as channel_origin
from accord.store.tables import AuditEvent

__all__ = [
    "GENESIS",
    "HEAD_KEY",
    "AuditFilter",
    "event_dict",
    "event_hash",
    "iter_events",
    "query_events",
    "record",
    "require_auditor",
]

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x41434344  # "ACCD": serialises audit appends on PostgreSQL until commit


def _iso(moment: datetime) -> str:
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat(timespec="microseconds")


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    """Every field the hash covers, ``detail`` as its stored text.

    ``channel`` and ``real_actor`` were added later: events written before they existed
    have them NULL and are hashed without them, so older chains still verify; every new
    event has both, and both are hashed (clearing them breaks the event's hash).
    """
    fields = {
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
    if event.channel is not None or event.real_actor is not None:
        fields["channel"] = event.channel
        fields["real_actor"] = event.real_actor
    return fields


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and every field of the event, in a canonical form."""
    canonical = json.dumps(
        _hashed_fields(event), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


_EVENTS = cast(Table, AuditEvent.__table__)
_INSERT = insert(_EVENTS)
# The head to extend: the next seq and the previous event's hash, read once the append is
# serialised (see ``_claim_head``). SQLite: AUTOINCREMENT remembers the highest seq ever
# issued in ``sqlite_sequence``; PostgreSQL: the column's sequence.
_SQLITE_HEAD = text(
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'), 0), "
    "coalesce((SELECT max(seq) FROM audit_events), 0)) + 1, "
    "(SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)"
)
_PG_HEAD = text(
    "SELECT nextval(pg_get_serial_sequence('audit_events', 'seq')), "
    "(SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)"
)
# Where ``record`` leaves the newest event it wrote in a unit of work (for the anchors).
HEAD_KEY = "accord.audit.head"


def _claim_head(connection: Connection) -> tuple[int, str]:
    """Serialise appends until commit, then read the head to extend.

    PostgreSQL: an advisory lock held to commit. SQLite: the database's write lock, taken
    now (``BEGIN IMMEDIATE``) unless this transaction already writes and so holds it.
    Either way no other writer can append between this read and this transaction's commit,
    so concurrent writers never fork the chain.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})
        seq, prev_hash = connection.execute(_PG_HEAD).one()
    else:
        raw = connection.connection.driver_connection
        if raw is not None and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        seq, prev_hash = connection.execute(_SQLITE_HEAD).one()
    return int(seq), prev_hash or GENESIS


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
    origin: tuple[str, str] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it is written if and only if that commits).

    The event is hashed before it is written and written by one INSERT: the trail is
    append-only, and the database refuses UPDATE and DELETE on it (migration 0002). The
    event is returned (not added to ``tx``); ``tx.info[HEAD_KEY]`` keeps the newest one.
    ``origin`` (channel, real actor) defaults to ``channel.origin(principal)``.
    """
    channel, real_actor = origin or channel_origin(principal)
    connection = tx.connection()
    values: dict[str, Any] = {
        "at": utcnow(),
        "actor_user_id": principal.user_id if principal else None,
        "actor": actor or (principal.username if principal else "system"),
        "agency_id": principal.agency_id if principal else None,
        "action": AuditAction(action).value,
        "object_type": object_type,
        "object_id": object_id,
        "object_agency_id": object_agency_id,
        "recipient_agency_id": recipient_agency_id,
        "justification": justification,
        "detail": json.dumps(detail or {}, sort_keys=True, ensure_ascii=False),
        "channel": channel,
        "real_actor": real_actor,
    }
    seq, prev_hash = _claim_head(connection)
    event = AuditEvent(seq=seq, prev_hash=prev_hash, **values)
    event.hash = event_hash(event)
    connection.execute(_INSERT, {**values, "seq": seq, "prev_hash": prev_hash, "hash": event.hash})
    tx.info[HEAD_KEY] = (event.seq, event.hash, event.at)
    return event


# Reading the trail ---------------------------------------------------------------------------


def require_auditor(principal: Principal) -> None:
    """Only auditors (an agency's data-protection officers) read the audit trail."""
    if not principal.has_role(Role.AUDITOR):
        raise Forbidden(f"the audit trail is for auditors; you are {principal.role.value}")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """The auditor page's filters; every field is optional."""

    action: str | None = None
    actor: str | None = None
    agency: str | None = None  # the acting agency
    object: str | None = None  # a substring of the object id (``holding/entity``)
    since: datetime | None = None
    until: datetime | None = None
    before_seq: int | None = None  # paging: events older than this
    limit: int = 100


def _scope(principal: Principal) -> ColumnElement[bool]:
    """An auditor sees their agency's acts and every act on or for their agency's objects."""
    own = principal.agency_id
    return or_(
        AuditEvent.agency_id == own,
        AuditEvent.object_agency_id == own,
        AuditEvent.recipient_agency_id == own,
    )


def _conditions(filters: AuditFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.action:
        try:
            conditions.append(AuditEvent.action == AuditAction(filters.action).value)
        except ValueError:
            raise InvalidInput(
                f"unknown audit action '{filters.action}'",
                details=[{"field": "action", "message": "unknown action"}],
            ) from None
    if filters.actor:
        conditions.append(AuditEvent.actor == filters.actor)
    if filters.agency:
        conditions.append(AuditEvent.agency_id == filters.agency)
    if filters.object:
        conditions.append(AuditEvent.object_id.contains(filters.object, autoescape=True))
    if filters.since:
        conditions.append(AuditEvent.at >= filters.since)
    if filters.until:
        conditions.append(AuditEvent.at < filters.until)
    if filters.before_seq is not None:
        conditions.append(AuditEvent.seq < filters.before_seq)
    return conditions


def query_events(tx: Session, principal: Principal, filters: AuditFilter) -> list[dict[str, Any]]:
    """The newest events the auditor may see that match ``filters``."""
    require_auditor(principal)
    limit = max(1, min(filters.limit, 1000))
    statement = (
        select(AuditEvent)
        .where(_scope(principal), *_conditions(filters))
        .order_by(AuditEvent.seq.desc())
        .limit(limit)
    )
    return [event_dict(event) for event in tx.execute(statement).scalars()]


def iter_events(
    tx: Session, principal: Principal | None, *, since: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """Every event in seq order (an auditor: their scope; None: the operator, everything)."""
    conditions = _conditions(AuditFilter(since=since))
    if principal is not None:
        require_auditor(principal)
        conditions.append(_scope(principal))
    statement = (
        select(AuditEvent)
        .where(*conditions)
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=2000)
    )
    for event in tx.execute(statement).scalars():
        yield event_dict(event)
        tx.expunge(event)


def event_dict(event: AuditEvent) -> dict[str, Any]:
    """One event as exported: its fields, ``prev_hash`` and ``hash``.

    ``detail`` is the parsed JSON object; ``json.dumps(detail, sort_keys=True,
    ensure_ascii=False)`` gives back the text that was hashed.
    """
    fields = _hashed_fields(event)
    try:
        fields["detail"] = json.loads(event.detail)
    except ValueError:
        pass  # kept as the text that was hashed
    fields["hash"] = event.hash
    return fields
