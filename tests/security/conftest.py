"""Fixtures for the security tests: entities with metadata, and the CLI on the test database."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest

from accord.store.db import Database
from accord.store.tables import Entity

AddEntity = Callable[..., str]


def put_entity(
    db: Database,
    holding_id: str,
    entity_id: str,
    name: str,
    *,
    handling_code: str = "H0",
    review_date: date | None = None,
    birth_date: str = "1980-05-17",
) -> str:
    """Store one Person straight into the table (the store is what is under test here)."""
    properties = {"name": [name], "birthDate": [birth_date], "nationality": ["al"]}
    with db.transaction() as tx:
        tx.add(
            Entity(
                holding_id=holding_id,
                entity_id=entity_id,
                schema="Person",
                caption=name,
                properties=json.dumps(properties, ensure_ascii=False),
                handling_code=handling_code,
                subject_category="suspect",
                legal_basis="Law 123/2020 art. 5",
                review_date=review_date,
            )
        )
    return entity_id


@pytest.fixture
def add_entity(db: Database) -> AddEntity:
    def add(holding_id: str, entity_id: str, name: str, **kwargs: object) -> str:
        return put_entity(db, holding_id, entity_id, name, **kwargs)  # type: ignore[arg-type]

    return add
