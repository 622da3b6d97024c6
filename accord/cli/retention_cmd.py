"""``accord retention due`` and ``accord retention run [--dry-run] [--as USER]``."""

from __future__ import annotations

import json

import typer

from accord.cli.base import acting_principal, database, retention_app
from accord.model import Principal
from accord.services.audit import calls as audit_calls
from accord.services.audit.retention import DueEntity
from accord.store.db import Database

__all__ = ["register"]

_AS = typer.Option(
    None, "--as", help="Act as this supervisor (their agency only); default: every agency."
)


def _principal(db: Database, username: str | None) -> Principal | None:
    """The supervisor named by ``--as`` (an active user), or None: every agency."""
    return None if username is None else acting_principal(db, username)


def _print(items: list[DueEntity], as_json: bool, verb: str) -> None:
    if as_json:
        typer.echo(json.dumps({verb: [item.to_dict() for item in items]}))
        return
    for item in items:
        typer.echo(
            f"{item.review_date.isoformat()}  {item.agency_id}  {item.holding_id}/{item.entity_id}"
            f"  {item.schema}  {item.subject_category}"
        )
    typer.echo(f"{len(items)} entities {verb}")


def due_command(
    as_user: str | None = _AS,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """List the entities whose review date has passed."""
    with database() as db:
        items = audit_calls.review_due(db, _principal(db, as_user))
    _print(items, as_json, "due")


def run_command(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="List what would be erased; erase nothing."
    ),
    as_user: str | None = _AS,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Erase every entity past its review date, with all derived data; each erasure is audited."""
    with database() as db:
        items = audit_calls.erase_all_due(db, _principal(db, as_user), dry_run=dry_run)
    _print(items, as_json, "due (dry run, nothing erased)" if dry_run else "erased")


def register(_app: typer.Typer) -> None:
    retention_app.command("due")(due_command)
    retention_app.command("run")(run_command)
