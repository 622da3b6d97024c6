"""Query budgets and the sweep detector for searches that reach other agencies' pointers.

Only a screening call whose scope includes another agency's holding seen as a pointer (or
that produced a pointer answer, e.g. an H3 entity of a shared holding) is counted; a search
of one's own or shared holdings costs nothing here. Counting is in the database, so several
server processes share the counters, in a fixed window of ``ACCORD_POINTER_WINDOW_S``:

- **Budgets** (:func:`charge`): one statement adds the call's queries to the user's and the
  agency's counter and returns both; over ``ACCORD_POINTER_BUDGET_USER`` or
  ``…_AGENCY`` the call is refused with 429 and ``Retry-After`` (the end of the window), its
  transaction rolls back (a refused call spends nothing) and :func:`refusals_audited`
  writes the refusal to the audit trail in a transaction of its own.
- **Sweeps** (:func:`sweep_check`): each query's name (a keyed key of its normalised words)
  and the query itself (a keyed fingerprint) are remembered per user and window. Once a user
  has sent more than ``ACCORD_PROBE_VARIANTS`` distinct queries for one name, pointer
  answers for that name are withheld from that user for the rest of the window (the many
  dates / many identifiers sweep that recovered a date of birth) and the owner of any
  holding that would have answered gets a probing notice (``accord.services.probing``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from accord.core.clock import utcnow
from accord.core.errors import TooManyRequests
from accord.core.settings import Settings
from accord.matching import Record
from accord.model import AuditAction, Principal
from accord.services.audit import record
from accord.store.db import Database
from accord.store.tables import ProbeVariant, QueryCounter

__all__ = [
    "BudgetSpent",
    "GuardLimits",
    "charge",
    "name_key",
    "refusals_audited",
    "sweep_check",
    "upsert",
    "window_of",
]

_COUNTERS: Table = QueryCounter.__table__  # type: ignore[assignment]
_VARIANTS: Table = ProbeVariant.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class GuardLimits:
    window_s: int
    budget_user: int
    budget_agency: int
    variants: int
    notice_answers: int

    @classmethod
    def from_settings(cls, settings: Settings) -> GuardLimits:
        return cls(settings.pointer_window_s, settings.pointer_budget_user,
                   settings.pointer_budget_agency, settings.probe_variants,
                   settings.probe_notice_answers)

    def window(self, now: datetime | None = None) -> int:
        return window_of(now or utcnow(), self.window_s)

    def retry_after(self, now: datetime | None = None) -> int:
        """Seconds until the current window ends."""
        moment = (now or utcnow()).timestamp()
        return int((window_of_ts(moment, self.window_s) + 1) * self.window_s - moment) + 1


def window_of_ts(timestamp: float, window_s: int) -> int:
    return int(timestamp // window_s)


def window_of(moment: datetime, window_s: int) -> int:
    return window_of_ts(moment.timestamp(), window_s)


class BudgetSpent(TooManyRequests):
    """A query budget is spent: 429 with ``Retry-After``; carries what the audit needs."""

    code = "query_budget_spent"

    def __init__(self, message: str, *, retry_after: int, principal: Principal,
                 audit: dict[str, Any]) -> None:
        super().__init__(message, retry_after=retry_after,
                         details=[{"field": "queries", "message": audit["budget"]}])
        self.principal = principal
        self.audit = audit


def _insert(connection: Connection, table: Table) -> Any:
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def upsert(connection: Connection, table: Table, rows: list[dict[str, Any]], *,
           keys: tuple[str, ...], add: str | None = None, replace: tuple[str, ...] = ()
           ) -> list[Any]:
    """Insert ``rows``; on a key conflict add ``add`` to the stored value (returned, with
    the keys) or overwrite the ``replace`` columns, or else keep the stored row."""
    statement: Insert = _insert(connection, table).values(rows)
    excluded = statement.excluded  # type: ignore[attr-defined]
    if add is not None:
        statement = statement.on_conflict_do_update(  # type: ignore[attr-defined]
            index_elements=list(keys), set_={add: table.c[add] + excluded[add]})
        statement = statement.returning(*(table.c[k] for k in keys), table.c[add])
        return list(connection.execute(statement).all())
    if replace:
        statement = statement.on_conflict_do_update(  # type: ignore[attr-defined]
            index_elements=list(keys), set_={c: excluded[c] for c in replace})
    else:
        statement = statement.on_conflict_do_nothing(  # type: ignore[attr-defined]
            index_elements=list(keys))
    connection.execute(statement)
    return []


@dataclass
class Charge:
    """What one call spent: the window and the counters after it."""

    window: int
    used: dict[str, int] = field(default_factory=dict)


def charge(connection: Connection, principal: Principal, limits: GuardLimits, queries: int,
           *, dataset: str) -> Charge:
    """Add ``queries`` to the user's and the agency's budget; raise ``BudgetSpent`` when over."""
    now = utcnow()
    window = limits.window(now)
    rows = [{"kind": "user", "key": str(principal.user_id), "period": window, "used": queries},
            {"kind": "agency", "key": principal.agency_id, "period": window, "used": queries}]
    found = upsert(connection, _COUNTERS, rows, keys=("kind", "key", "period"), add="used")
    spent = Charge(window, {kind: used for kind, _key, _window, used in found})
    for kind, budget in (("user", limits.budget_user), ("agency", limits.budget_agency)):
        if spent.used[kind] > budget:
            whose = "your" if kind == "user" else "your agency's"
            raise BudgetSpent(
                f"{whose} query budget against other agencies' pointer holdings is spent "
                f"({budget} queries per {limits.window_s} s); try again later",
                retry_after=limits.retry_after(now), principal=principal,
                audit={"refused": "query_budget", "budget": f"{kind} budget spent",
                       "limit": budget, "window_s": limits.window_s, "queries": queries,
                       "dataset": dataset})
    return spent


@contextmanager
def refusals_audited(db: Database) -> Iterator[None]:
    """Write a SCREEN event for a call refused by its budget (its own transaction rolled
    back), then let the 429 go on to the caller."""
    try:
        yield
    except BudgetSpent as spent:
        with db.transaction() as tx:
            record(tx, spent.principal, AuditAction.SCREEN, object_type="screening",
                   object_id=str(spent.audit["dataset"]), detail=spent.audit)
        raise


def _keyed(secret: str, context: str, text: str) -> str:
    message = f"{context}\x1f{text}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:24]


def name_key(secret: str, query: Record) -> str:
    """The keyed key of a query's name: its normalised words, in any order or script."""
    words = sorted({word for name in query.names for word in name.words})
    return _keyed(secret, "probe-name", " ".join(words))


