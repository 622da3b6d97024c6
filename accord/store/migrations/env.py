"""Alembic environment: runs migrations on the connection ``accord.store.migrate`` hands over."""

from __future__ import annotations

from alembic import context

from accord.store.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand
    from sqlalchemy import create_engine

    from accord.core.settings import get_settings

    connection = create_engine(get_settings().database_url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
