"""The identity use cases that the command line calls, each in its own transaction."""

from __future__ import annotations

from accord.core.errors import Forbidden
from accord.model import Principal
from accord.services.identity import directory
from accord.services.identity.auth import principal_for_user
from accord.store.db import Database

__all__ = ["acting_principal"]


def acting_principal(db: Database, username: str) -> Principal:
    """The principal a command acts for: an active user, named on the command line."""
    with db.read() as tx:
        user = directory.get_user(tx, username)
        if not user.is_active:
            raise Forbidden(f"user '{username}' is deactivated")
        return principal_for_user(user, via="cli")
