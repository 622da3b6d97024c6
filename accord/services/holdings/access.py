"""Authorisation in the service layer: what a principal may learn of a holding or an entity.

Every service that reads entities on behalf of a user asks here first (docs/security.md §1):

- ``require_entity_reader`` — only analysts and supervisors read entities (auditors read the
  audit trail, admins manage accounts; neither sees a property).
- ``visible_holding`` / ``readable_holdings`` — the pure rule of ``accord.model.policy``
  applied to stored holdings: FULL for the owner, PROPERTIES through ``shared``, POINTER
  through ``pointer``/``blind``, NONE outside a sharing group (then the holding does not
  exist for the caller: ``NotFound``, the same answer as for a missing one).
- ``entity_view`` — exactly what the caller may see of one entity, after the handling code
  has narrowed the holding's visibility, with the CONSULT event written in the same
  transaction. Reading another agency's data needs a justification; the event carries
  ``object_agency_id`` = owner, so the owner's auditors see it.
- ``pointer_view`` — the only things a pointer reveals: the owning agency and its point of
  contact (a screening answer adds a coarse band and a reference: ``services.pointers``).
- ``set_sharing_policy`` — a supervisor of the owning agency changes policy and group (ALTER).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.core.errors import Forbidden, InvalidInput, NotFound
from accord.model import AuditAction, Principal, Role, SharingPolicy, Visibility
from accord.model.policy import ENTITY_READERS, entity_visibility, holding_visibility
from accord.services.audit import justification as justifications
from accord.services.audit.trail import record
from accord.services.holdings.blind import refuse_blind_over_plaintext
from accord.store.tables import Agency, Entity, Holding

__all__ = [
    "entity_view",
    "find_entity",
    "is_cross_agency",
    "pointer_view",
    "read_entity",
    "readable_holdings",
    "require_entity_reader",
    "require_supervisor_of",
    "set_sharing_policy",
    "visibility_of",
    "visible_holding",
]

# What a partner sees of an entity's metadata through a `shared` holding: the handling code
# and evaluation must travel with the data (LED Art. 7); legal basis and review date stay home.
_PARTNER_METADATA = ("handling_code", "source_eval", "info_eval", "subject_category")
_OWNER_METADATA = (*_PARTNER_METADATA, "legal_basis")


def require_entity_reader(principal: Principal) -> None:
    """Auditors and admins never read entities, whatever the object."""
    if not principal.has_role(*ENTITY_READERS):
        raise Forbidden(f"the role {principal.role.value} cannot read entities")


def require_supervisor_of(principal: Principal, agency_id: str, what: str) -> None:
    if not principal.has_role(Role.SUPERVISOR) or principal.agency_id != agency_id:
        raise Forbidden(f"only a supervisor of the owning agency may {what}")


def visibility_of(principal: Principal, holding: Holding) -> Visibility:
    return holding_visibility(
        principal,
        owner_agency_id=holding.agency_id,
        policy=holding.policy,
        sharing_group=holding.sharing_group,
    )


def is_cross_agency(principal: Principal, holding: Holding) -> bool:
    return principal.agency_id != holding.agency_id


def visible_holding(
    tx: Session, principal: Principal, holding_id: str
) -> tuple[Holding, Visibility]:
    """The holding and what the caller may learn of it; NotFound when it is invisible."""
    require_entity_reader(principal)
    holding = tx.get(Holding, holding_id)
    visibility = Visibility.NONE if holding is None else visibility_of(principal, holding)
    if holding is None or visibility is Visibility.NONE:
        raise NotFound(f"no holding '{holding_id}'")
    return holding, visibility


def readable_holdings(tx: Session, principal: Principal) -> list[tuple[Holding, Visibility]]:
    """Every holding the caller may learn anything from (own first), with its visibility."""
    if not principal.has_role(*ENTITY_READERS):
        return []
    holdings = tx.execute(select(Holding).order_by(Holding.id)).scalars().all()
    pairs = [(h, visibility_of(principal, h)) for h in holdings]
    visible = [(h, v) for h, v in pairs if v is not Visibility.NONE]
    return sorted(visible, key=lambda pair: (pair[1] is not Visibility.FULL, pair[0].id))


def find_entity(tx: Session, holding_id: str, entity_id: str) -> Entity:
    row = tx.execute(
        select(Entity).where(Entity.holding_id == holding_id, Entity.entity_id == entity_id)
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no entity '{entity_id}' in holding '{holding_id}'")
    return row


def pointer_view(agency: Agency) -> dict[str, Any]:
    """All a pointer reveals: that the agency holds something, and whom to call."""
    view: dict[str, Any] = {
        "visibility": Visibility.POINTER.value,
        "agency_id": agency.id,
        "agency_name": agency.name,
        "contact": {
            "name": agency.contact_name,
            "phone": agency.contact_phone,
            "email": agency.contact_email,
        },
    }
    return view


def _full_view(holding: Holding, row: Entity, visibility: Visibility) -> dict[str, Any]:
    fields = _OWNER_METADATA if visibility is Visibility.FULL else _PARTNER_METADATA
    view: dict[str, Any] = {
        "visibility": visibility.value,
        "id": row.entity_id,
        "schema": row.schema,
        "caption": row.caption,
        "properties": json.loads(row.properties),
        "holding_id": holding.id,
        "agency_id": holding.agency_id,
    }
    view.update({name: getattr(row, name) for name in fields})
    if visibility is Visibility.FULL:
        view["review_date"] = row.review_date.isoformat() if row.review_date else None
    return view


def entity_view(
    tx: Session,
    principal: Principal,
    holding: Holding,
    row: Entity,
    justification: str | None,
    *,
    audit: bool = True,
) -> dict[str, Any]:
    """Exactly what ``principal`` may see of ``row``, and the CONSULT event for the look.

    The caller has resolved ``holding`` with ``visible_holding`` (so visibility is not
    NONE) and checked the justification of a cross-agency read before looking the entity up
    (``justification.require``); it is checked again here so no path can skip it.
    """
    visibility = entity_visibility(visibility_of(principal, holding), row.handling_code)
    if visibility is Visibility.NONE:
        raise NotFound(f"no entity '{row.entity_id}' in holding '{holding.id}'")
    reason = _reason(principal, holding, justification)
    if visibility is Visibility.POINTER:
        view = pointer_view(_agency(tx, holding.agency_id))
    else:
        view = _full_view(holding, row, visibility)
    if audit:
        _consulted(tx, principal, holding, row.entity_id, reason, visibility)
    return view


def _reason(principal: Principal, holding: Holding, justification: str | None) -> str:
    if is_cross_agency(principal, holding):
        return justifications.require(justification, "reading another agency's entity")
    return justifications.optional(justification)


def _consulted(
    tx: Session,
    principal: Principal,
    holding: Holding,
    entity_id: str,
    reason: str,
    visibility: Visibility,
) -> None:
    record(
        tx,
        principal,
        AuditAction.CONSULT,
        object_type="entity",
        object_id=f"{holding.id}/{entity_id}",
        object_agency_id=holding.agency_id,
        justification=reason,
        detail={"holding_id": holding.id, "visibility": visibility.value},
    )


def read_entity(
    tx: Session, principal: Principal, holding_id: str, entity_id: str, justification: str | None
) -> dict[str, Any]:
    """``GET /api/entities/{holding}/{id}``: one entity as the caller may see it, audited.

    In a holding the caller sees only as pointers (``pointer``/``blind`` of another agency)
    the entity is not even looked up: an existing and a missing id get the same answer (the
    holding's pointer: owner and whom to call), the same CONSULT event, and the same work —
    a partner cannot enumerate ids, and every probe is in the owner's audit view.
    """
    holding, visibility = visible_holding(tx, principal, holding_id)
    reason = _reason(principal, holding, justification)
    if visibility is Visibility.POINTER:
        view = pointer_view(_agency(tx, holding.agency_id))
        _consulted(tx, principal, holding, entity_id, reason, visibility)
        return view
    return entity_view(tx, principal, holding, find_entity(tx, holding.id, entity_id), reason)


def _agency(tx: Session, agency_id: str) -> Agency:
    agency = tx.get(Agency, agency_id)
    if agency is None:  # a holding always has an agency (foreign key); defensive only
        raise NotFound(f"no agency '{agency_id}'")
    return agency


def set_sharing_policy(
    tx: Session,
    principal: Principal,
    holding_id: str,
    *,
    policy: str,
    sharing_group: Sequence[str] | None,
) -> Holding:
    """Change a holding's sharing policy and group; a supervisor of the owner only (ALTER)."""
    holding = tx.get(Holding, holding_id)
    if holding is None or (
        principal.agency_id != holding.agency_id
        and visibility_of(principal, holding) is Visibility.NONE
    ):
        raise NotFound(f"no holding '{holding_id}'")
    require_supervisor_of(principal, holding.agency_id, "change a holding's sharing policy")
    try:
        new_policy = SharingPolicy(policy)
    except ValueError:
        allowed = ", ".join(p.value for p in SharingPolicy)
        raise InvalidInput(
            f"unknown sharing policy '{policy}' (one of {allowed})",
            details=[{"field": "policy", "message": "unknown sharing policy"}],
        ) from None
    group = _check_group(tx, sharing_group, owner=holding.agency_id)
    refuse_blind_over_plaintext(tx, holding, new_policy.value)
    before = {"policy": holding.policy, "sharing_group": holding.sharing_group}
    holding.policy = new_policy.value
    holding.sharing_group = group
    tx.flush()
    record(
        tx,
        principal,
        AuditAction.ALTER,
        object_type="holding",
        object_id=holding.id,
        object_agency_id=holding.agency_id,
        detail={"before": before, "after": {"policy": holding.policy, "sharing_group": group}},
    )
    return holding


def _check_group(tx: Session, group: Sequence[str] | None, *, owner: str) -> list[str] | None:
    if group is None:
        return None
    known = set(tx.execute(select(Agency.id)).scalars())
    unknown = [agency for agency in group if agency not in known]
    if unknown:
        raise InvalidInput(
            f"unknown agencies in the sharing group: {', '.join(sorted(unknown))}",
            details=[
                {"field": "sharing_group", "message": f"unknown agency '{a}'"} for a in unknown
            ],
        )
    return sorted({agency for agency in group if agency != owner})
