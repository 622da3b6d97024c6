"""One audited screening call and its transaction: what ``/match``, ``/reconcile`` and the
screening page call, against the runtime's own index."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from accord.model import Principal
from accord.services.runtime import Runtime
from accord.services.screening.screen import ScreenOutcome, resolve_scope, screen

__all__ = ["check_scope", "run_screen", "screen_in"]


def check_scope(runtime: Runtime, principal: Principal, dataset: str) -> None:
    """Refuse, as a screening call would, unless the caller may query ``dataset``."""
    with runtime.db.read() as tx:
        resolve_scope(tx, principal, dataset)


def run_screen(runtime: Runtime, principal: Principal, queries: Any, *, dataset: str, limit: int,
               threshold: float | None, justification: str | None, via: str) -> ScreenOutcome:
    """One audited screening call in its own transaction."""
    with runtime.db.transaction() as tx:
        return screen_in(tx, runtime, principal, queries, dataset=dataset, limit=limit,
                         threshold=threshold, justification=justification, via=via)


def screen_in(tx: Session, runtime: Runtime, principal: Principal, queries: Any, *,
              dataset: str, limit: int, threshold: float | None, justification: str | None,
              via: str) -> ScreenOutcome:
    """The same call inside the caller's transaction (``/match`` authenticates in it first)."""
    return screen(
        tx, runtime.screening, principal, queries, dataset=dataset, limit=limit,
        threshold=threshold, justification=justification,
        secret=runtime.settings.secret_key.get_secret_value(), via=via,
    )
