"""audit_events is append-only: triggers refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

The application only ever inserts audit events (``accord.services.audit.record`` computes an
event's hash before the INSERT). These triggers make the database itself refuse to change or
remove one, whoever asks. A database superuser (or the table's owner) can still drop them;
the anchors written outside the database catch what such a person does to the tail
(docs/security.md, "The database superuser"). On PostgreSQL, also run ``accord audit
grants`` so that the application's role holds only INSERT and SELECT on the table.
"""
from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_MESSAGE = "audit_events is append-only"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION accord_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{_MESSAGE}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$
"""
_PG_ROWS = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION accord_audit_append_only()"
)
_PG_TRUNCATE = (
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION accord_audit_append_only()"
)
_SQLITE = {
    "audit_events_no_update": "UPDATE",
    "audit_events_no_delete": "DELETE",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_ROWS)
        op.execute(_PG_TRUNCATE)
        return
    for name, operation in _SQLITE.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {operation} ON audit_events "
            f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}: {operation} refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS accord_audit_append_only()")
        return
    for name in _SQLITE:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
