"""The probing notices page (``/probing``) for supervisors and auditors of the owner."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from accord.http.deps import RuntimeDep
from accord.http.roles import NoticeReader
from accord.services.screening.probing import list_notices
from accord.web.views import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/probing")
def probing_page(request: Request, runtime: RuntimeDep, reader: NoticeReader) -> Response:
    with runtime.db.transaction() as tx:
        notices = list_notices(tx, reader)
    return render(request, "probing.html", {"notices": notices})
