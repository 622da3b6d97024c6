"""Review dates and erasure (LED Art. 5): what is due, and erasing it with all that derives from it.

An entity is **due** when its review date has passed (``review_date < today``). Erasing it
(``erase``) is one function that every store of derived data hooks into:

1. each **eraser** in ``ERASERS`` removes what its capability derived from the entity —
   hits, blind encodings, case links, … as those tables arrive (none exists yet, so the list
   is empty). Each eraser runs in the same transaction, so an erasure is all-or-nothing;
2. an ``EntityTombstone`` is written: screening indexes follow ``entities.row_id`` and the
   tombstones, and drop the entity from memory at their next poll;
3. the entity row is deleted;
4. an ERASE event is audited, with ``object_agency_id`` = owner. The event names the holding
   and entity id, never a property: the audit trail keeps no personal data of an erased entity;
5. once the transaction commits, SQLite's write-ahead log is checkpointed and truncated
   (``Database.checkpoint``); with ``secure_delete`` on every connection, the deleted row's
   bytes are zeroed, so the database files keep nothing readable of it. PostgreSQL needs the
   operator (docs/operations.md, "Erasure on PostgreSQL").

Listing what is due (``review_due``) shows names: it is audited (a CONSULT of ``retention/due``
with the count), like any other look at personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.core.clock import today
from accord.core.errors import Forbidden, InvalidInput, NotFound
from accord.model import AuditAction, Principal, Role
from accord.services.audit.trail import record
from accord.services.holdings.access import find_entity
from accord.store.db import CHECKPOINT_AFTER_COMMIT
from accord.store.tables import Entity, EntityTombstone, Holding

__all__ = [
    "ERASERS",
    "DueEntity",
    "Eraser",
    "due",
    "erase",
    "erase_due",
    "erase_selected",
    "review_due",
]

# An eraser removes what one capability derived from an entity; it returns how many rows.
Eraser = Callable[[Session, Entity], int]
# Every store of derived data, by name: a capability that derives rows from entities (hits,
# blind encodings, case links) adds its eraser here, declared in one place, so no erasure
# misses it. Each erasure's audit event counts the rows per eraser under ``derived``.
ERASERS: tuple[tuple[str, Eraser], ...] = ()


@dataclass(frozen=True, slots=True)
class DueEntity:
    """An entity due for review, as a supervisor sees it on the retention page."""

    holding_id: str
    agency_id: str
    entity_id: str
    schema: str
    caption: str
    review_date: date
    subject_category: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "holding_id": self.holding_id,
            "agency_id": self.agency_id,
            "entity_id": self.entity_id,
            "schema": self.schema,
            "caption": self.caption,
            "review_date": self.review_date.isoformat(),
            "subject_category": self.subject_category,
        }


def _scope_agency(principal: Principal | None) -> str | None:
    """None: the operator on the command line (every agency); else a supervisor's agency."""
    if principal is None:
        return None
    if not principal.has_role(Role.SUPERVISOR):
        raise Forbidden(f"retention review is for supervisors; you are {principal.role.value}")
    return principal.agency_id


def _due_rows(tx: Session, agency_id: str | None, on: date) -> list[tuple[Entity, Holding]]:
    statement = (
        select(Entity, Holding)
        .join(Holding, Holding.id == Entity.holding_id)
        .where(Entity.review_date.is_not(None), Entity.review_date < on)
        .order_by(Entity.review_date, Entity.holding_id, Entity.entity_id)
    )
    if agency_id is not None:
        statement = statement.where(Holding.agency_id == agency_id)
    return [(entity, holding) for entity, holding in tx.execute(statement)]


def due(tx: Session, principal: Principal | None, *, on: date | None = None) -> list[DueEntity]:
    """Entities whose review date has passed (a supervisor: their agency's only)."""
    agency_id = _scope_agency(principal)
    return [
        _due_entity(entity, holding) for entity, holding in _due_rows(tx, agency_id, on or today())
    ]


def review_due(
    tx: Session, principal: Principal | None, *, on: date | None = None
) -> list[DueEntity]:
    """``due``, audited: who looked at which agency's due list, and how many it showed."""
    when = on or today()
    items = due(tx, principal, on=when)
    record(
        tx,
        principal,
        AuditAction.CONSULT,
        object_type="retention",
        object_id="due",
        object_agency_id=principal.agency_id if principal else None,
        detail={"entities": len(items), "on": when.isoformat()},
        actor=None if principal else "retention",
    )
    return items


def _due_entity(entity: Entity, holding: Holding) -> DueEntity:
    assert entity.review_date is not None
    return DueEntity(
        holding_id=holding.id,
        agency_id=holding.agency_id,
        entity_id=entity.entity_id,
        schema=entity.schema,
        caption=entity.caption,
        review_date=entity.review_date,
        subject_category=entity.subject_category,
    )


def erase(
    tx: Session,
    principal: Principal | None,
    entity: Entity,
    holding: Holding,
    *,
    reason: str,
) -> dict[str, int]:
    """Erase one entity and everything derived from it; audited. Returns rows per eraser."""
    removed = {name: eraser(tx, entity) for name, eraser in ERASERS}
    tx.add(
        EntityTombstone(
            row_id=entity.row_id, holding_id=entity.holding_id, entity_id=entity.entity_id
        )
    )
    review = entity.review_date.isoformat() if entity.review_date else None
    tx.delete(entity)
    tx.flush()
    tx.info[CHECKPOINT_AFTER_COMMIT] = True  # the deleted bytes leave the WAL too
    record(
        tx,
        principal,
        AuditAction.ERASE,
        object_type="entity",
        object_id=f"{holding.id}/{entity.entity_id}",
        object_agency_id=holding.agency_id,
        justification=reason,
        detail={"holding_id": holding.id, "review_date": review, "derived": removed},
        actor=None if principal else "retention",
    )
    return removed


def erase_due(
    tx: Session, principal: Principal | None, *, on: date | None = None, dry_run: bool = False
) -> list[DueEntity]:
    """Erase every entity due on ``on`` (default today) in the caller's scope; list them."""
    when = on or today()
    listed = due(tx, principal, on=when)
    if not dry_run:
        reason = f"review date passed (retention run of {when.isoformat()})"
        for entity, holding in _due_rows(tx, _scope_agency(principal), when):
            erase(tx, principal, entity, holding, reason=reason)
    return listed


def erase_selected(
    tx: Session, principal: Principal, items: Sequence[tuple[str, str]], *, on: date | None = None
) -> list[DueEntity]:
    """A supervisor erases chosen entities of their agency that are due (from the page or API)."""
    agency_id = _scope_agency(principal)
    when = on or today()
    erased: list[DueEntity] = []
    for line, (holding_id, entity_id) in enumerate(items, start=1):
        holding = tx.get(Holding, holding_id)
        if holding is None or holding.agency_id != agency_id:
            # Another agency's holding does not exist for this purpose: no hint that it does.
            raise NotFound(f"no holding '{holding_id}' of your agency")
        entity = find_entity(tx, holding_id, entity_id)
        if entity.review_date is None or entity.review_date >= when:
            raise InvalidInput(
                f"entity '{entity_id}' is not due for review",
                details=[{"line": line, "field": "entity_id", "message": "not due"}],
            )
        erased.append(_due_entity(entity, holding))
        erase(tx, principal, entity, holding, reason="review date passed (erased by supervisor)")
    return erased
