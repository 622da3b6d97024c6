"""A bearer call is one read: ``last_used_at`` is written at most once per granularity,
while revocation and deactivation still take effect on the very next call."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from accord.core.clock import utcnow
from accord.services.identity.auth import LAST_USED_GRANULARITY, sha256
from accord.store.db import Database
from accord.store.tables import ApiToken, User
from tests.factories import World


def _last_used(db: Database, raw: str) -> datetime | None:
    with db.read() as tx:
        value = tx.execute(
            select(ApiToken.last_used_at).where(ApiToken.token_hash == sha256(raw))
        ).scalar_one()
    return value


def _set_last_used(db: Database, raw: str, value: datetime | None) -> None:
    with db.transaction() as tx:
        tx.execute(
            update(ApiToken).where(ApiToken.token_hash == sha256(raw)).values(last_used_at=value)
        )


def test_last_used_is_written_once_per_granularity(
    client: TestClient, world: World, db: Database
) -> None:
    raw = world.token("a", "admin")
    assert _last_used(db, raw) is None
    assert client.get("/api/admin/users", headers=world.auth("a", "admin")).status_code == 200
    first = _last_used(db, raw)
    assert first is not None
    assert client.get("/api/admin/users", headers=world.auth("a", "admin")).status_code == 200
    assert _last_used(db, raw) == first  # a recent value is not rewritten

    stale = utcnow() - LAST_USED_GRANULARITY - timedelta(seconds=5)
    _set_last_used(db, raw, stale)
    assert client.get("/api/admin/users", headers=world.auth("a", "admin")).status_code == 200
    refreshed = _last_used(db, raw)
    assert refreshed is not None and refreshed.replace(tzinfo=None) > stale.replace(tzinfo=None)


def test_deactivated_user_is_refused_on_the_next_call(
    client: TestClient, world: World, db: Database
) -> None:
    headers = world.auth("a", "admin")
    assert client.get("/api/admin/users", headers=headers).status_code == 200
    with db.transaction() as tx:
        tx.execute(update(User).where(User.username == "a-admin").values(is_active=False))
    assert client.get("/api/admin/users", headers=headers).status_code == 401


def test_revoked_token_is_refused_while_last_used_is_fresh(
    client: TestClient, world: World, db: Database
) -> None:
    raw = world.token("a", "admin")
    headers = world.auth("a", "admin")
    assert client.get("/api/admin/users", headers=headers).status_code == 200
    assert _last_used(db, raw) is not None  # fresh: the next call writes nothing
    with db.transaction() as tx:
        tx.execute(
            update(ApiToken).where(ApiToken.token_hash == sha256(raw)).values(revoked_at=utcnow())
        )
    assert client.get("/api/admin/users", headers=headers).status_code == 401
