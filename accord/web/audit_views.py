"""The auditor's page (``/audit``: the trail in their scope, with filters, and the chain
check) and the supervisor's retention page (``/retention``: what is due, and erasing it)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from accord.core.clock import today
from accord.core.errors import AppError, InvalidInput
from accord.http.deps import RuntimeDep
from accord.http.roles import Auditor, Supervisor
from accord.model import AuditAction
from accord.services.audit import calls as audit_calls
from accord.services.audit.trail import AuditFilter
from accord.web.views import render, translator

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_Text = Annotated[str, Query(max_length=255)]
PAGE_SIZE = 100


def _day(value: str, field: str, *, end: bool = False) -> datetime | None:
    """A date field of the filter form (``YYYY-MM-DD``); ``end`` is exclusive (next midnight)."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{field}: '{value}' is not a date (YYYY-MM-DD)",
            details=[{"field": field, "message": "not a date"}],
        ) from None
    return datetime.combine(day + timedelta(days=1) if end else day, time.min)


@router.get("/audit")
def audit_page(
    request: Request,
    runtime: RuntimeDep,
    auditor: Auditor,
    action: _Text = "",
    actor: _Text = "",
    agency: _Text = "",
    object: _Text = "",
    since: _Text = "",
    until: _Text = "",
    check: bool = False,
) -> Response:
    filters = {
        "action": action,
        "actor": actor,
        "agency": agency,
        "object": object,
        "since": since,
        "until": until,
    }
    error = ""
    events: list[dict[str, Any]] = []
    result = None
    try:
        query = AuditFilter(
            action=action or None,
            actor=actor or None,
            agency=agency or None,
            object=object or None,
            since=_day(since, "from"),
            until=_day(until, "to", end=True),
            limit=PAGE_SIZE,
        )
        events = audit_calls.list_events(runtime.db, auditor, query)
        if check:
            result = audit_calls.verify_chain(runtime.db, runtime.settings)
    except AppError as problem:
        error = translator(request).gettext(problem.message)
    return render(
        request,
        "audit.html",
        {
            "events": events,
            "filters": filters,
            "actions": [a.value for a in AuditAction],
            "verify": result,
            "error": error,
            "page_size": PAGE_SIZE,
        },
        status_code=422 if error else 200,  # the filter form is shown again with the error
    )


@router.get("/retention")
def retention_page(
    request: Request, runtime: RuntimeDep, supervisor: Supervisor, done: int = Query(0, ge=0)
) -> Response:
    due = audit_calls.review_due(runtime.db, supervisor)
    return render(request, "retention.html", {"due": due, "today": today(), "done": done})


@router.post("/retention/erase")
def retention_erase(
    request: Request,
    runtime: RuntimeDep,
    supervisor: Supervisor,
    holding_id: Annotated[str, Form(min_length=1, max_length=64)],
    entity_id: Annotated[str, Form(min_length=1, max_length=255)],
) -> Response:
    """Erase one due entity (the form carries the session's CSRF token)."""
    erased = audit_calls.erase_chosen(runtime.db, supervisor, [(holding_id, entity_id)])
    return RedirectResponse(f"/retention?done={len(erased)}", status_code=303)
