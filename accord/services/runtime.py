"""The long-lived objects of one process: settings, the database, the screening index and
the audit anchors.

Each component is a typed field. The app starts them when it starts (``start``) and closes
them when it stops (``close``); a command that never starts the index can still search it
by catching it up on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import text

from accord.core.errors import AppError
from accord.core.settings import Settings
from accord.services.audit.anchor import Anchorer, attach_anchoring
from accord.services.identity.installation import resolve_secret
from accord.services.screening.index import IndexManager
from accord.store.db import Database

__all__ = ["Component", "Runtime"]


class Component(Protocol):
    """A long-lived part of the runtime with a background life of its own."""

    def start(self) -> None: ...

    def is_ready(self) -> bool: ...

    def close(self) -> None: ...


@dataclass
class Runtime:
    settings: Settings
    db: Database
    screening: IndexManager  # the in-memory screening index, kept in step with the store
    anchors: Anchorer  # writes the audit chain's head outside the database
    # Why there is no usable secret (None: ``settings.secret_key`` is the one to use).
    secret_problem: AppError | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        """The runtime, with the installation secret resolved into ``settings.secret_key``.

        Commands that need no secret (adding a user) still run without one; whatever keys
        anything with it calls ``require_secret`` first (the server does, at start).
        """
        db = Database(settings.database_url)
        problem: AppError | None = None
        try:
            settings = resolve_secret(settings, db)
        except AppError as refused:
            problem = refused
        anchors = attach_anchoring(db, settings)  # also anchors when the database is disposed
        return cls(
            settings=settings,
            db=db,
            screening=IndexManager(db, settings.index_poll_s),
            anchors=anchors,
            secret_problem=problem,
        )

    def require_secret(self) -> str:
        """The secret to key references and fingerprints with; raises when there is none."""
        if self.secret_problem is not None:
            raise self.secret_problem
        return self.settings.secret_key.get_secret_value()

    def components(self) -> dict[str, Component]:
        """The background components by name (the readiness probe reports them)."""
        return {"screening": self.screening, "audit_anchors": self.anchors}

    def waiting(self) -> list[str]:
        """The components not ready yet, after a round trip to the database (which must answer)."""
        with self.db.read() as tx:
            tx.execute(text("SELECT 1"))
        return [name for name, part in self.components().items() if not part.is_ready()]

    def start(self) -> None:
        """Start every background component (the app does this when it starts)."""
        for component in self.components().values():
            component.start()

    def close(self) -> None:
        for component in self.components().values():
            component.close()
        self.db.dispose()
