"""Importing FtM entities into a holding: all-or-nothing, streamed, audited.

A file is validated and written in one transaction. In strict mode one invalid line
means nothing is written and the error lists the bad lines (the first
``MAX_REPORTED`` problems and a count); with ``skip_invalid`` the valid lines are
written and each rejected one is handed to ``on_reject``. Re-importing an entity id
that the holding holds replaces it: the old row is deleted, an ``EntityTombstone``
records its ``row_id``, and the new version gets a new ``row_id`` (the change feed
that screening indexes follow).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Literal

from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.core.errors import Forbidden, InvalidInput
from accord.model import AuditAction, Principal, Visibility
from accord.services.audit import trail as audit
from accord.services.holdings.access import visible_holding
from accord.services.holdings.blind import refuse_plaintext
from accord.services.ingest.bulk import make_writer
from accord.services.ingest.csvmap import Mapping, mapped_rows
from accord.services.ingest.linereader import LineReader
from accord.services.ingest.pipeline import ChunkResult, Lines, Payload, Rejected, validated
from accord.services.ingest.validate import Defaults
from accord.services.runtime import Runtime
from accord.store.tables import Holding

__all__ = [
    "CHUNK_LINES",
    "MAX_REPORTED",
    "ImportOptions",
    "ImportResult",
    "default_workers",
    "import_entities",
    "owned_holding",
]

CHUNK_LINES = 2000  # lines validated together and written with one executemany
MAX_REPORTED = 100  # problems listed in an error; the message gives the full count


@dataclass
class ImportOptions:
    format: Literal["jsonl", "csv"] = "jsonl"
    mapping: Mapping | None = None
    skip_invalid: bool = False
    defaults: Defaults = field(default_factory=Defaults)
    file_name: str = ""
    workers: int = 1  # > 1: validate in that many worker processes
    on_reject: Callable[[Rejected], None] | None = None
    on_bytes: Callable[[int], None] | None = None


@dataclass
class ImportResult:
    holding_id: str
    inserted: int = 0
    replaced: int = 0
    rejected: int = 0
    sha256: str = ""
    bytes_read: int = 0
    rejects: list[dict[str, Any]] = field(default_factory=list)  # the first MAX_REPORTED

    def to_dict(self) -> dict[str, Any]:
        return {
            "holding": self.holding_id,
            "inserted": self.inserted,
            "replaced": self.replaced,
            "rejected": self.rejected,
            "sha256": self.sha256,
            "bytes": self.bytes_read,
            "rejects": self.rejects,
        }


def owned_holding(tx: Session, principal: Principal, holding_id: str, what: str) -> Holding:
    """The holding, if ``principal`` may write to or export it: an analyst or supervisor of
    the owning agency. A holding the principal may not even know of is 'not found'."""
    holding, visibility = visible_holding(tx, principal, holding_id)
    if visibility is not Visibility.FULL:
        raise Forbidden(
            f"holding '{holding_id}' belongs to {holding.agency_id}; only that agency may {what}"
        )
    return holding


def _problem_dicts(rejected: Rejected) -> list[dict[str, Any]]:
    line, problems, _raw = rejected
    return [{"line": line, "field": f, "message": m} for f, m in problems]


def _csv_chunks(reader: LineReader, mapping: Mapping) -> Iterator[tuple[Lines, list[Payload]]]:
    """Mapped CSV records in chunks, each payload with the line its record starts on."""
    lines: list[int] = []
    payloads: list[Payload] = []
    for line, payload in mapped_rows(reader, mapping):
        lines.append(line)
        payloads.append(payload)
        if len(payloads) >= CHUNK_LINES:
            yield lines, payloads
            lines, payloads = [], []
    if payloads:
        yield lines, payloads


def _chunks(reader: LineReader, options: ImportOptions) -> Iterable[tuple[Lines, list[Payload]]]:
    if options.format == "csv":
        if options.mapping is None:
            raise InvalidInput(
                "a CSV import needs a mapping file",
                details=[{"field": "mapping", "message": "required"}],
            )
        return _csv_chunks(reader, options.mapping)
    return reader.chunks(CHUNK_LINES)  # type: ignore[return-value]


def import_entities(
    runtime: Runtime,
    principal: Principal,
    holding_id: str,
    stream: BinaryIO,
    options: ImportOptions,
) -> ImportResult:
    """Import a stream of JSON lines (or CSV with a mapping) into ``holding_id``."""
    db = runtime.db
    reader = LineReader(
        stream, max_line_bytes=runtime.settings.max_line_bytes, on_bytes=options.on_bytes
    )
    result = ImportResult(holding_id=holding_id)
    problems: list[dict[str, Any]] = []
    with db.transaction() as tx:
        holding = owned_holding(tx, principal, holding_id, "import into it")
        refuse_plaintext(holding)  # before a byte is read: nothing is written
        writer = make_writer(tx.connection(), holding_id, utcnow())
        entities = 0
        results: Iterable[ChunkResult] = validated(
            _chunks(reader, options), options.defaults, workers=options.workers
        )
        for chunk in results:
            entities += chunk.entities
            for rejected in chunk.rejected:
                result.rejected += 1
                details = _problem_dicts(rejected)
                if len(problems) < MAX_REPORTED:
                    problems.extend(details[: MAX_REPORTED - len(problems)])
                if options.skip_invalid and options.on_reject is not None:
                    options.on_reject(rejected)
            if options.skip_invalid or not result.rejected:
                writer.write(chunk.rows)
        result.sha256, result.bytes_read = reader.sha256, reader.bytes_read
        name = options.file_name or "the upload"
        if entities == 0:
            raise InvalidInput(f"{name} holds no entities; nothing was imported")
        if result.rejected and not options.skip_invalid:
            raise InvalidInput(
                f"{result.rejected} of {entities} entities in {name} are not valid; "
                "nothing was imported",
                details=problems,
            )
        writer.finish()
        result.inserted, result.replaced = writer.inserted, writer.replaced
        result.rejects = problems
        audit.record(
            tx,
            principal,
            AuditAction.CREATE,
            object_type="holding",
            object_id=holding_id,
            object_agency_id=holding.agency_id,
            detail={
                "operation": "import",
                "file": options.file_name,
                "format": options.format,
                "sha256": result.sha256,
                "bytes": result.bytes_read,
                "inserted": result.inserted,
                "replaced": result.replaced,
                "rejected": result.rejected,
            },
        )
    return result


def default_workers(size_bytes: int) -> int:
    """Worker processes worth starting for a file of ``size_bytes`` (1: validate in-process)."""
    cpus = os.cpu_count() or 1
    return cpus if cpus > 1 and size_bytes > 8 * 1024 * 1024 else 1