def sweep_check(connection: Connection, principal: Principal, limits: GuardLimits, *,
                window: int, queries: Mapping[str, tuple[str, str]]) -> dict[str, int]:
    """Remember each query's (name key, variant); answer, per query key, how many distinct
    variants of its name the user has sent this window (counting the queries before it in
    this call). A query whose count is over ``limits.variants`` gets no pointer answer."""
    names = sorted({name for name, _variant in queries.values()})
    stored = connection.execute(
        select(_VARIANTS.c.name_key, _VARIANTS.c.variant).where(
            _VARIANTS.c.user_id == principal.user_id, _VARIANTS.c.period == window,
            _VARIANTS.c.name_key.in_(names)))
    seen: dict[str, set[str]] = {}
    for name, variant in stored:
        seen.setdefault(name, set()).add(variant)
    counts: dict[str, int] = {}
    new: list[dict[str, Any]] = []
    for key, (name, variant) in queries.items():
        variants = seen.setdefault(name, set())
        if variant not in variants:
            variants.add(variant)
            new.append({"user_id": principal.user_id, "period": window, "name_key": name,
                        "variant": variant})
        counts[key] = len(variants)
    if new:
        upsert(connection, _VARIANTS, new, keys=("user_id", "period", "name_key", "variant"))
    return counts
