"""``blind`` holdings keep data from the hub: they take keyed encodings, never plaintext.

The encodings (``accord encode``) arrive with the blind-matching work; until then a blind
holding stays empty. Whatever would put plaintext into one is refused, with nothing written:
importing FtM entities into it, and turning a holding that holds entities into a blind one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.core.errors import Conflict
from accord.model import SharingPolicy
from accord.store.tables import Entity, Holding

__all__ = ["BLIND_TAKES_ENCODINGS", "refuse_blind_over_plaintext", "refuse_plaintext"]

BLIND_TAKES_ENCODINGS = "blind holdings take encodings only; see accord encode"


def refuse_plaintext(holding: Holding) -> None:
    """Refuse FtM entities (plaintext) for a ``blind`` holding."""
    if holding.policy == SharingPolicy.BLIND.value:
        raise Conflict(
            f"holding '{holding.id}' is blind: {BLIND_TAKES_ENCODINGS}; nothing was imported",
            details=[{"field": "holding", "message": BLIND_TAKES_ENCODINGS}],
        )


def refuse_blind_over_plaintext(tx: Session, holding: Holding, policy: str) -> None:
    """Refuse to make a holding that holds entities (plaintext) ``blind``."""
    if policy != SharingPolicy.BLIND.value or holding.policy == policy:
        return
    held = tx.execute(select(Entity.row_id).where(Entity.holding_id == holding.id).limit(1)).first()
    if held is not None:
        raise Conflict(
            f"holding '{holding.id}' holds entities in plaintext and cannot become blind: "
            f"{BLIND_TAKES_ENCODINGS}",
            details=[{"field": "policy", "message": BLIND_TAKES_ENCODINGS}],
        )
