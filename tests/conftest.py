"""Shared fixtures: real SQLite and a real throwaway PostgreSQL, the app, factories.

``db_url`` is parametrised over SQLite and PostgreSQL. PostgreSQL comes from
``ACCORD_TEST_POSTGRES_URL`` (``make test`` starts a throwaway server); each test gets a
database of its own. Without that variable the PostgreSQL half is skipped, except under
``CI=true``, where it fails.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from accord.app import create_app
from accord.core.settings import Settings, get_settings
from accord.store.db import Database
from accord.store.migrate import upgrade
from tests.factories import World, build_world

PG_URL = os.environ.get("ACCORD_TEST_POSTGRES_URL", "")
# A random secret per test run: the server refuses public ones (accord.services.installation).
TEST_SECRET = secrets.token_urlsafe(32)
IN_CI = os.environ.get("CI") == "true"


def _need_postgres() -> None:
    if not PG_URL:
        if IN_CI:
            pytest.fail("CI=true but ACCORD_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not available (set ACCORD_TEST_POSTGRES_URL or run make test)")


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    _need_postgres()
    return PG_URL


def _create_pg_database() -> str:
    name = f"accord_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'accord.db'}"
        return
    _need_postgres()
    url = _create_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database, for tests whose subject is not storage."""
    return f"sqlite:///{tmp_path / 'accord.db'}"


def _pg_anchor_file(url: str) -> str:
    """On PostgreSQL the audit anchor file defaults to the working directory: tests keep it
    in the temporary directory instead, one per database."""
    folder = Path(tempfile.gettempdir()) / "accord-test-anchors"
    folder.mkdir(exist_ok=True)
    return str(folder / f"{url.rsplit('/', 1)[1]}.jsonl")


def make_settings(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": url,
        "secret_key": TEST_SECRET,
    }
    if not url.startswith("sqlite"):
        values["audit_anchor_file"] = os.environ.get("ACCORD_AUDIT_ANCHOR_FILE") or (
            _pg_anchor_file(url)
        )
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    if not db_url.startswith("sqlite"):
        # Servers and commands started by a test (which inherit the environment) use it too.
        monkeypatch.setenv("ACCORD_AUDIT_ANCHOR_FILE", str(tmp_path / "audit-anchors.jsonl"))
    return make_settings(db_url)


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    """A migrated database (both engines)."""
    database = Database(settings.database_url)
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def world(db: Database) -> World:
    """Two agencies (A in Albania, B in Serbia), a user per role each, and holdings."""
    return build_world(db)


@pytest.fixture
def app(settings: Settings, db: Database) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CliRunner whose ``accord`` opens the test database (through ACCORD_ variables)."""
    monkeypatch.setenv("ACCORD_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("ACCORD_ENVIRONMENT", "test")
    monkeypatch.setenv("ACCORD_SECRET_KEY", settings.secret_key.get_secret_value())
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
