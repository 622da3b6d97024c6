"""One audited screening call and its transaction: what ``/match``, ``/reconcile`` and the
screening page call against the runtime's own index, and ``accord screen`` against an index
of only the holdings in its scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accord.model import Principal
from accord.services.runtime import Runtime
from accord.services.screening.guard import refusals_audited
from accord.services.screening.index import IndexManager
from accord.services.screening.screen import ScreenOutcome, resolve_scope, screen

__all__ = ["check_scope", "run_screen", "screen_in", "screen_once"]


def check_scope(runtime: Runtime, principal: Principal, dataset: str) -> None:
    """Refuse, as a screening call would, unless the caller may query ``dataset``."""
    with runtime.db.read() as tx:
        resolve_scope(tx, principal, dataset)


def run_screen(runtime: Runtime, principal: Principal, queries: Any, *, dataset: str, limit: int,
               threshold: float | None, justification: str | None, via: str) -> ScreenOutcome:
    """One audited screening call in its own transaction (a refusal by budget audited too)."""
    with refusals_audited(runtime.db), runtime.db.transaction() as tx:
        return screen_in(tx, runtime, principal, queries, dataset=dataset, limit=limit,
                         threshold=threshold, justification=justification, via=via)


def screen_in(tx: Session, runtime: Runtime, principal: Principal, queries: Any, *,
              dataset: str, limit: int, threshold: float | None, justification: str | None,
              via: str, index: IndexManager | None = None) -> ScreenOutcome:
    """The same call inside the caller's transaction (``/match`` authenticates in it first)."""
    return screen(
        tx, index or runtime.screening, principal, queries, dataset=dataset, limit=limit,
        threshold=threshold, justification=justification, settings=runtime.settings,
        secret=runtime.require_secret(), via=via,
    )


def screen_once(runtime: Runtime, principal: Principal, queries: Any, *, dataset: str,
                limit: int, threshold: float | None, justification: str | None,
                via: str) -> ScreenOutcome:
    """One audited call for a process without a running index (a command): only the
    holdings in the caller's scope are loaded, then searched."""
    with runtime.db.read() as tx:
        scope = resolve_scope(tx, principal, dataset)
    index = IndexManager(runtime.db, holdings=scope.ids)
    index.load()
    with refusals_audited(runtime.db), runtime.db.transaction() as tx:
        return screen_in(tx, runtime, principal, queries, dataset=dataset, limit=limit,
                         threshold=threshold, justification=justification, via=via,
                         index=index)
