"""Agencies, users and holdings: creating and finding them."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.core.errors import Conflict, InvalidInput, NotFound
from accord.model import AgencyKind, Role, SharingPolicy
from accord.services.identity.auth import hash_password
from accord.store.tables import Agency, Holding, User

__all__ = [
    "create_agency",
    "create_holding",
    "create_user",
    "get_agency",
    "get_user",
    "holdings_of",
    "validate_slug",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def validate_slug(value: str, what: str) -> str:
    if not _SLUG.match(value):
        raise InvalidInput(
            f"{what} '{value}' must be 2–64 characters of a–z, 0–9, '.', '_' or '-'",
            details=[{"field": what, "message": "invalid identifier"}],
        )
    return value


def create_agency(
    tx: Session,
    *,
    id: str,
    name: str,
    country: str,
    kind: str,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> Agency:
    validate_slug(id, "agency")
    if tx.get(Agency, id) is not None:
        raise Conflict(f"agency '{id}' exists already")
    agency = Agency(
        id=id,
        name=name,
        country=country.lower(),
        kind=AgencyKind(kind).value,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    tx.add(agency)
    tx.flush()
    return agency


def get_agency(tx: Session, agency_id: str) -> Agency:
    agency = tx.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"no agency '{agency_id}'")
    return agency


def create_user(
    tx: Session,
    *,
    agency_id: str,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    password_hash: str | None = None,
) -> User:
    """A new user. ``password_hash`` (an argon2 hash made earlier) replaces hashing ``password``."""
    get_agency(tx, agency_id)
    validate_slug(username, "username")
    if password_hash is None and len(password) < 10:
        raise InvalidInput("a password needs at least 10 characters")
    if tx.execute(select(User.id).where(User.username == username)).first() is not None:
        raise Conflict(f"user '{username}' exists already")
    user = User(
        agency_id=agency_id,
        username=username,
        display_name=display_name or username,
        role=Role(role).value,
        password_hash=password_hash or hash_password(password),
    )
    tx.add(user)
    tx.flush()
    return user


def get_user(tx: Session, username: str) -> User:
    user = tx.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFound(f"no user '{username}'")
    return user


def create_holding(
    tx: Session,
    *,
    id: str,
    agency_id: str,
    name: str,
    policy: str = SharingPolicy.POINTER.value,
    description: str = "",
    sharing_group: list[str] | None = None,
) -> Holding:
    validate_slug(id, "holding")
    get_agency(tx, agency_id)
    if tx.get(Holding, id) is not None:
        raise Conflict(f"holding '{id}' exists already")
    holding = Holding(
        id=id,
        agency_id=agency_id,
        name=name,
        description=description,
        policy=SharingPolicy(policy).value,
        sharing_group=sharing_group,
    )
    tx.add(holding)
    tx.flush()
    return holding


def holdings_of(tx: Session, agency_id: str) -> list[Holding]:
    return list(
        tx.execute(select(Holding).where(Holding.agency_id == agency_id).order_by(Holding.id))
        .scalars()
        .all()
    )
