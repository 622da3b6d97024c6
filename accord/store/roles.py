"""PostgreSQL: the privileges of the role the application connects as.

The tables belong to the role that runs the migrations (``accord init``). The application
connects as another role that may read and write every table but only INSERT and SELECT
``audit_events``, and that does not own it (an owner can drop the append-only triggers).
``accord audit grants ROLE`` prints these statements; ``--apply`` runs them. Run it again
after each upgrade that adds tables.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from accord.core.errors import Conflict, InvalidInput

__all__ = ["app_role_statements", "apply_app_role"]

_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_statements(role: str) -> list[str]:
    """The GRANT and REVOKE statements for the application's role."""
    if not _ROLE.match(role):
        raise InvalidInput(
            f"'{role}' is not a plain PostgreSQL role name (lower case, digits, _)",
            details=[{"field": "role", "message": "not a plain role name"}],
        )
    return [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # The trail: append and read, nothing else.
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM {role}",
        # The schema's revision is the migrating role's business.
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
    ]


def apply_app_role(connection: Connection, role: str) -> list[str]:
    """Run the statements, refusing a role that could undo them (superuser or owner)."""
    statements = app_role_statements(role)
    if connection.dialect.name != "postgresql":
        raise InvalidInput("role privileges apply to PostgreSQL only (SQLite has no roles)")
    found = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :role"), {"role": role}
    ).one_or_none()
    if found is None:
        raise InvalidInput(
            f"no PostgreSQL role '{role}' (CREATE ROLE {role} LOGIN PASSWORD '…' first)",
            details=[{"field": "role", "message": "no such role"}],
        )
    owner = connection.execute(
        text("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events'")
    ).scalar_one_or_none()
    if found.rolsuper or owner == role:
        raise Conflict(
            f"role '{role}' is a superuser or owns the tables: it could drop the append-only "
            "triggers. The application must connect as a role that owns nothing."
        )
    for statement in statements:
        connection.execute(text(statement))
    return statements
