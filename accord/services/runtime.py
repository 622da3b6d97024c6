"""The long-lived objects of one process: settings and database (and, later, indexes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.core.errors import AppError
from accord.core.settings import Settings
from accord.services.installation import resolve_secret
from accord.store.db import Database

__all__ = ["Runtime"]


@dataclass
class Runtime:
    settings: Settings
    db: Database
    # Components that other services attach (the screening index manager, …), by name.
    components: dict[str, Any] = field(default_factory=dict)
    # Why there is no usable secret (None: ``settings.secret_key`` is the one to use).
    secret_problem: AppError | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        """The runtime, with the installation secret resolved into ``settings.secret_key``.

        Commands that need no secret (adding a user) still run without one; whatever keys
        anything with it calls ``require_secret`` first (the server does, at start).
        """
        db = Database(settings.database_url)
        try:
            return cls(settings=resolve_secret(settings, db), db=db)
        except AppError as problem:
            return cls(settings=settings, db=db, secret_problem=problem)

    def require_secret(self) -> str:
        """The secret to key references and fingerprints with; raises when there is none."""
        if self.secret_problem is not None:
            raise self.secret_problem
        return self.settings.secret_key.get_secret_value()

    def close(self) -> None:
        for component in self.components.values():
            close = getattr(component, "close", None)
            if callable(close):
                close()
        self.db.dispose()
