"""Import and export of a holding's entities over HTTP.

``POST /api/holdings/{id}/entities`` takes FtM JSON lines (``application/x-ndjson``) or
CSV (``text/csv``, with the column mapping as JSON in the ``mapping`` query parameter),
streamed to a temporary file as it arrives and refused with 413 beyond
``ACCORD_MAX_UPLOAD_BYTES``. ``GET`` streams the holding back as JSON lines.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from accord.core.errors import BadRequest
from accord.http.deps import CurrentPrincipal, RuntimeDep
from accord.services.ingest.calls import check_may_import
from accord.services.ingest.csvmap import mapping_from_text
from accord.services.ingest.export import begin_export, export_lines
from accord.services.ingest.importer import ImportOptions, import_entities
from accord.services.ingest.validate import make_defaults

__all__ = ["router"]

router = APIRouter(prefix="/api/holdings", tags=["entities"])

_JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/json-lines"}
_CSV_TYPES = {"text/csv"}
_SPOOL_BYTES = 8 * 1024 * 1024
HoldingId = Annotated[str, Path(description="The holding's id.")]


@dataclass
class DefaultsQuery:
    """The default metadata of the lines that carry none (query parameters)."""

    handling_code: Annotated[str | None, Query()] = None
    evaluation: Annotated[str | None, Query()] = None
    subject_category: Annotated[str | None, Query()] = None
    legal_basis: Annotated[str | None, Query(max_length=2000)] = None
    review_date: Annotated[str | None, Query()] = None


async def _spool(request: Request) -> Any:
    """The upload, spooled to disk; its size limit is enforced as it arrives
    (``accord.http.bodies.RequestLimits``: ``ACCORD_MAX_UPLOAD_BYTES``)."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    try:
        async for block in request.stream():
            spool.write(block)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


@router.post("/{holding_id}/entities")
async def import_into_holding(
    request: Request,
    holding_id: HoldingId,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    defaults: Annotated[DefaultsQuery, Depends()],
    skip_invalid: Annotated[
        bool, Query(description="Import the valid lines and list the rejected ones.")
    ] = False,
    mapping: Annotated[str | None, Query(description="CSV column mapping (JSON).")] = None,
    file_name: Annotated[str, Query(max_length=255, description="Named in the audit.")] = "",
) -> dict[str, Any]:
    """Import FtM entities into a holding of the caller's agency, all or nothing."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _JSONL_TYPES | _CSV_TYPES:
        raise BadRequest(
            "send Content-Type application/x-ndjson (FtM JSON lines) or text/csv with ?mapping="
        )
    is_csv = media in _CSV_TYPES
    if is_csv and not mapping:
        raise BadRequest("a CSV upload needs its column mapping as JSON in ?mapping=")
    options = ImportOptions(
        format="csv" if is_csv else "jsonl",
        mapping=mapping_from_text(mapping, is_yaml=False) if is_csv and mapping else None,
        skip_invalid=skip_invalid,
        defaults=make_defaults(**asdict(defaults)),
        file_name=file_name,
    )
    # Refuse before reading a byte of the body (the import checks again in its transaction).
    await run_in_threadpool(check_may_import, runtime.db, principal, holding_id)
    spool = await _spool(request)
    try:
        result = await run_in_threadpool(
            import_entities, runtime, principal, holding_id, spool, options
        )
    finally:
        spool.close()
    return result.to_dict()


@router.get("/{holding_id}/entities")
def export_holding(
    holding_id: HoldingId, principal: CurrentPrincipal, runtime: RuntimeDep
) -> StreamingResponse:
    """The holding's entities as FtM JSON lines with their metadata (own agency only)."""
    begin_export(runtime, principal, holding_id)
    return StreamingResponse(
        export_lines(runtime, holding_id),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{holding_id}.jsonl"'},
    )
