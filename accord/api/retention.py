"""Retention for supervisors: what of their agency is due for review, and erasing it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from accord.http.deps import RuntimeDep
from accord.http.roles import Supervisor
from accord.services.audit import calls as audit_calls

__all__ = ["router"]

router = APIRouter(prefix="/api/retention", tags=["retention"])


class EntityRef(BaseModel):
    holding_id: str = Field(min_length=1, max_length=64)
    entity_id: str = Field(min_length=1, max_length=255)


class EraseIn(BaseModel):
    entities: list[EntityRef] = Field(min_length=1, max_length=1000)


@router.get("/due")
def list_due(principal: Supervisor, runtime: RuntimeDep) -> dict[str, Any]:
    """The entities of the supervisor's agency whose review date has passed (audited)."""
    items = audit_calls.review_due(runtime.db, principal)
    return {"due": [item.to_dict() for item in items]}


@router.post("/erase")
def erase(body: EraseIn, principal: Supervisor, runtime: RuntimeDep) -> dict[str, Any]:
    """Erase chosen due entities with everything derived from them (all or nothing; audited)."""
    refs = [(ref.holding_id, ref.entity_id) for ref in body.entities]
    erased = audit_calls.erase_chosen(runtime.db, principal, refs)
    return {"erased": [item.to_dict() for item in erased]}
