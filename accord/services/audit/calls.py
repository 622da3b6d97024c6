"""The audit and retention use cases that the API, the pages and the CLI call, each in its
own transaction: the events in an auditor's scope, their export, verifying the chain, and
reviewing and erasing what is past its review date."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from accord.core.settings import Settings
from accord.model import Principal
from accord.services.audit import retention
from accord.services.audit.anchor import anchor_path
from accord.services.audit.retention import DueEntity
from accord.services.audit.trail import AuditFilter, iter_events, query_events
from accord.services.audit.verify import VerifyResult, verify
from accord.store.db import Database

__all__ = [
    "erase_all_due",
    "erase_chosen",
    "list_events",
    "review_due",
    "stream_events",
    "verify_chain",
]


def list_events(db: Database, principal: Principal, filters: AuditFilter) -> list[dict[str, Any]]:
    """The newest events in the auditor's scope that match ``filters``."""
    with db.read() as tx:
        return query_events(tx, principal, filters)


def stream_events(db: Database, principal: Principal | None, *,
                  since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """The events in the caller's scope (None: the whole trail) in order, read as they go."""
    with db.read() as tx:
        yield from iter_events(tx, principal, since=since)


def verify_chain(db: Database, settings: Settings, *, anchors: Sequence[str] = (),
                 anchor_file: Path | None = None) -> VerifyResult:
    """Walk the whole chain and check the anchor file (default: the configured one) and the
    head hashes in ``anchors``."""
    with db.read() as tx:
        return verify(tx, anchors=anchors, anchor_file=anchor_file or anchor_path(settings))


def review_due(db: Database, principal: Principal | None) -> list[DueEntity]:
    """What is past its review date in the caller's scope (None: every agency); audited."""
    with db.transaction() as tx:
        return retention.review_due(tx, principal)


def erase_chosen(db: Database, principal: Principal,
                 refs: Sequence[tuple[str, str]]) -> list[DueEntity]:
    """Erase the chosen due entities (holding id, entity id), all or nothing; audited."""
    with db.transaction() as tx:
        return retention.erase_selected(tx, principal, refs)


def erase_all_due(db: Database, principal: Principal | None, *,
                  dry_run: bool = False) -> list[DueEntity]:
    """Erase every due entity in the caller's scope (or list them: ``dry_run``); audited."""
    with db.transaction() as tx:
        return retention.erase_due(tx, principal, dry_run=dry_run)
