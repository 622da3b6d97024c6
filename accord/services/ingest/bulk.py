"""Bulk writes of entity rows: the one place where SQLite and PostgreSQL differ for ingest.

Both keep the change-feed contract: an entity id the holding holds already is replaced —
its row deleted, an ``EntityTombstone`` written with the old ``row_id``, and the new
version inserted with a new ``row_id``; a later line with the same id replaces an
earlier one of the same file.

- SQLite: each batch looks up its ids (the unique index answers), deletes and
  tombstones what it finds, then runs one prepared ``INSERT`` with ``executemany``.
- PostgreSQL: rows are ``COPY``-ed into a temporary staging table; ``finish`` swaps them
  in with three set-based statements. (Looking ids up batch by batch makes the planner,
  whose statistics predate the rows being added, filter the whole holding per batch.)

Values are converted with SQLAlchemy's own bind processors, so rows read back through the
ORM exactly as if the ORM had written them. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, select

from accord.store.tables import Entity, EntityTombstone

__all__ = ["ENTITY_COLUMNS", "EntityWriter", "make_writer"]

ENTITY_COLUMNS = (
    "holding_id", "entity_id", "schema", "caption", "properties", "handling_code",
    "source_eval", "info_eval", "subject_category", "legal_basis", "review_date",
    "created_at", "updated_at",
)  # fmt: skip
_ENTITIES = cast(Table, Entity.__table__)
_TOMBSTONES = cast(Table, EntityTombstone.__table__)
_NAMES = ", ".join(ENTITY_COLUMNS)


def _processor(connection: Connection, column: str) -> Callable[[Any], Any]:
    dialect = connection.dialect
    process = _ENTITIES.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else (lambda value: value)


class EntityWriter:
    """Writes rows ``(entity_id, schema, …, review_date)`` of one holding at one time."""

    def __init__(self, connection: Connection, holding_id: str, now: datetime) -> None:
        self._connection = connection
        self._holding_id = holding_id
        self._now = now
        self._stamp = _processor(connection, "created_at")(now)
        self._date = _processor(connection, "review_date")
        self._dates: dict[date, Any] = {}
        self.inserted = 0
        self.replaced = 0

    def _values(self, rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        holding, stamp, dates = self._holding_id, self._stamp, self._dates
        values = []
        for row in rows:
            review = row[9]
            if review is not None:
                review = dates.get(review) or dates.setdefault(review, self._date(review))
            values.append((holding, *row[:9], review, stamp, stamp))
        return values

    def _cursor(self) -> Any:
        return self._connection.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Complete the writes (inside the caller's transaction)."""


class _SqliteWriter(EntityWriter):
    def __init__(self, connection: Connection, holding_id: str, now: datetime) -> None:
        super().__init__(connection, holding_id, now)
        self._insert = f"INSERT INTO {_ENTITIES.name} ({_NAMES}) VALUES ({', '.join('?' * 13)})"

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        latest = {row[0]: row for row in rows}
        found = self._connection.execute(
            select(_ENTITIES.c.row_id, _ENTITIES.c.entity_id).where(
                _ENTITIES.c.holding_id == self._holding_id,
                _ENTITIES.c.entity_id.in_(list(latest)),
            )
        ).all()
        if found:
            self._connection.execute(
                delete(_ENTITIES).where(_ENTITIES.c.row_id.in_([r.row_id for r in found]))
            )
            self._connection.execute(
                insert(_TOMBSTONES),
                [
                    {
                        "row_id": r.row_id,
                        "holding_id": self._holding_id,
                        "entity_id": r.entity_id,
                        "at": self._now,
                    }
                    for r in found
                ],  # fmt: skip
            )
        self.replaced += len(rows) - len(latest) + len(found)
        self.inserted += len(latest) - len(found)
        cursor = self._cursor()
        try:
            cursor.executemany(self._insert, self._values(list(latest.values())))
        finally:
            cursor.close()


class _PostgresWriter(EntityWriter):
    _STAGE = "accord_import_stage"

    def __init__(self, connection: Connection, holding_id: str, now: datetime) -> None:
        super().__init__(connection, holding_id, now)
        self._staged = 0
        connection.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {self._STAGE} (seq bigserial, "
            f"LIKE {_ENTITIES.name} INCLUDING DEFAULTS) ON COMMIT DROP"
        )

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cursor = self._cursor()
        try:
            with cursor.copy(f"COPY {self._STAGE} ({_NAMES}) FROM STDIN") as copy:
                for value in self._values(rows):
                    copy.write_row(value)
        finally:
            cursor.close()
        self._staged += len(rows)

    def finish(self) -> None:
        if not self._staged:
            return
        run = self._connection.exec_driver_sql
        stage, table = self._STAGE, _ENTITIES.name
        run(f"ANALYZE {stage}")
        gone = run(
            f"WITH gone AS (DELETE FROM {table} e USING {stage} s "
            f"WHERE e.holding_id = %(h)s AND e.entity_id = s.entity_id "
            f"RETURNING e.row_id, e.entity_id) "
            f"INSERT INTO {_TOMBSTONES.name} (row_id, holding_id, entity_id, at) "
            f"SELECT row_id, %(h)s, entity_id, %(at)s FROM gone ORDER BY row_id",
            {"h": self._holding_id, "at": self._now},
        ).rowcount
        kept = run(
            f"INSERT INTO {table} ({_NAMES}) SELECT {_NAMES} FROM "
            f"(SELECT DISTINCT ON (entity_id) * FROM {stage} ORDER BY entity_id, seq DESC) t "
            f"ORDER BY seq"
        ).rowcount
        self.replaced = self._staged - kept + gone
        self.inserted = kept - gone


def make_writer(connection: Connection, holding_id: str, now: datetime) -> EntityWriter:
    if connection.dialect.name == "postgresql":
        return _PostgresWriter(connection, holding_id, now)
    return _SqliteWriter(connection, holding_id, now)
