"""One-line factories for the test world: agencies, users (one per role), holdings, tokens."""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.services.identity import directory
from accord.services.identity.auth import create_token, hash_password
from accord.store.db import Database

PASSWORD = "correct-horse-battery"
ROLES = ("analyst", "supervisor", "auditor", "admin")
PASSWORD_HASH = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once per test run


@dataclass
class World:
    """Agencies ``a`` (Albania) and ``b`` (Serbia); ``tokens[(agency, role)]`` are raw tokens."""

    tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    holdings: dict[str, str] = field(default_factory=dict)  # name -> holding id

    def token(self, agency: str, role: str = "analyst") -> str:
        return self.tokens[(agency, role)]

    def auth(self, agency: str, role: str = "analyst") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(agency, role)}"}


def build_world(db: Database) -> World:
    world = World()
    with db.transaction() as tx:
        for agency, country, kind in (("a", "al", "police_ct"), ("b", "rs", "prosecutor")):
            directory.create_agency(
                tx,
                id=f"agency-{agency}",
                name=f"Agency {agency.upper()}",
                country=country,
                kind=kind,
                contact_name=f"Duty desk {agency.upper()}",
                contact_phone="+355690000000" if agency == "a" else "+381600000000",
                contact_email=f"duty@{agency}.example",
            )
            for role in ROLES:
                user = directory.create_user(
                    tx,
                    agency_id=f"agency-{agency}",
                    username=f"{agency}-{role}",
                    password=PASSWORD,
                    password_hash=PASSWORD_HASH,
                    role=role,
                )
                world.tokens[(agency, role)] = create_token(tx, user, name="test")[1]
            for policy in ("shared", "pointer", "blind"):
                holding_id = f"{agency}-{policy}"
                directory.create_holding(
                    tx, id=holding_id, agency_id=f"agency-{agency}", name=holding_id, policy=policy
                )
                world.holdings[holding_id] = holding_id
    return world
