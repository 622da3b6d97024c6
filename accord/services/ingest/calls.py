"""The ingest checks that the API calls before it reads an upload, in their own transaction."""

from __future__ import annotations

from accord.model import Principal
from accord.services.ingest.importer import owned_holding
from accord.store.db import Database

__all__ = ["check_may_import"]


def check_may_import(db: Database, principal: Principal, holding_id: str) -> None:
    """Refuse before a byte is read unless ``principal`` may import into the holding."""
    with db.read() as tx:
        owned_holding(tx, principal, holding_id, "import into it")
