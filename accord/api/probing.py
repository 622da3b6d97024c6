"""``GET /api/probing/notices``: the probing notices about the caller's agency's holdings.

For supervisors and auditors of the owning agency (``accord.services.probing``); every
reading is audited (CONSULT of ``probing_notices``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from accord.api.deps import RuntimeDep, require_roles
from accord.model import Principal
from accord.services.probing import NOTICE_READERS, list_notices

__all__ = ["NoticeReader", "router"]

router = APIRouter(prefix="/api/probing", tags=["probing"])

NoticeReader = Annotated[Principal, require_roles(*NOTICE_READERS)]


@router.get("/notices")
def notices(principal: NoticeReader, runtime: RuntimeDep,
            limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """The newest notices: one caller's volume of pointer answers from, or name sweep
    against, one of the agency's holdings in one window."""
    with runtime.db.transaction() as tx:
        return {"notices": list_notices(tx, principal, limit=limit)}
