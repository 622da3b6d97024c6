"""The tables. One module, so the schema reads in one place; migrations follow it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from accord.core.clock import utcnow

__all__ = [
    "AccountRequest",
    "Agency",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Entity",
    "EntityTombstone",
    "Holding",
    "InstallationSetting",
    "LoginAttempt",
    "ProbeVariant",
    "ProbingNotice",
    "QueryCounter",
    "User",
    "WebSession",
]


class Base(DeclarativeBase):
    pass


def _ts() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    country: Mapped[str] = mapped_column(String(8), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    contact_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    contact_phone: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    contact_email: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    created_at: Mapped[datetime] = _ts()


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"), nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = _ts()


class AccountRequest(Base):
    """An account whose role needs a second person's approval, waiting for it.

    The decider must be a supervisor or admin of the same agency, and neither the requesting
    user nor the requesting person (real actor: a username, or ``cli:<os user>``).
    """

    __tablename__ = "account_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"), nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(128), nullable=False)
    display_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    # Who asked and who decided: the Accord user ("cli" for the operator) and the real actor.
    requested_by: Mapped[str] = mapped_column(String(128), nullable=False)
    requested_by_real: Mapped[str] = mapped_column(String(128), nullable=False)
    requested_at: Mapped[datetime] = _ts()
    decided_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    decided_by_real: Mapped[str | None] = mapped_column(String(128), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class InstallationSetting(Base):
    """Values of this installation that live with its data (the secret ``accord init`` makes)."""

    __tablename__ = "installation"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = _ts()


class ApiToken(Base):
    """A bearer token: only its SHA-256 is stored; it acts for one user of one agency."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = _ts()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class WebSession(Base):
    """A browser session: the cookie holds a random token, the table its SHA-256."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    csrf_token: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = _ts()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(128), nullable=False)
    address: Mapped[str] = mapped_column(String(64), nullable=False)
    success: Mapped[bool] = mapped_column(Boolean, nullable=False)
    at: Mapped[datetime] = _ts()


class Holding(Base):
    """An agency's collection of entities, with the sharing policy partners see it through."""

    __tablename__ = "holdings"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    policy: Mapped[str] = mapped_column(String(16), nullable=False, default="pointer")
    # None: every partner agency; otherwise the agency ids of the sharing group.
    sharing_group: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = _ts()


class Entity(Base):
    """A FollowTheMoney entity with the law-enforcement metadata it must carry.

    ``row_id`` grows with every write, so it doubles as the change feed that keeps
    screening indexes fresh; a replaced or erased row leaves an ``EntityTombstone``.
    """

    __tablename__ = "entities"
    __table_args__ = (
        UniqueConstraint("holding_id", "entity_id", name="uq_entities_holding_entity"),
        Index("ix_entities_review_date", "review_date"),
        {"sqlite_autoincrement": True},  # row ids are never reused: they are the change feed
    )

    row_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    holding_id: Mapped[str] = mapped_column(ForeignKey("holdings.id"), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(255), nullable=False)
    schema: Mapped[str] = mapped_column(String(64), nullable=False)
    caption: Mapped[str] = mapped_column(Text, nullable=False, default="")
    properties: Mapped[str] = mapped_column(Text, nullable=False)  # JSON object
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    source_eval: Mapped[str] = mapped_column(String(1), nullable=False, default="X")
    info_eval: Mapped[str] = mapped_column(String(1), nullable=False, default="4")
    subject_category: Mapped[str] = mapped_column(String(16), nullable=False, default="other")
    legal_basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    review_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = _ts()
    updated_at: Mapped[datetime] = _ts()


class EntityTombstone(Base):
    """A removed entity row (replaced by a newer version, or erased)."""

    __tablename__ = "entity_tombstones"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    row_id: Mapped[int] = mapped_column(Integer, nullable=False)
    holding_id: Mapped[str] = mapped_column(String(64), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(255), nullable=False)
    at: Mapped[datetime] = _ts()


class AuditEvent(Base):
    """Append-only, hash-chained record of who did what, to what, for whom and why."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_agency_at", "agency_id", "at"),
        Index("ix_audit_events_object_agency", "object_agency_id"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = _ts()
    actor_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(128), nullable=False)
    agency_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    action: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    object_type: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    object_id: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The agency that owns the object consulted or disclosed (so it sees the event).
    object_agency_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recipient_agency_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    justification: Mapped[str] = mapped_column(Text, nullable=False, default="")
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="{}")  # JSON object
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    # How the act came in (``web``, ``token:<id>``, ``cli``, ``system``) and who really did
    # it (``accord.services.audit.channel``). NULL only on events written before they existed.
    channel: Mapped[str | None] = mapped_column(String(64), nullable=True)
    real_actor: Mapped[str | None] = mapped_column(String(128), nullable=True)


class QueryCounter(Base):
    """How many queries one user or agency sent against other agencies' pointer holdings in
    one fixed window (``accord.services.screening.guard``); also pointer answers per holding."""

    __tablename__ = "query_counters"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # user, agency, answers
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    period: Mapped[int] = mapped_column(Integer, primary_key=True)  # epoch seconds // window
    used: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ProbeVariant(Base):
    """One distinct query (keyed fingerprint) a user sent for one name (keyed name key) in a
    window, while other agencies' pointer holdings were searched: the sweep detector."""

    __tablename__ = "probe_variants"

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    variant: Mapped[str] = mapped_column(String(32), primary_key=True)


class ProbingNotice(Base):
    """A notice to the owning agency: one caller probed one of its pointer holdings."""

    __tablename__ = "probing_notices"
    __table_args__ = (
        UniqueConstraint("holding_id", "caller_user_id", "kind", "period", "subject",
                         name="uq_probing_notices_once"),
        Index("ix_probing_notices_owner_at", "owner_agency_id", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = _ts()
    owner_agency_id: Mapped[str] = mapped_column(String(64), nullable=False)
    holding_id: Mapped[str] = mapped_column(String(64), nullable=False)
    caller_agency_id: Mapped[str] = mapped_column(String(64), nullable=False)
    caller_user_id: Mapped[int] = mapped_column(Integer, nullable=False)
    caller: Mapped[str] = mapped_column(String(128), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # volume, sweep
    period: Mapped[int] = mapped_column(Integer, nullable=False)
    subject: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="{}")  # JSON object
