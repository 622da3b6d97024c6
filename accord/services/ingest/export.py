"""Exporting a holding as FtM JSON lines with its law-enforcement metadata.

The lines are what ``accord import`` reads, so import → export → import is lossless;
the output is ordered by entity id and byte-for-byte stable.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, cast

import orjson
from sqlalchemy import Table, func, select

from accord.model import AuditAction, Principal
from accord.services.audit import trail as audit
from accord.services.ingest.importer import owned_holding
from accord.services.runtime import Runtime
from accord.store.tables import Entity

__all__ = ["begin_export", "export_entities", "export_lines"]

_ENTITIES = cast(Table, Entity.__table__)
_BATCH = 2000


def begin_export(runtime: Runtime, principal: Principal, holding_id: str) -> int:
    """Authorise an export of ``holding_id`` and audit it; returns how many entities it holds."""
    with runtime.db.transaction() as tx:
        holding = owned_holding(tx, principal, holding_id, "export it")
        count = tx.execute(
            select(func.count()).select_from(_ENTITIES).where(_ENTITIES.c.holding_id == holding_id)
        ).scalar_one()
        audit.record(
            tx,
            principal,
            AuditAction.EXPORT,
            object_type="holding",
            object_id=holding_id,
            object_agency_id=holding.agency_id,
            detail={"operation": "export", "format": "jsonl", "entities": count},
        )
    return int(count)


def export_lines(runtime: Runtime, holding_id: str) -> Iterator[bytes]:
    """The holding's entities as JSON lines, in blocks of a few thousand lines."""
    columns = _ENTITIES.c
    query = (
        select(
            columns.entity_id,
            columns.schema,
            columns.properties,
            columns.handling_code,
            columns.source_eval,
            columns.info_eval,
            columns.subject_category,
            columns.legal_basis,
            columns.review_date,
        )
        .where(columns.holding_id == holding_id)
        .order_by(columns.entity_id)
    )
    dumps = orjson.dumps
    with runtime.db.engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=_BATCH).execute(
            query
        )
        for rows in result.partitions(_BATCH):
            block = bytearray()
            for r in rows:
                review = r.review_date.isoformat() if r.review_date is not None else None
                block += b'{"id":%b,"schema":%b,"properties":%b,"handling_code":%b,' % (
                    dumps(r.entity_id),
                    dumps(r.schema),
                    r.properties.encode(),
                    dumps(r.handling_code),
                )
                block += b'"evaluation":%b,"subject_category":%b,"legal_basis":%b,' % (
                    dumps(r.source_eval + r.info_eval),
                    dumps(r.subject_category),
                    dumps(r.legal_basis),
                )
                block += b'"review_date":%b}\n' % dumps(review)
            yield bytes(block)


def export_entities(
    runtime: Runtime, principal: Principal, holding_id: str, stream: BinaryIO
) -> int:
    """Write the holding to ``stream``; returns the number of entities written."""
    begin_export(runtime, principal, holding_id)
    written = 0
    for block in export_lines(runtime, holding_id):
        stream.write(block)
        written += block.count(b"\n")
    return written
