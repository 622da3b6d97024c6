"""The holdings use cases that the API, the pages and the CLI call, each in its own
transaction: which holdings a caller may read, and a holding's sharing policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from accord.core.errors import NotFound
from accord.model import Principal, Visibility
from accord.services.holdings import access
from accord.store.db import Database
from accord.store.tables import Holding

__all__ = ["HoldingView", "holding_policy", "list_readable", "set_policy"]


@dataclass(frozen=True, slots=True)
class HoldingView:
    """A holding as its caller may know it, detached from the session."""

    id: str
    agency_id: str
    name: str
    policy: str
    sharing_group: list[str] | None
    visibility: Visibility


def _view(holding: Holding, visibility: Visibility) -> HoldingView:
    group = list(holding.sharing_group) if holding.sharing_group is not None else None
    return HoldingView(holding.id, holding.agency_id, holding.name, holding.policy, group,
                       visibility)


def list_readable(db: Database, principal: Principal) -> list[HoldingView]:
    """Every holding the caller may learn anything from (own first), with its visibility.

    A holding the caller sees only as a pointer comes without its name: the name says what
    kind of subjects its owner keeps (the API and the screening page both list these)."""
    with db.read() as tx:
        views = [_view(h, v) for h, v in access.readable_holdings(tx, principal)]
    return [replace(v, name="") if v.visibility is Visibility.POINTER else v for v in views]


def holding_policy(db: Database, principal: Principal, holding_id: str) -> HoldingView:
    """One of the caller's agency's holdings, with its policy (another agency's: not found)."""
    with db.read() as tx:
        holding, visibility = access.visible_holding(tx, principal, holding_id)
        if visibility is not Visibility.FULL:
            raise NotFound(f"no holding '{holding_id}' of your agency")
        return _view(holding, visibility)


def set_policy(db: Database, principal: Principal, holding_id: str, *, policy: str,
               sharing_group: Sequence[str] | None) -> HoldingView:
    """Set a holding's sharing policy and group (a supervisor of the owner; audited ALTER)."""
    with db.transaction() as tx:
        holding = access.set_sharing_policy(tx, principal, holding_id, policy=policy,
                                            sharing_group=sharing_group)
        return _view(holding, Visibility.FULL)
