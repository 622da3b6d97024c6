"""What the home page shows: the user's agency and, for those who read entities, its holdings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from accord.model import Principal
from accord.model.policy import ENTITY_READERS
from accord.services.identity.directory import get_agency, holdings_of
from accord.store.db import Database
from accord.store.tables import Entity

__all__ = ["AgencyOverview", "HoldingSummary", "agency_overview"]


@dataclass(frozen=True, slots=True)
class HoldingSummary:
    id: str
    name: str
    description: str
    policy: str
    entity_count: int


@dataclass(frozen=True, slots=True)
class AgencyOverview:
    id: str
    name: str
    country: str
    kind: str
    contact_name: str
    contact_phone: str
    contact_email: str
    # None when the principal's role does not read entities (auditor, admin).
    holdings: list[HoldingSummary] | None


def agency_overview(db: Database, principal: Principal) -> AgencyOverview:
    """The principal's own agency; its holdings with entity counts for analysts and supervisors."""
    with db.read() as tx:
        agency = get_agency(tx, principal.agency_id)
        holdings: list[HoldingSummary] | None = None
        if principal.has_role(*ENTITY_READERS):
            owned = holdings_of(tx, agency.id)
            rows = tx.execute(
                select(Entity.holding_id, func.count())
                .where(Entity.holding_id.in_([h.id for h in owned]))
                .group_by(Entity.holding_id)
            ).all()
            counts = {holding_id: count for holding_id, count in rows}
            holdings = [
                HoldingSummary(
                    id=h.id,
                    name=h.name,
                    description=h.description,
                    policy=h.policy,
                    entity_count=int(counts.get(h.id, 0)),
                )
                for h in owned
            ]
        return AgencyOverview(
            id=agency.id,
            name=agency.name,
            country=agency.country,
            kind=agency.kind,
            contact_name=agency.contact_name,
            contact_phone=agency.contact_phone,
            contact_email=agency.contact_email,
            holdings=holdings,
        )
