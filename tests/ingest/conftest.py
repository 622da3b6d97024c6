"""Fixtures for import and export: the CLI acting on the test database, counts of writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from accord.cli import app as cli_app
from accord.store.db import Database
from accord.store.tables import AuditEvent, Entity, EntityTombstone


@dataclass
class Counts:
    entities: int
    tombstones: int
    imports: int  # audit events of imports


def counts(db: Database) -> Counts:
    with db.read() as tx:
        return Counts(
            entities=tx.execute(select(func.count()).select_from(Entity)).scalar_one(),
            tombstones=tx.execute(select(func.count()).select_from(EntityTombstone)).scalar_one(),
            imports=tx.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "create", AuditEvent.object_type == "holding")
            ).scalar_one(),
        )


def person(entity_id: str, **extra: Any) -> dict[str, Any]:
    """A valid FtM person; keyword arguments override properties or add metadata."""
    props: dict[str, Any] = {
        "name": ["Arben Xhaferi"],
        "birthDate": ["1961-09-16"],
        "nationality": ["mk"],
        "phone": ["+38970123456"],
    }
    meta = {k: v for k, v in extra.items() if k not in ("properties",)}
    props.update(extra.get("properties", {}))
    return {"id": entity_id, "schema": "Person", "properties": props, **meta}


def jsonl(*entities: dict[str, Any]) -> bytes:
    return b"".join(orjson.dumps(e) + b"\n" for e in entities)


@dataclass
class Cli:
    runner: CliRunner

    def __call__(self, *args: str) -> Any:
        return self.runner.invoke(cli_app, list(args))


@pytest.fixture
def cli(cli: CliRunner) -> Cli:
    """The shared CliRunner on the test database, called as ``cli("import", …)``."""
    return Cli(cli)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, bytes], Path]:
    def write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write
