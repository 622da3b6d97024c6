"""Engines and units of work. Dialect differences live here and in ``dialect.py``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["CHECKPOINT_AFTER_COMMIT", "Database", "make_engine"]

# A unit of work that deleted personal data sets this in ``session.info``: once it commits,
# SQLite's write-ahead log is checkpointed and truncated (``Database.checkpoint``).
CHECKPOINT_AFTER_COMMIT = "accord.store.checkpoint"

log = logging.getLogger(__name__)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted content is overwritten with zeros, so an erased entity leaves no bytes behind.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


class Database:
    """An engine and its session factory. Services open units of work; repositories never commit."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Called with the session's ``info`` after each unit of work commits (the audit
        # anchors), and before the engine is disposed. A failing hook is logged: the work
        # is committed by then.
        self.after_commit: list[Callable[[dict[str, Any]], None]] = []
        self.before_dispose: list[Callable[[], None]] = []

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        else:
            if session.info.pop(CHECKPOINT_AFTER_COMMIT, False):
                session.close()  # its connection back in the pool, so it holds no frames
                self.checkpoint()
            for hook in self.after_commit:
                try:
                    hook(session.info)
                except Exception:
                    log.exception("after-commit hook %r failed", hook)
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads only; whatever it did is rolled back."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def checkpoint(self, attempts: int = 50) -> None:
        """SQLite: move the write-ahead log into the database file and truncate it to zero
        bytes (``wal_checkpoint(TRUNCATE)``, retried while readers keep old frames in use),
        so that rows just deleted survive in no old page copy. A no-op elsewhere."""
        if not self.is_sqlite:
            return
        for _ in range(attempts):
            with self.engine.connect() as connection:
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
            if not busy:
                return
            time.sleep(0.02)
        log.warning("the WAL checkpoint after an erasure stayed busy: readers hold old frames")

    def dispose(self) -> None:
        for hook in self.before_dispose:
            try:
                hook()
            except Exception:
                log.exception("before-dispose hook %r failed", hook)
        self.before_dispose.clear()
        self.engine.dispose()
