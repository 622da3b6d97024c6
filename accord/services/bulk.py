"""Bulk writes of entity rows: the one place where SQLite and PostgreSQL differ for ingest.

SQLite gets one prepared ``INSERT`` run with ``executemany`` over plain tuples;
PostgreSQL gets ``COPY … FROM STDIN``. Values are converted with SQLAlchemy's own bind
processors, so rows read back through the ORM exactly as if the ORM had written them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table

from accord.store.tables import Entity

__all__ = ["ENTITY_COLUMNS", "BulkInserter"]

ENTITY_COLUMNS = (
    "holding_id", "entity_id", "schema", "caption", "properties", "handling_code",
    "source_eval", "info_eval", "subject_category", "legal_basis", "review_date",
    "created_at", "updated_at",
)  # fmt: skip
_ENTITIES = cast(Table, Entity.__table__)


def _processor(connection: Connection, column: str) -> Callable[[Any], Any]:
    dialect = connection.dialect
    process = _ENTITIES.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else (lambda value: value)


class BulkInserter:
    """Inserts entity rows ``(entity_id, …, review_date)`` of one holding at one time."""

    def __init__(self, connection: Connection, holding_id: str, now: datetime) -> None:
        self._connection = connection
        self._holding_id = holding_id
        self._postgres = connection.dialect.name == "postgresql"
        self._now = _processor(connection, "created_at")(now)
        self._date = _processor(connection, "review_date")
        self._dates: dict[date, Any] = {}
        marks = ", ".join(["?" if connection.dialect.paramstyle == "qmark" else "%s"] * 13)
        names = ", ".join(ENTITY_COLUMNS)
        self._insert = f"INSERT INTO {_ENTITIES.name} ({names}) VALUES ({marks})"
        self._copy = f"COPY {_ENTITIES.name} ({names}) FROM STDIN"

    def _review(self, value: date | None) -> Any:
        if value is None:
            return None
        found = self._dates.get(value)
        if found is None:
            found = self._dates[value] = self._date(value)
        return found

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> None:
        holding, now, review = self._holding_id, self._now, self._review
        values = [(holding, *row[:9], review(row[9]), now, now) for row in rows]
        cursor = self._connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            if self._postgres:
                with cursor.copy(self._copy) as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                cursor.executemany(self._insert, values)
        finally:
            cursor.close()
