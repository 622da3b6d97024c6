"""The screening index of one process, built from the store and kept fresh from its change feed.

Every person and organisation of every holding sits in one in-memory
:class:`~accord.matching.ScreeningIndex`, under its ``entities.row_id`` as handle (row ids
are never reused, and a replaced entity gets a new row and leaves a tombstone) and with
its holding as scope: a search chooses candidates among the caller's holdings only. A
background thread loads the index at start and then polls the feed every
``Settings.index_poll_s``: new rows are ``entities.row_id`` above a cursor, removals are
``entity_tombstones.seq`` above another.

On PostgreSQL concurrent transactions can commit row ids out of order (a transaction that
drew id 100 may commit after one that drew id 101), so a cursor cannot simply jump to the
highest id it saw. :class:`FeedCursor` re-reads the ids above its *safe* mark on each poll,
handles only ids it has not handled, and moves the safe mark past an id only once every
transaction that could still hold a lower id has ended (from ``pg_current_snapshot()``).
On SQLite writers are serialised and ids commit in order, so the safe mark follows the
highest id at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

import orjson
from sqlalchemy import Connection, select, text

from accord.matching import DEFAULT_THRESHOLD, Match, Record, ScreeningIndex
from accord.store.db import Database
from accord.store.tables import Entity, EntityTombstone

__all__ = [
    "INDEXED_SCHEMATA",
    "FeedCursor",
    "IndexHit",
    "IndexManager",
]

log = logging.getLogger("accord.screening")

INDEXED_SCHEMATA = frozenset({"Person", "Organization", "Company", "PublicBody", "LegalEntity"})
_BATCH = 50_000  # records per add_many: one merge of the sorted key arrays per batch
_FENCE_DELAY_S = 1.0  # after this, every transaction that drew an id we saw has an xid


@dataclass(frozen=True, slots=True)
class IndexHit:
    handle: int  # entities.row_id
    holding_id: str
    entity_id: str
    match: Match


class FeedCursor:
    """Which ids of an append-only feed (``row_id``, ``seq``) have been handled."""

    def __init__(self) -> None:
        self.safe = 0  # every id <= safe is handled, and no id <= safe can still appear
        self.seen: set[int] = set()  # handled ids above ``safe``
        self._marks: list[tuple[int, int | None, float]] = []  # (high id, fence xid, seen at)

    def fresh(self, ids: Iterable[int]) -> list[int]:
        return [i for i in ids if i not in self.seen]

    def advance(self, high: int, horizon: tuple[int, int] | None, now: float) -> None:
        """Record that ids up to ``high`` were read; move ``safe`` as far as it is safe.

        ``horizon`` is ``(xmin, xmax)`` of a snapshot taken before the read (PostgreSQL),
        or None when ids commit in order (SQLite).
        """
        if horizon is None:
            self.safe = max(self.safe, high)
        else:
            xmin, xmax = horizon
            if high > self.safe:
                self._marks.append((high, None, now))
            marks: list[tuple[int, int | None, float]] = []
            for mark, fence, at in self._marks:
                if fence is None and now - at >= _FENCE_DELAY_S:
                    fence = xmax
                if fence is not None and xmin >= fence:
                    self.safe = max(self.safe, mark)
                else:
                    marks.append((mark, fence, at))
            self._marks = marks
        if self.seen:
            self.seen = {i for i in self.seen if i > self.safe}


def _horizon(connection: Connection) -> tuple[int, int] | None:
    if connection.dialect.name != "postgresql":
        return None
    row = connection.execute(
        text(
            "SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text "
            "FROM (SELECT pg_current_snapshot() AS s) AS snap"
        )
    ).one()
    return int(row[0]), int(row[1])


class IndexManager:
    """One process's screening index and the thread that keeps it in step with the store."""

    def __init__(self, db: Database, poll_s: float = 0.5,
                 holdings: frozenset[str] | None = None) -> None:
        self.db = db
        self.poll_s = poll_s
        self.only = holdings  # index only these holdings (a one-shot CLI search); None: all
        self.index = ScreeningIndex()
        self.entities = FeedCursor()
        self.tombstones = FeedCursor()
        self._where: dict[int, tuple[str, str]] = {}  # handle -> (holding id, entity id)
        self._removed: set[int] = set()  # tombstoned handles not (yet) seen as rows
        self._lock = threading.Lock()  # the index and handle map (searches vs. writes)
        self._poll_lock = threading.Lock()  # the cursors (the poller vs. a caller's catch_up)
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.loaded_in_s: float | None = None
        self.last_error: str | None = None

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        """Load the index and keep polling, in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="screening-index", daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def is_ready(self) -> bool:
        return self._ready.is_set()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def load(self) -> None:
        """Load the index once, in the caller's thread (a one-shot command)."""
        self.catch_up()
        self._ready.set()

    def _run(self) -> None:
        started = time.perf_counter()
        while not self._stop.is_set():
            try:
                self.catch_up()
                self.last_error = None
                if not self._ready.is_set():
                    self.loaded_in_s = time.perf_counter() - started
                    self._ready.set()
                    log.info("screening index ready: %d records in %.1f s",
                             len(self.index), self.loaded_in_s)
            except Exception as error:  # the poller must outlive a database hiccup
                self.last_error = f"{type(error).__name__}: {error}"
                log.exception("screening index poll failed; retrying")
            self._stop.wait(self.poll_s)

    # -- the change feed -------------------------------------------------------------
    def catch_up(self) -> int:
        """Apply every change the store holds that the index has not seen; returns how many."""
        changes = 0
        with self._poll_lock, self.db.engine.connect() as connection:
            changes += self._apply_tombstones(connection)
            changes += self._apply_entities(connection)
            connection.rollback()
        return changes

    def _apply_tombstones(self, connection: Connection) -> int:
        cursor = self.tombstones
        horizon = _horizon(connection)
        rows = connection.execute(
            select(EntityTombstone.seq, EntityTombstone.row_id)
            .where(EntityTombstone.seq > cursor.safe)
            .order_by(EntityTombstone.seq)
        ).all()
        fresh = [(seq, row_id) for seq, row_id in rows if seq not in cursor.seen]
        if fresh:
            with self._lock:
                for _seq, row_id in fresh:
                    if self.index.remove(row_id):
                        self._where.pop(row_id, None)
                    elif row_id > self.entities.safe and row_id not in self.entities.seen:
                        self._removed.add(row_id)  # its row has not been read yet
            cursor.seen.update(seq for seq, _ in fresh)
        cursor.advance(rows[-1][0] if rows else cursor.safe, horizon, time.monotonic())
        return len(fresh)

    def _apply_entities(self, connection: Connection) -> int:
        cursor = self.entities
        horizon = _horizon(connection)
        ids = connection.execute(
            select(Entity.row_id).where(Entity.row_id > cursor.safe).order_by(Entity.row_id)
        ).scalars().all()
        fresh = set(cursor.fresh(ids))
        if fresh:
            self._load_rows(connection, fresh)
            cursor.seen.update(fresh)
        cursor.advance(ids[-1] if ids else cursor.safe, horizon, time.monotonic())
        if self._removed:
            self._removed = {h for h in self._removed if h > cursor.safe or h in cursor.seen}
        return len(fresh)

    def _load_rows(self, connection: Connection, wanted: set[int]) -> None:
        query = (
            select(Entity.row_id, Entity.holding_id, Entity.entity_id, Entity.schema,
                   Entity.properties)
            .where(Entity.row_id >= min(wanted), Entity.row_id <= max(wanted))
            .order_by(Entity.row_id)
        )
        if self.only is not None:
            query = query.where(Entity.holding_id.in_(self.only))
        result = connection.execution_options(yield_per=5_000).execute(query)
        batch: list[tuple[int, Record]] = []
        where: dict[int, tuple[str, str]] = {}
        holdings: dict[str, str] = {}
        for row_id, holding_id, entity_id, schema, properties in result:
            if row_id not in wanted or schema not in INDEXED_SCHEMATA:
                continue
            holding_id = holdings.setdefault(holding_id, holding_id)
            try:
                props = orjson.loads(properties)
                record = Record.from_entity({"id": entity_id, "schema": schema,
                                             "properties": props})
            except (ValueError, TypeError, AttributeError):
                log.warning("entity row %d is not valid JSON; not screenable", row_id)
                continue
            batch.append((row_id, record))
            where[row_id] = (holding_id, entity_id)
            if len(batch) >= _BATCH:
                self._add(batch, where)
                batch, where = [], {}
        if batch:
            self._add(batch, where)

    def _add(self, batch: list[tuple[int, Record]], where: dict[int, tuple[str, str]]) -> None:
        with self._lock:
            if self._removed:
                batch = [(h, r) for h, r in batch if h not in self._removed]
            self.index.add_scoped((h, where[h][0], r) for h, r in batch)
            for handle, _record in batch:
                self._where[handle] = where[handle]

    def add_records(self, items: Iterable[tuple[int, str, Record]], entity_ids: Iterable[str]
                    ) -> None:
        """Index records directly (benchmarks): ``(handle, holding id, record)`` with ids."""
        batch: list[tuple[int, Record]] = []
        where: dict[int, tuple[str, str]] = {}
        for (handle, holding_id, record), entity_id in zip(items, entity_ids, strict=True):
            batch.append((handle, record))
            where[handle] = (holding_id, entity_id)
            if len(batch) >= _BATCH:
                self._add(batch, where)
                batch, where = [], {}
        if batch:
            self._add(batch, where)
        self._ready.set()

    # -- queries ---------------------------------------------------------------------
    def search(self, query: Record, holdings: frozenset[str], *, limit: int,
               threshold: float = DEFAULT_THRESHOLD) -> list[IndexHit]:
        """The best matches for ``query`` among the entities of ``holdings``: candidates
        are chosen among those holdings only (each holding is a scope of the index), so
        no other holding can crowd them out."""
        with self._lock:
            found = self.index.search(query, limit=limit, threshold=threshold,
                                      scopes=holdings)
            hits = []
            for handle, match in found:
                where = self._where.get(handle)
                if where is not None and where[0] in holdings:
                    hits.append(IndexHit(handle, where[0], where[1], match))
        return hits

    def stats(self) -> dict[str, object]:
        return {"records": len(self.index), "ready": self.is_ready(),
                "loaded_in_s": self.loaded_in_s, "last_error": self.last_error,
                "entity_cursor": self.entities.safe, "tombstone_cursor": self.tombstones.safe}

    def __len__(self) -> int:
        return len(self.index)

