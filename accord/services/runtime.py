"""The long-lived objects of one process: settings and database (and, later, indexes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.core.settings import Settings
from accord.store.db import Database

__all__ = ["Runtime"]


@dataclass
class Runtime:
    settings: Settings
    db: Database
    # Components that other services attach (the screening index manager, …), by name.
    components: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        from accord.services.audit_anchor import attach_anchoring

        db = Database(settings.database_url)
        anchorer = attach_anchoring(db, settings)  # closed with the database
        runtime = cls(settings=settings, db=db)
        runtime.components.setdefault("_startup", []).append(anchorer.start)
        return runtime

    def close(self) -> None:
        for component in self.components.values():
            close = getattr(component, "close", None)
            if callable(close):
                close()
        self.db.dispose()
