"""``audit.record`` appends with two statements; concurrent writers never fork the chain."""

from __future__ import annotations

import threading

from sqlalchemy import select

from accord.model import AuditAction
from accord.services.audit.trail import GENESIS, event_hash, record
from accord.services.audit.verify import verify
from accord.store.db import Database
from accord.store.tables import AuditEvent

WRITERS = 4
CALLS = 8


def test_returned_event_is_the_stored_one(db: Database) -> None:
    with db.transaction() as tx:
        first = record(tx, None, AuditAction.ADMIN, object_type="test", object_id="one",
                       detail={"n": 1, "name": "Đorđe"})
        second = record(tx, None, AuditAction.ADMIN, object_type="test", object_id="two")
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash
    assert second.seq > first.seq
    with db.read() as tx:
        stored = tx.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
        assert [(e.seq, e.prev_hash, e.hash) for e in stored] == [
            (first.seq, first.prev_hash, first.hash), (second.seq, second.prev_hash, second.hash)]
        assert all(event_hash(e) == e.hash for e in stored)


def test_a_rolled_back_append_leaves_the_chain_whole(db: Database) -> None:
    with db.transaction() as tx:
        record(tx, None, AuditAction.ADMIN, object_type="test", object_id="kept")
    try:
        with db.transaction() as tx:
            record(tx, None, AuditAction.ADMIN, object_type="test", object_id="dropped")
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    with db.transaction() as tx:
        record(tx, None, AuditAction.ADMIN, object_type="test", object_id="after")
    with db.read() as tx:
        result = verify(tx)
    assert result.ok and result.count == 2


def test_concurrent_appends_keep_one_chain(db: Database) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(CALLS):
                with db.transaction() as tx:
                    record(tx, None, AuditAction.ADMIN, object_type="test", object_id=f"{n}-{i}")
                    record(tx, None, AuditAction.ADMIN, object_type="test", object_id=f"{n}-{i}b")
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with db.read() as tx:
        result = verify(tx)
    assert result.ok, result.summary()
    assert result.count == WRITERS * CALLS * 2
