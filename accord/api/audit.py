"""The auditor's JSON API: the events in their scope, export as JSON lines, chain verification.

An auditor sees the events of their own agency's users and every event on or for their
agency's objects (``object_agency_id`` / ``recipient_agency_id``): a partner's consultation
of agency A's entity is in A's view. Verification walks the whole chain but returns only
seq numbers and hashes, no event content.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from accord.http.deps import RuntimeDep
from accord.http.roles import Auditor
from accord.services.audit import calls as audit_calls
from accord.services.audit.trail import AuditFilter

__all__ = ["router"]

router = APIRouter(prefix="/api/audit", tags=["audit"])

_Text = Annotated[str | None, Query(max_length=255)]


@router.get("/events")
def list_events(
    principal: Auditor,
    runtime: RuntimeDep,
    action: _Text = None,
    actor: _Text = None,
    agency: _Text = None,
    object: _Text = None,
    since: Annotated[datetime | None, Query(description="From this time (ISO 8601).")] = None,
    until: Annotated[datetime | None, Query(description="Before this time (ISO 8601).")] = None,
    before_seq: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """The newest events in the auditor's scope that match the filters (page with before_seq)."""
    filters = AuditFilter(
        action=action,
        actor=actor,
        agency=agency,
        object=object,
        since=since,
        until=until,
        before_seq=before_seq,
        limit=limit,
    )
    events = audit_calls.list_events(runtime.db, principal, filters)
    next_before = events[-1]["seq"] if len(events) == limit else None
    return {"events": events, "next_before_seq": next_before}


@router.get("/export")
def export_events(
    principal: Auditor,
    runtime: RuntimeDep,
    since: Annotated[datetime | None, Query(description="From this time (ISO 8601).")] = None,
) -> StreamingResponse:
    """The events in the auditor's scope as JSON lines, each with prev_hash and hash."""

    def lines() -> Iterator[bytes]:
        for event in audit_calls.stream_events(runtime.db, principal, since=since):
            yield (json.dumps(event, ensure_ascii=False) + "\n").encode()

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.get("/verify")
def verify_chain(
    principal: Auditor,
    runtime: RuntimeDep,
    anchor: Annotated[list[str] | None, Query(max_length=20)] = None,
) -> dict[str, object]:
    """Walk the whole chain and check the anchor file; with ``anchor`` (head hashes noted
    earlier), check each is in it."""
    result = audit_calls.verify_chain(runtime.db, runtime.settings,
                                      anchors=[a[:64] for a in anchor or []])
    return result.to_dict()
