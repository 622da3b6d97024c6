"""Reading one entity, and what the caller may see of the holdings (through ``services.access``).

``GET /api/entities/{holding_id}/{entity_id}``: the owning agency sees everything; a partner
sees the properties of a ``shared`` holding (never above the handling code) or, for a
``pointer``/``blind`` holding or an H3 entity, only the pointer (owning agency and whom to
call). Another agency's read needs a justification (``justification`` query parameter or
``X-Accord-Justification`` header) and is audited as CONSULT for the owner to see. A
holding outside the caller's sharing group answers 404, exactly like a missing one. In a
holding the caller sees only as pointers, an existing and a missing id answer alike (the
holding's pointer, 200) and both are audited: ids cannot be enumerated.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from pydantic import BaseModel, Field

from accord.http.deps import CurrentPrincipal, RuntimeDep
from accord.services.holdings import access
from accord.services.holdings.calls import list_readable

__all__ = ["HoldingId", "EntityId", "Justification", "JustificationHeader", "router"]

router = APIRouter(prefix="/api", tags=["entities"])

HoldingId = Annotated[str, Path(min_length=1, max_length=64)]
EntityId = Annotated[str, Path(min_length=1, max_length=255)]
Justification = Annotated[
    str | None,
    Query(max_length=2000, description="Why you consult another agency's data (required then)."),
]
JustificationHeader = Annotated[str | None, Header(alias="X-Accord-Justification", max_length=2000)]


class ReadableHolding(BaseModel):
    id: str
    agency_id: str
    name: str = Field(description="Empty for a holding the caller sees only as a pointer.")
    policy: str
    visibility: str


@router.get("/access/holdings", response_model=list[ReadableHolding])
def readable_holdings(principal: CurrentPrincipal, runtime: RuntimeDep) -> list[ReadableHolding]:
    """The holdings the caller may learn anything from, and how much (full, properties, pointer)."""
    access.require_entity_reader(principal)
    return [
        ReadableHolding(
            id=view.id,
            agency_id=view.agency_id,
            name=view.name,  # blank for a holding seen only as a pointer
            policy=view.policy,
            visibility=view.visibility.value,
        )
        for view in list_readable(runtime.db, principal)
    ]


@router.get("/entities/{holding_id}/{entity_id}")
def read_entity(
    holding_id: HoldingId,
    entity_id: EntityId,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    justification: Justification = None,
    justification_header: JustificationHeader = None,
) -> dict[str, Any]:
    """One entity, as much as the caller may see of it; every read is audited (CONSULT)."""
    with runtime.db.transaction() as tx:
        return access.read_entity(
            tx, principal, holding_id, entity_id, justification or justification_header
        )
