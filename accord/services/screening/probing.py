"""Probing notices: the owner of a pointer holding is told when one caller probes it.

Two kinds, each raised at most once per (holding, caller, window, subject) and kept up to
date (``count``) while the probing goes on:

- ``volume`` — one user received more than ``ACCORD_PROBE_NOTICE_ANSWERS`` pointer answers
  (given or withheld) from the holding in one window;
- ``sweep`` — one user sent more than ``ACCORD_PROBE_VARIANTS`` distinct queries for one
  name (other dates of birth, identifiers, …) and the holding would have answered one of
  those withheld; ``subject`` is the keyed name key (no name in clear).

Supervisors and auditors of the owning agency read them (``GET /api/probing/notices`` and
the ``/probing`` page); each reading is audited.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, DateTime, bindparam, select, text
from sqlalchemy.orm import Session

from accord.core.clock import utcnow
from accord.core.errors import Forbidden
from accord.model import AuditAction, Principal, Role
from accord.services.audit.trail import record
from accord.services.screening.guard import COUNT, GuardLimits, charge, sweep_check
from accord.store.tables import ProbingNotice

__all__ = [
    "NOTICE_READERS",
    "GuardOutcome",
    "HoldingAnswers",
    "guard_pointers",
    "list_notices",
    "raise_notices",
]

NOTICE_READERS = (Role.SUPERVISOR, Role.AUDITOR)
_NOTICE = text(
    "INSERT INTO probing_notices (at, owner_agency_id, holding_id, caller_agency_id, "
    "caller_user_id, caller, kind, period, subject, count, detail) VALUES (:at, "
    ":owner_agency_id, :holding_id, :caller_agency_id, :caller_user_id, :caller, :kind, "
    ":period, :subject, :count, :detail) "
    "ON CONFLICT (holding_id, caller_user_id, kind, period, subject) "
    "DO UPDATE SET count = excluded.count, at = excluded.at"
).bindparams(bindparam("at", type_=DateTime(timezone=True)))


@dataclass
class HoldingAnswers:
    """What one call gave (or withheld) one caller from one other agency's holding."""

    owner_agency_id: str
    answers: int = 0  # queries answered (or withheld) with a pointer of the holding
    sweeps: dict[str, int] = field(default_factory=dict)  # withheld: name key -> variants


def raise_notices(connection: Connection, principal: Principal, limits: GuardLimits, *,
                  window: int, holdings: Mapping[str, HoldingAnswers]) -> list[str]:
    """Count the answers per (user, holding) and write the notices this call crosses into.
    Returns ``holding:kind`` of each notice written or brought up to date (for the audit)."""
    if not holdings:
        return []
    totals = {holding_id: int(connection.execute(COUNT, {
        "kind": "answers", "key": f"{principal.user_id}\x1f{holding_id}", "period": window,
        "n": seen.answers}).scalar_one()) for holding_id, seen in sorted(holdings.items())}
    notices: list[dict[str, Any]] = []
    base = {"at": utcnow(), "caller_agency_id": principal.agency_id,
            "caller_user_id": principal.user_id, "caller": principal.username,
            "period": window, "detail": json.dumps({"window_s": limits.window_s})}
    for holding_id, seen in sorted(holdings.items()):
        where = base | {"owner_agency_id": seen.owner_agency_id, "holding_id": holding_id}
        if totals[holding_id] > limits.notice_answers:
            notices.append(where | {"kind": "volume", "subject": "",
                                    "count": totals[holding_id]})
        for name, variants in sorted(seen.sweeps.items()):
            notices.append(where | {"kind": "sweep", "subject": name, "count": variants})
    if notices:
        connection.execute(_NOTICE, notices)
    return [f"{n['holding_id']}:{n['kind']}" for n in notices]


@dataclass
class GuardOutcome:
    """What the guard decided for one call (empty when it reached no pointer holding)."""

    withheld: set[str] = field(default_factory=set)  # query keys without pointer answers
    withheld_from: dict[str, int] = field(default_factory=dict)  # holding -> queries
    used: dict[str, int] = field(default_factory=dict)  # budget counters after the call
    notices: list[str] = field(default_factory=list)

    def audit(self) -> dict[str, Any]:
        if not self.used:
            return {}
        return {"budget_used": self.used, "withheld": len(self.withheld),
                "notices": self.notices}


def guard_pointers(connection: Connection, principal: Principal, limits: GuardLimits, *,
                   dataset: str, touches: bool, queries: Mapping[str, tuple[str, str]],
                   pointers: Mapping[str, list[tuple[str, str]]]) -> GuardOutcome:
    """Charge the call's queries to the budgets (``BudgetSpent`` when over), withhold the
    pointer answers of swept names, and raise the owners' notices.

    ``queries``: query key -> (name key, variant); ``pointers``: query key -> the
    (holding, owner agency) of each pointer hit it would be answered.
    """
    if not touches:
        return GuardOutcome()
    spent = charge(connection, principal, limits, len(queries), dataset=dataset)
    counts = sweep_check(connection, principal, limits, window=spent.window, queries=queries)
    outcome = GuardOutcome(used=spent.used)
    outcome.withheld = {key for key, count in counts.items() if count > limits.variants}
    seen: dict[str, HoldingAnswers] = {}
    for key, hits in pointers.items():
        for holding_id, owner in sorted(set(hits)):
            answers = seen.setdefault(holding_id, HoldingAnswers(owner))
            answers.answers += 1
            if key in outcome.withheld:
                name = queries[key][0]
                answers.sweeps[name] = max(answers.sweeps.get(name, 0), counts[key])
                outcome.withheld_from[holding_id] = outcome.withheld_from.get(holding_id, 0) + 1
    outcome.notices = raise_notices(connection, principal, limits, window=spent.window,
                                    holdings=seen)
    return outcome


def _iso(moment: datetime) -> str:
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.isoformat(timespec="seconds")


def list_notices(tx: Session, principal: Principal, *, limit: int = 200) -> list[dict[str, Any]]:
    """The newest notices about the principal's agency's holdings; the reading is audited."""
    if not principal.has_role(*NOTICE_READERS):
        raise Forbidden("only supervisors and auditors read probing notices")
    found = tx.execute(
        select(ProbingNotice).where(ProbingNotice.owner_agency_id == principal.agency_id)
        .order_by(ProbingNotice.at.desc(), ProbingNotice.id.desc()).limit(limit)
    ).scalars().all()
    notices = [{"id": n.id, "at": _iso(n.at), "holding_id": n.holding_id, "kind": n.kind,
                "caller_agency_id": n.caller_agency_id, "caller": n.caller, "count": n.count,
                "subject": n.subject, "window_s": json.loads(n.detail).get("window_s")}
               for n in found]
    record(tx, principal, AuditAction.CONSULT, object_type="probing_notices",
           object_id=principal.agency_id, object_agency_id=principal.agency_id,
           detail={"notices": len(notices)})
    return notices
