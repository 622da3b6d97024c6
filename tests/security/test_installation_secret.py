"""Break 6 of the pointer issue, replayed: the service fails closed on its secret (both engines).

As reported: ``ACCORD_ENVIRONMENT`` defaulted to ``development``, which accepted the public
secret ``development-only-secret``; HMAC over ``holding\\x1fholding-N`` for N < 200 reversed a
partner's pointer reference to ``al-asp-ctu.subjects-1``. Now ``accord init`` stores a random
installation secret, and the server refuses a missing, placeholder or weak one in every
environment unless it runs in dev mode.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from accord.app import create_app
from accord.cli import app as cli_app
from accord.core.settings import PLACEHOLDER_SECRETS, Settings, get_settings
from accord.services.identity import users
from accord.services.identity.installation import (
    SecretRefused,
    is_public_secret,
    stored_secret,
)
from accord.services.screening.pointers import pointer_reference
from accord.store.db import Database
from accord.store.migrate import upgrade
from accord.store.tables import Entity

HOLDING = "al-asp-ctu.subjects"
TARGET = f"{HOLDING}-1"
PUBLIC = sorted(PLACEHOLDER_SECRETS | {"development-only-secret"})


@pytest.fixture
def defaults(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The command line with nothing but the database configured (no ACCORD_SECRET_KEY)."""
    for name in ("ACCORD_SECRET_KEY", "ACCORD_ENVIRONMENT", "ACCORD_DEV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ACCORD_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_init_stores_a_random_secret_once(defaults: CliRunner, db_url: str) -> None:
    first = defaults.invoke(cli_app, ["init"])
    assert first.exit_code == 0 and "installation secret generated" in first.output
    db = Database(db_url)
    try:
        secret = stored_secret(db)
        assert secret is not None and len(secret) >= 64 and not is_public_secret(secret)
        again = defaults.invoke(cli_app, ["init"])
        assert again.exit_code == 0 and "generated" not in again.output
        assert stored_secret(db) == secret
        if db.is_sqlite:
            path = db.engine.url.database
            assert path is not None and os.stat(path).st_mode & 0o777 == 0o600
    finally:
        db.dispose()


@pytest.mark.parametrize("environment", ["development", "test", "production"])
def test_no_server_without_a_real_secret(db_url: str, environment: str) -> None:
    db = Database(db_url)
    upgrade(db)  # a schema, but `accord init` never ran: no secret
    db.dispose()
    base: dict[str, Any] = {"database_url": db_url, "environment": environment}
    with pytest.raises(SecretRefused, match="accord init"):
        create_app(Settings(**base))
    for public in [*filter(None, PUBLIC), "short-but-random-8Hq", "a" * 64]:
        with pytest.raises(SecretRefused, match="placeholder or too weak"):
            create_app(Settings(**base, secret_key=public))


def test_dev_mode_accepts_a_placeholder_or_none(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db)
    db.dispose()
    placeholder = create_app(Settings(database_url=db_url, secret_key="development-only-secret",
                                      dev=True))
    assert placeholder.state.runtime.require_secret() == "development-only-secret"
    first = create_app(Settings(database_url=db_url, dev=True)).state.runtime.require_secret()
    second = create_app(Settings(database_url=db_url, dev=True)).state.runtime.require_secret()
    assert first != second and not is_public_secret(first)


def _reference_seen_by_a_partner(settings: Settings, db_url: str) -> str:
    """``ba-sipa.analyst`` screens the target's name and date of birth; its pointer's reference."""
    db = Database(db_url)
    try:
        with db.read() as tx:
            row = tx.execute(select(Entity).where(Entity.holding_id == HOLDING,
                                                  Entity.entity_id == TARGET)).scalar_one()
            props = json.loads(row.properties)
        raw = users.issue_token(db, "ba-sipa.analyst", name="replay", days=1).raw
    finally:
        db.dispose()
    query = {"schema": "Person", "properties": {
        "name": props["name"][:1], "birthDate": props.get("birthDate", [])[:1]}}
    app = create_app(settings)
    with TestClient(app) as client:
        app.state.runtime.screening.wait_ready(60)
        answer = client.post(f"/match/{HOLDING}",
                             json={"queries": {"q": query}, "justification": "replay of break 6"},
                             headers={"Authorization": f"Bearer {raw}"})
    assert answer.status_code == 200, answer.text
    results = answer.json()["responses"]["q"]["results"]
    assert results, "the partner must get the pointer"
    reference = results[0]["id"]
    assert isinstance(reference, str) and reference.startswith("ptr-")
    return reference


def _reversed_with_public_secrets(reference: str) -> str | None:
    for secret in PUBLIC:
        for n in range(200):
            # the reference is keyed to the calling agency too (ba-sipa, the partner)
            if pointer_reference(secret, "ba-sipa", HOLDING, f"{HOLDING}-{n}") == reference:
                return f"{HOLDING}-{n}"
    return None


def test_replay_references_cannot_be_reversed_under_defaults(
    defaults: CliRunner, db_url: str
) -> None:
    assert defaults.invoke(cli_app, ["init"]).exit_code == 0  # what `make demo` runs
    loaded = defaults.invoke(cli_app, ["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    reference = _reference_seen_by_a_partner(Settings(database_url=db_url), db_url)
    assert _reversed_with_public_secrets(reference) is None
    # The control: the same attack on a server keyed with the public secret (only dev mode
    # accepts it now) finds the entity — so the check above can fail.
    public = Settings(database_url=db_url, secret_key="development-only-secret", dev=True)
    assert _reversed_with_public_secrets(_reference_seen_by_a_partner(public, db_url)) == TARGET
