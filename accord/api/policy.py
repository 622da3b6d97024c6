"""A holding's sharing policy and sharing group: read by its agency, set by its supervisor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from accord.api.entity_read import HoldingId
from accord.http.deps import CurrentPrincipal, RuntimeDep
from accord.model import SharingPolicy
from accord.services.holdings import calls as holdings
from accord.services.holdings.calls import HoldingView

__all__ = ["router"]

router = APIRouter(prefix="/api/holdings", tags=["holdings"])

AgencyIds = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=64)]], Field(max_length=100)
]


class PolicyIn(BaseModel):
    policy: SharingPolicy
    sharing_group: AgencyIds | None = Field(
        default=None, description="Agencies that may see the holding at all; null: every partner."
    )


class PolicyOut(BaseModel):
    holding_id: str
    agency_id: str
    policy: str
    sharing_group: list[str] | None


def _out(view: HoldingView) -> PolicyOut:
    return PolicyOut(holding_id=view.id, agency_id=view.agency_id, policy=view.policy,
                     sharing_group=view.sharing_group)


@router.get("/{holding_id}/policy", response_model=PolicyOut)
def get_policy(
    holding_id: HoldingId, principal: CurrentPrincipal, runtime: RuntimeDep
) -> PolicyOut:
    """The policy of one of the caller's agency's holdings."""
    return _out(holdings.holding_policy(runtime.db, principal, holding_id))


@router.put("/{holding_id}/policy", response_model=PolicyOut)
def put_policy(
    holding_id: HoldingId, body: PolicyIn, principal: CurrentPrincipal, runtime: RuntimeDep
) -> PolicyOut:
    """Set the sharing policy and group (a supervisor of the owning agency; audited ALTER)."""
    return _out(holdings.set_policy(runtime.db, principal, holding_id, policy=body.policy.value,
                                    sharing_group=body.sharing_group))
