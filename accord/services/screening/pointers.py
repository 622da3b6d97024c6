"""What a pointer answer may say: the owner's threshold, a coarse band, a per-agency reference.

A holding the caller sees only as a pointer (``pointer``/``blind`` policy, or an H3 entity)
must not become a score oracle:

- **The owner's threshold.** A pointer hit is answered when its score reaches
  ``ACCORD_POINTER_THRESHOLD``, whatever ``threshold`` the caller sent, so a binary search on
  ``threshold`` finds nothing.
- **A band, never a score.** ``strong`` (≥ ``ACCORD_POINTER_STRONG``) or ``possible``.
- **No rank.** Pointer answers come after the caller's visible results, ordered by band and
  then by reference (a keyed hash: arbitrary, but the same every time), never by score, and
  they do not compete with visible results for the caller's ``limit``: a caller cannot place
  a pointer between two of its own results whose exact scores it sees.
- **A reference per calling agency.** ``ptr-`` + HMAC(installation secret, calling agency,
  holding, entity id): the same agency gets the same reference for the same entity (it can
  follow up and quote it), two agencies get different ones (their answers cannot be linked),
  and nobody without the secret can reverse it. The owner resolves a quoted reference with
  :func:`resolve_reference`, knowing which agency quoted it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.core.errors import NotFound
from accord.core.settings import Settings
from accord.model import AuditAction, Principal, Visibility
from accord.services.audit.trail import record
from accord.services.holdings.access import visible_holding
from accord.store.tables import Entity

__all__ = [
    "BANDS",
    "PointerRules",
    "pointer_order",
    "pointer_reference",
    "resolve_reference",
]

BANDS = ("strong", "possible")  # best first
_REFERENCE_CONTEXT = b"accord/pointer-reference/v2"


@dataclass(frozen=True, slots=True)
class PointerRules:
    """The owner-side rules of pointer answers (from the installation's settings)."""

    threshold: float
    strong: float

    @classmethod
    def from_settings(cls, settings: Settings) -> PointerRules:
        return cls(settings.pointer_threshold, max(settings.pointer_strong,
                                                   settings.pointer_threshold))

    def answered(self, score: float) -> bool:
        return score >= self.threshold

    def band(self, score: float) -> str:
        return BANDS[0] if score >= self.strong else BANDS[1]

    def floor(self, band: str) -> float:
        """The number a yente-shaped answer carries as ``score``: the band's lower bound."""
        return self.strong if band == BANDS[0] else self.threshold


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), _REFERENCE_CONTEXT, hashlib.sha256).digest()


def pointer_reference(secret: str, caller_agency_id: str, holding_id: str, entity_id: str
                      ) -> str:
    """The reference ``caller_agency_id`` is given for one pointed-at entity."""
    message = "\x1f".join((caller_agency_id, holding_id, entity_id)).encode()
    return "ptr-" + hmac.new(_key(secret), message, hashlib.sha256).hexdigest()[:24]


def pointer_order(band: str, reference: str) -> tuple[int, str]:
    """Sort key of pointer answers: band, then reference — nothing that follows the score."""
    return BANDS.index(band), reference


def resolve_reference(tx: Session, principal: Principal, *, secret: str, holding_id: str,
                      caller_agency_id: str, reference: str, justification: str = ""
                      ) -> str:
    """The entity id behind ``reference``, which ``caller_agency_id`` quoted to the owner.

    Only a reader of the owning agency may resolve (any other caller gets NotFound, like an
    unknown reference). The holding's entity ids are hashed until one matches: a reference
    cannot be inverted, only recognised. The resolution is audited (CONSULT, with the
    quoting agency), because it links a partner's query to one of the owner's subjects.
    """
    holding, visibility = visible_holding(tx, principal, holding_id)
    if visibility is not Visibility.FULL:
        raise NotFound(f"no holding '{holding_id}'")
    key = _key(secret)
    prefix = "\x1f".join((caller_agency_id, holding.id, "")).encode()
    wanted = reference.removeprefix("ptr-")
    found: str | None = None
    ids = tx.execute(select(Entity.entity_id).where(Entity.holding_id == holding.id))
    for entity_id in ids.scalars():
        digest = hmac.new(key, prefix + entity_id.encode(), hashlib.sha256).hexdigest()[:24]
        if hmac.compare_digest(digest, wanted):
            found = entity_id
            break
    if found is None:
        raise NotFound(f"no entity of '{holding.id}' has reference '{reference}' for "
                       f"agency '{caller_agency_id}'")
    record(tx, principal, AuditAction.CONSULT, object_type="entity",
           object_id=f"{holding.id}/{found}", object_agency_id=holding.agency_id,
           recipient_agency_id=caller_agency_id, justification=justification,
           detail={"resolved_reference": reference, "quoted_by": caller_agency_id})
    return found
