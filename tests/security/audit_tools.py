"""What a database superuser does to the trail: drop the append-only triggers, then edit."""

from __future__ import annotations

from sqlalchemy import select, text

from accord.services.audit.trail import event_hash
from accord.store.db import Database
from accord.store.tables import AuditEvent

__all__ = ["as_superuser", "reset_seq_counter", "rewrite_from"]


def as_superuser(db: Database, *statements: str, **params: object) -> None:
    """Drop the append-only triggers (a superuser or the owner can), then run ``statements``."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for trigger in ("audit_events_append_only", "audit_events_no_truncate"):
                connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger} ON audit_events"))
        else:
            connection.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
        for statement in statements:
            connection.execute(text(statement), params)


def reset_seq_counter(db: Database, value: int) -> None:
    """Make the highest seq ever issued look like ``value`` (hiding a cut tail)."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), :v)"),
                {"v": value},
            )
        else:
            connection.execute(
                text("UPDATE sqlite_sequence SET seq = :v WHERE name = 'audit_events'"),
                {"v": value},
            )


def rewrite_from(db: Database, index: int) -> None:
    """Edit the event at ``index`` (0-based, in seq order) and recompute every hash after it:
    a chain that verifies by itself."""
    as_superuser(db)
    with db.transaction() as tx:
        events = list(tx.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())
        events[index].justification = "rewritten"
        previous = events[index - 1].hash
        for event in events[index:]:
            event.prev_hash = previous
            event.hash = event_hash(event)
            previous = event.hash
