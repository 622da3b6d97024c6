"""The installation secret: made by ``accord init``, kept in the database, never a default.

The secret keys what partners must not be able to recompute: pointer references (which would
otherwise give away which entity a hit is) and the fingerprints of screened queries in the
audit trail. It comes from, in this order:

1. ``ACCORD_SECRET_KEY``, when set — refused if it is a known placeholder, shorter than 32
   characters or made of fewer than 8 distinct characters, except in dev mode;
2. the ``installation`` table, where ``accord init`` stores 48 random bytes (URL-safe
   base64) the first time it runs on a database, and never replaces them (an SQLite file
   is then made readable by its owner only, 0600);
3. in dev mode only (``accord serve --dev`` or ``ACCORD_DEV=true``), a random secret made
   for this process (references then change at every start).

Otherwise the server refuses to start. The database holds the secret next to the data it
protects: whoever can read the database can read the entities anyway, and a partner agency
can read neither. Rotating it (delete the row, run ``accord init``) changes every reference.
"""

from __future__ import annotations

import logging
import os
import secrets

from pydantic import SecretStr
from sqlalchemy.exc import SQLAlchemyError

from accord.core.errors import AppError
from accord.core.settings import PLACEHOLDER_SECRETS, Settings
from accord.store.db import Database
from accord.store.tables import InstallationSetting

__all__ = [
    "SECRET_NAME",
    "SecretRefused",
    "ensure_secret",
    "is_public_secret",
    "resolve_secret",
    "stored_secret",
]

SECRET_NAME = "secret_key"
MIN_SECRET_LENGTH = 32
_MIN_DISTINCT = 8
log = logging.getLogger("accord.installation")


class SecretRefused(AppError):
    """The server will not run with this secret (or without one)."""

    status = 500
    code = "secret_refused"


def is_public_secret(secret: str) -> bool:
    """A placeholder, a short value or one with too few distinct characters."""
    return (
        secret.strip().lower() in PLACEHOLDER_SECRETS
        or len(secret) < MIN_SECRET_LENGTH
        or len(set(secret)) < _MIN_DISTINCT
    )


def stored_secret(db: Database) -> str | None:
    """The secret ``accord init`` stored, or None (none yet, or no schema yet)."""
    try:
        with db.read() as tx:
            row = tx.get(InstallationSetting, SECRET_NAME)
            return row.value if row is not None else None
    except SQLAlchemyError:
        return None


def ensure_secret(db: Database) -> bool:
    """Store a random installation secret unless there is one; True when one was made.

    An SQLite file (which now holds the secret, as it holds the data) is made readable by
    its owner only (0600); SQLite gives its -wal and -shm files the same permissions.
    """
    with db.transaction() as tx:
        made = tx.get(InstallationSetting, SECRET_NAME) is None
        if made:
            tx.add(InstallationSetting(name=SECRET_NAME, value=secrets.token_urlsafe(48)))
    path = db.engine.url.database if db.is_sqlite else None
    if path and path != ":memory:" and os.path.exists(path):
        os.chmod(path, 0o600)
    return made


def resolve_secret(settings: Settings, db: Database) -> Settings:
    """``settings`` with the secret this process must use; ``SecretRefused`` if there is none."""
    configured = settings.secret_key.get_secret_value()
    if configured:
        if is_public_secret(configured) and not settings.dev:
            raise SecretRefused(
                "ACCORD_SECRET_KEY is a placeholder or too weak (at least 32 characters, "
                "8 distinct); unset it to use the secret 'accord init' made, or set a random "
                "one (placeholders are accepted only by 'accord serve --dev')"
            )
        return settings
    stored = stored_secret(db)
    if stored is None and settings.dev:
        log.warning("dev mode: no installation secret; using a random one for this process")
        stored = secrets.token_urlsafe(48)
    if stored is None:
        raise SecretRefused(
            "this installation has no secret: run 'accord init' (it makes one), "
            "or set ACCORD_SECRET_KEY"
        )
    return settings.model_copy(update={"secret_key": SecretStr(stored)})
