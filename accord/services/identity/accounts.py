"""Adding accounts, and the second person's approval that powerful roles need.

An account that can read the audit trail, manage accounts or approve them — ``auditor``,
``admin`` and ``supervisor`` (``ACCORD_APPROVE_ALL_ACCOUNTS``: ``analyst`` too) — is not
created when it is asked for: ``add_account`` stores an ``AccountRequest`` (the password
only as its argon2 hash) and audits ``account.request``. A **supervisor or admin of the same
agency** who is neither the requesting user nor the requesting person (real actor) approves
it — then the user exists — or rejects it; both are audited (``account.approve``,
``account.reject``) with the channel and the real actor of each side.

Supervisors need approval too because they approve: otherwise an admin could create a
supervisor and approve their own request through it.

The hub operator's command line (``actor=None``) may create such an account directly only
to **bootstrap** an agency that has no active supervisor or admin (nobody could approve);
that is audited with ``bootstrap: true``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from accord.model import Principal, Role
from accord.services.audit import channel
from accord.services.identity import directory
from accord.services.identity.auth import hash_password
from accord.services.identity.users import UserView, admin_scope, audit_admin, user_view
from accord.store.db import Database
from accord.store.tables import AccountRequest, User

__all__ = [
    "APPROVED_ROLES",
    "DECIDERS",
    "RequestView",
    "add_account",
    "decide",
    "list_requests",
    "needs_approval",
]

APPROVED_ROLES = frozenset({Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN})
DECIDERS = (Role.SUPERVISOR, Role.ADMIN)
PENDING = "pending"


@dataclass(frozen=True, slots=True)
class RequestView:
    id: int
    username: str
    display_name: str
    agency_id: str
    role: str
    state: str
    requested_by: str
    requested_by_real: str
    requested_at: datetime
    decided_by: str | None
    decided_by_real: str | None
    decided_at: datetime | None


def _view(row: AccountRequest) -> RequestView:
    return RequestView(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        agency_id=row.agency_id,
        role=row.role,
        state=row.state,
        requested_by=row.requested_by,
        requested_by_real=row.requested_by_real,
        requested_at=row.requested_at,
        decided_by=row.decided_by,
        decided_by_real=row.decided_by_real,
        decided_at=row.decided_at,
    )


def needs_approval(role: str, *, approve_all: bool) -> bool:
    return approve_all or Role(role) in APPROVED_ROLES


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"unknown role '{role}' (one of {allowed})",
            details=[{"field": "role", "message": "unknown role"}],
        ) from None


def _who(actor: Principal | None) -> tuple[str, str]:
    """(Accord user, real actor) of whoever asks or decides."""
    return (actor.username if actor else "cli"), channel.origin(actor)[1]


def _has_decider(tx: Session, agency_id: str) -> bool:
    found = tx.execute(
        select(func.count()).select_from(User).where(
            User.agency_id == agency_id,
            User.is_active.is_(True),
            User.role.in_([role.value for role in DECIDERS]),
        )
    ).scalar_one()
    return int(found) > 0


def _check_new(tx: Session, agency: str, username: str, password: str) -> None:
    directory.get_agency(tx, agency)
    directory.validate_slug(username, "username")
    if len(password) < 10:
        raise InvalidInput(
            "a password needs at least 10 characters",
            details=[{"field": "password", "message": "too short"}],
        )
    taken = tx.execute(select(User.id).where(User.username == username)).first()
    pending = tx.execute(
        select(AccountRequest.id).where(
            AccountRequest.username == username, AccountRequest.state == PENDING
        )
    ).first()
    if taken is not None or pending is not None:
        raise Conflict(f"user '{username}' exists already or is waiting for approval")


def add_account(
    db: Database,
    actor: Principal | None,
    *,
    username: str,
    password: str,
    role: str,
    agency_id: str | None = None,
    display_name: str = "",
    approve_all: bool = False,
) -> UserView | RequestView:
    """A new user (``UserView``), or a request waiting for a second person (``RequestView``)."""
    scope = admin_scope(actor)
    agency = scope or agency_id
    if agency is None:
        raise InvalidInput("name the agency of the new user", details=[{"field": "agency"}])
    if scope is not None and agency_id not in (None, scope):
        raise Forbidden("an admin adds users to their own agency only")
    wanted = _role(role)
    with db.transaction() as tx:
        _check_new(tx, agency, username, password)
        bootstrap = actor is None and not _has_decider(tx, agency)
        if not needs_approval(wanted, approve_all=approve_all) or bootstrap:
            user = directory.create_user(
                tx,
                agency_id=agency,
                username=username,
                password=password,
                role=wanted.value,
                display_name=display_name,
            )
            extra = {"bootstrap": True} if bootstrap and wanted in APPROVED_ROLES else {}
            audit_admin(tx, actor, "user.add", "user", username, agency, role=wanted.value, **extra)
            return user_view(user)
        by, by_real = _who(actor)
        row = AccountRequest(
            agency_id=agency,
            username=username,
            display_name=display_name or username,
            role=wanted.value,
            password_hash=hash_password(password),
            state=PENDING,
            requested_by=by,
            requested_by_real=by_real,
        )
        tx.add(row)
        tx.flush()
        audit_admin(
            tx, actor, "account.request", "account_request", str(row.id), agency,
            user=username, role=wanted.value,
        )
        return _view(row)


def _decider_scope(actor: Principal | None) -> str | None:
    """The agency whose requests ``actor`` may see and decide (None: the operator, all)."""
    if actor is None:
        return None
    if not actor.has_role(*DECIDERS):
        raise Forbidden("account requests are decided by a supervisor or an admin")
    return actor.agency_id


def list_requests(
    db: Database, actor: Principal | None, *, pending_only: bool = True
) -> list[RequestView]:
    scope = _decider_scope(actor)
    with db.read() as tx:
        query = select(AccountRequest).order_by(AccountRequest.id.desc())
        if scope is not None:
            query = query.where(AccountRequest.agency_id == scope)
        if pending_only:
            query = query.where(AccountRequest.state == PENDING)
        return [_view(row) for row in tx.execute(query.limit(500)).scalars()]


def decide(
    db: Database, actor: Principal, request_id: int, *, approve: bool
) -> UserView | RequestView:
    """Approve (the user is created: ``UserView``) or reject (``RequestView``) a request.

    The decider must be a supervisor or admin of the request's agency, and neither the user
    nor the person (real actor) who asked; the command line decides only ``--as`` such a user.
    """
    scope = _decider_scope(actor)
    by, by_real = _who(actor)
    with db.transaction() as tx:
        row = tx.get(AccountRequest, request_id)
        if row is None or row.agency_id != scope:
            raise NotFound(f"no account request {request_id} in your agency")
        if row.state != PENDING:
            raise Conflict(f"account request {request_id} was {row.state} already")
        if by == row.requested_by or by_real == row.requested_by_real:
            raise Forbidden("a second person must decide: you asked for this account")
        row.state = "approved" if approve else "rejected"
        row.decided_by, row.decided_by_real, row.decided_at = by, by_real, utcnow()
        op = "account.approve" if approve else "account.reject"
        audit_admin(
            tx, actor, op, "account_request", str(row.id), row.agency_id,
            user=row.username, role=row.role, requested_by=row.requested_by,
            requested_by_real=row.requested_by_real,
        )
        if not approve:
            return _view(row)
        user = directory.create_user(
            tx,
            agency_id=row.agency_id,
            username=row.username,
            password="",
            password_hash=row.password_hash,
            role=row.role,
            display_name=row.display_name,
        )
        audit_admin(
            tx, actor, "user.add", "user", user.username, row.agency_id,
            role=row.role, request=row.id,
        )
        return user_view(user)
