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
  holding that would have answered gets a probing notice (``accord.services.screening.probing``).

Counters and remembered queries of past windows are deleted each time an agency's counter
passes a multiple of 1,000 queries (no scheduler needed; notices are kept).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from accord.core.clock import utcnow
from accord.core.errors import TooManyRequests
from accord.core.settings import Settings
from accord.matching import Record
from accord.model import AuditAction, Principal
from accord.services.audit.trail import record
from accord.store.db import Database
from accord.store.tables import ProbeVariant

__all__ = [
    "COUNT",
    "BudgetSpent",
    "GuardLimits",
    "charge",
    "name_key",
    "refusals_audited",
    "sweep_check",
    "window_of",
]



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


# Prebuilt statements (the same SQL on SQLite and PostgreSQL: both have ON CONFLICT and
# RETURNING): a statement built per call costs SQLAlchemy more to compile than it takes to run.
_CHARGE = text(
    "INSERT INTO query_counters (kind, key, period, used) VALUES "
    "('user', :user, :period, :n), ('agency', :agency, :period, :n) "
    "ON CONFLICT (kind, key, period) DO UPDATE SET used = query_counters.used + excluded.used "
    "RETURNING kind, used")
COUNT = text(
    "INSERT INTO query_counters (kind, key, period, used) VALUES (:kind, :key, :period, :n) "
    "ON CONFLICT (kind, key, period) DO UPDATE SET used = query_counters.used + excluded.used "
    "RETURNING used")
_REMEMBER = text(
    "INSERT INTO probe_variants (user_id, period, name_key, variant) "
    "VALUES (:user_id, :period, :name_key, :variant) ON CONFLICT DO NOTHING")
_PRUNE = (text("DELETE FROM probe_variants WHERE period < :period"),
          text("DELETE FROM query_counters WHERE period < :period"))
_PRUNE_EVERY = 1000  # queries of one agency between two prunes
_SEEN = select(ProbeVariant.name_key, ProbeVariant.variant).where(
    ProbeVariant.user_id == bindparam("user_id"), ProbeVariant.period == bindparam("period"),
    ProbeVariant.name_key.in_(bindparam("names", expanding=True)))


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
    found = connection.execute(_CHARGE, {"user": str(principal.user_id),
                                         "agency": principal.agency_id, "period": window,
                                         "n": queries})
    spent = Charge(window, {str(kind): int(used) for kind, used in found})
    if spent.used["agency"] // _PRUNE_EVERY != (spent.used["agency"] - queries) // _PRUNE_EVERY:
        for statement in _PRUNE:  # past windows: their counts and keyed queries are no use
            connection.execute(statement, {"period": window})
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
    stored = connection.execute(_SEEN, {"user_id": principal.user_id, "period": window,
                                        "names": names})
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
        connection.execute(_REMEMBER, new)
    return counts
