"""pointer guard: query budgets, sweep variants, probing notices

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'query_counters',
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('period', sa.Integer(), nullable=False),
        sa.Column('used', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'key', 'period'),
    )
    op.create_table(
        'probe_variants',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.Integer(), nullable=False),
        sa.Column('name_key', sa.String(length=32), nullable=False),
        sa.Column('variant', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('user_id', 'period', 'name_key', 'variant'),
    )
    op.create_table(
        'probing_notices',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('owner_agency_id', sa.String(length=64), nullable=False),
        sa.Column('holding_id', sa.String(length=64), nullable=False),
        sa.Column('caller_agency_id', sa.String(length=64), nullable=False),
        sa.Column('caller_user_id', sa.Integer(), nullable=False),
        sa.Column('caller', sa.String(length=128), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('period', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=32), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('holding_id', 'caller_user_id', 'kind', 'period', 'subject',
                            name='uq_probing_notices_once'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_probing_notices_owner_at', 'probing_notices',
                    ['owner_agency_id', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_probing_notices_owner_at', table_name='probing_notices')
    op.drop_table('probing_notices')
    op.drop_table('probe_variants')
    op.drop_table('query_counters')
