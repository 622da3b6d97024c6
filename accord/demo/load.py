"""Loading the demo scenario (``accord.demo.scenario``): idempotent.

Agencies, users and holdings that exist already are left as they are; entities are
written through the ingest service, so loading again upserts them (the same ids replace
the rows they had). Every demo user has the scenario's one demo password.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
from sqlalchemy import select

from accord.demo.scenario import DEMO_PASSWORD, Scenario, SeedEntity, build_scenario
from accord.model import AuditAction, Role
from accord.services.audit import trail as audit
from accord.services.identity import directory
from accord.services.identity.auth import hash_password, principal_for_user
from accord.services.ingest.importer import ImportOptions, import_entities  # the one writer
from accord.services.runtime import Runtime
from accord.store.tables import Agency, Holding, User

__all__ = ["DemoLoadResult", "load_demo", "seed_lines"]


@dataclass
class DemoLoadResult:
    created: dict[str, int] = field(default_factory=dict)  # agencies, users, holdings
    existing: dict[str, int] = field(default_factory=dict)
    entities_inserted: int = 0
    entities_replaced: int = 0


def seed_lines(entities: list[SeedEntity]) -> bytes:
    """The holding's entities as FtM JSON lines, each with its law-enforcement metadata."""
    return b"".join(orjson.dumps({**seed.entity, **seed.meta}) + b"\n" for seed in entities)


def _directory(runtime: Runtime, scenario: Scenario, result: DemoLoadResult) -> None:
    """Create the agencies, users and holdings that are missing, in one transaction."""
    counts = {"agencies": [0, 0], "users": [0, 0], "holdings": [0, 0]}
    password_hash: str | None = None
    with runtime.db.transaction() as tx:
        agencies = set(tx.execute(select(Agency.id)).scalars())
        for agency in scenario.agencies:
            if agency.id in agencies:
                counts["agencies"][1] += 1
                continue
            directory.create_agency(
                tx,
                id=agency.id,
                name=agency.name,
                country=agency.country,
                kind=agency.kind.value,
                contact_name=agency.contact.desk,
                contact_phone=agency.contact.phone,
                contact_email=agency.contact.email,
            )
            counts["agencies"][0] += 1
        usernames = set(tx.execute(select(User.username)).scalars())
        for user in scenario.users:
            if user.username in usernames:
                counts["users"][1] += 1
                continue
            password_hash = password_hash or hash_password(DEMO_PASSWORD)  # argon2 once
            directory.create_user(
                tx,
                agency_id=user.agency_id,
                username=user.username,
                password=DEMO_PASSWORD,
                password_hash=password_hash,
                role=user.role.value,
            )
            counts["users"][0] += 1
        holdings = set(tx.execute(select(Holding.id)).scalars())
        for holding in scenario.holdings:
            if holding.id in holdings:
                counts["holdings"][1] += 1
                continue
            directory.create_holding(
                tx,
                id=holding.id,
                agency_id=holding.agency_id,
                name=holding.name,
                policy=holding.policy.value,
            )
            counts["holdings"][0] += 1
        result.created = {name: pair[0] for name, pair in counts.items()}
        result.existing = {name: pair[1] for name, pair in counts.items()}
        audit.record(
            tx,
            None,
            AuditAction.ADMIN,
            actor="cli",
            object_type="demo",
            object_id="scenario",
            detail={"op": "demo.load", "created": result.created},
        )


def load_demo(
    runtime: Runtime,
    scenario: Scenario | None = None,
    *,
    on_holding: Callable[[str, int], None] | None = None,
) -> DemoLoadResult:
    """Load (or top up) the demo scenario into the database of ``runtime``."""
    scenario = scenario or build_scenario()
    result = DemoLoadResult()
    _directory(runtime, scenario, result)
    for holding in scenario.holdings:
        entities = scenario.entities.get(holding.id, [])
        if not entities:
            continue
        # The holding's own analyst imports it, as an analyst of that agency would.
        with runtime.db.read() as tx:
            user = tx.execute(
                select(User)
                .where(User.agency_id == holding.agency_id, User.role == Role.ANALYST.value)
                .order_by(User.id)
                .limit(1)
            ).scalar_one()
            principal = principal_for_user(user, via="cli")
        imported = import_entities(
            runtime,
            principal,
            holding.id,
            io.BytesIO(seed_lines(entities)),
            ImportOptions(file_name=f"demo:{holding.id}"),
        )
        result.entities_inserted += imported.inserted
        result.entities_replaced += imported.replaced
        if on_holding is not None:
            on_holding(holding.id, imported.inserted + imported.replaced)
    return result
