"""The database itself keeps the trail append-only (migration 0002), on both engines.

The application's own connection cannot UPDATE, DELETE (or, on PostgreSQL, TRUNCATE) an
audit event; on PostgreSQL the role that ``accord audit grants`` prepares cannot even try,
nor drop the triggers. Erasure keeps working: it never needs to touch an audit event.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from accord.cli import app as cli_app
from accord.model import AuditAction
from accord.services.audit.trail import record
from accord.services.audit.verify import verify
from accord.store.db import Database
from accord.store.tables import AuditEvent
from tests.factories import build_world

ATTEMPTS = [
    "UPDATE audit_events SET justification = 'nothing to see' WHERE seq = 2",
    "DELETE FROM audit_events WHERE seq = 2",
    "DELETE FROM audit_events WHERE seq > 1",
]


def _trail(db: Database, n: int = 3) -> None:
    with db.transaction() as tx:
        for i in range(n):
            record(tx, None, AuditAction.ADMIN, object_type="test", object_id=f"obj-{i}")


def _hashes(db: Database) -> list[str]:
    with db.read() as tx:
        return list(tx.execute(select(AuditEvent.hash).order_by(AuditEvent.seq)).scalars())


@pytest.mark.parametrize("statement", ATTEMPTS)
def test_the_database_refuses_to_change_an_event(db: Database, statement: str) -> None:
    _trail(db)
    before = _hashes(db)
    with pytest.raises(DBAPIError, match="audit_events is append-only"):
        with db.engine.begin() as connection:
            connection.execute(text(statement))
    assert _hashes(db) == before
    with db.read() as tx:
        assert verify(tx).ok


POSTGRES_ONLY = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@POSTGRES_ONLY
def test_postgresql_refuses_truncate(db: Database) -> None:
    _trail(db)
    with pytest.raises(DBAPIError, match="append-only: TRUNCATE refused"):
        with db.engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_events"))
    assert len(_hashes(db)) == 3


def test_grants_prints_the_statements(cli: CliRunner) -> None:
    result = cli.invoke(cli_app, ["audit", "grants", "accord_app"])
    assert result.exit_code == 0, result.output
    assert (
        "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM accord_app;"
        in result.output
    )
    bad = cli.invoke(cli_app, ["audit", "grants", "app; DROP TABLE x"])
    assert bad.exit_code == 1 and "is not a plain PostgreSQL role name" in bad.output


@pytest.fixture
def app_role(db: Database, postgres_admin_url: str) -> Iterator[str]:
    """A fresh login role that owns nothing (dropped afterwards)."""
    role = f"accord_app_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
    try:
        yield role
    finally:
        with db.engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
        with admin.connect() as connection:
            connection.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


@POSTGRES_ONLY
def test_the_application_role_may_only_insert_and_select_events(
    db: Database, cli: CliRunner, app_role: str
) -> None:
    refused = cli.invoke(cli_app, ["audit", "grants", "postgres", "--apply"])
    assert refused.exit_code == 1 and "is a superuser or owns the tables" in refused.output
    applied = cli.invoke(cli_app, ["audit", "grants", app_role, "--apply"])
    assert applied.exit_code == 0, applied.output

    as_app = Database(make_url(db.url).set(username=app_role, password=None).render_as_string(
        hide_password=False))
    try:
        build_world(as_app)  # the application works under the role: agencies, users, holdings…
        _trail(as_app)  # … and appends to the trail
        count = 0
        with as_app.read() as tx:
            assert verify(tx).ok
            count = tx.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        for statement in [
            *ATTEMPTS,
            "TRUNCATE audit_events",
            "DROP TRIGGER audit_events_append_only ON audit_events",
            "ALTER TABLE audit_events DISABLE TRIGGER USER",
        ]:
            with pytest.raises(DBAPIError, match="permission denied|must be owner"):
                with as_app.engine.begin() as connection:
                    connection.execute(text(statement))
        with as_app.read() as tx:
            assert tx.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == count
    finally:
        as_app.dispose()
