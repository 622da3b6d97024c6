"""``GET /api/probing/notices``: the probing notices about the caller's agency's holdings.

For supervisors and auditors of the owning agency (``accord.services.screening.probing``); every
reading is audited (CONSULT of ``probing_notices``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from accord.http.deps import RuntimeDep
from accord.http.roles import NoticeReader
from accord.services.screening.probing import list_notices

__all__ = ["router"]

router = APIRouter(prefix="/api/probing", tags=["probing"])


@router.get("/notices")
def notices(principal: NoticeReader, runtime: RuntimeDep,
            limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """The newest notices: one caller's volume of pointer answers from, or name sweep
    against, one of the agency's holdings in one window."""
    with runtime.db.transaction() as tx:
        return {"notices": list_notices(tx, principal, limit=limit)}
