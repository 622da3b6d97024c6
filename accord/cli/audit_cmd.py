"""``accord audit verify|export|anchor|grants``: the operator's view of the whole trail."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from accord.cli.base import audit_app, database, settings
from accord.core.errors import InvalidInput
from accord.services.audit import calls as audit_calls
from accord.services.audit.anchor import anchor_path, attach_anchoring
from accord.store.db import Database
from accord.store.roles import app_role_statements, apply_app_role

__all__ = ["register"]


def verify_command(
    anchor: Annotated[
        list[str] | None,
        typer.Option(
            "--anchor", help="A head hash noted earlier; fail unless the chain still contains it."
        ),
    ] = None,
    anchor_file: Annotated[
        Path | None,
        typer.Option(
            "--anchor-file",
            help="The anchor file to check (default: ACCORD_AUDIT_ANCHOR_FILE or its default).",
        ),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON object."),
) -> None:
    """Check every event's hash and link, and the anchor file; exit 1 naming what broke."""
    config = settings()
    with database(config) as db:
        result = audit_calls.verify_chain(db, config, anchors=anchor or [],
                                          anchor_file=anchor_file)
    if as_json:
        typer.echo(json.dumps(result.to_dict()))
    else:
        typer.echo(result.summary())
        if result.anchors_checked:
            typer.echo(f"  {result.anchors_checked} anchors checked in {result.anchor_file}")
        for problem in result.problems:
            typer.echo(f"  {problem.kind}: {problem.message}", err=True)
        for warning in result.warnings:
            typer.echo(f"  warning: {warning}", err=True)
    if not result.ok:
        raise typer.Exit(code=1)


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"--since '{value}' is not an ISO date or time (e.g. 2025-01-31 or 2025-01-31T08:00)",
            details=[{"field": "since", "message": "not an ISO date or time"}],
        ) from None


def export_command(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write here instead of standard output.")
    ] = None,
    since: str | None = typer.Option(None, "--since", help="Only events from this ISO date/time."),
) -> None:
    """Write the audit trail as JSON lines, each event with its prev_hash and hash."""
    start = _since(since)
    with database() as db:
        if out is None:
            count = _write(audit_calls.stream_events(db, None, since=start), sys.stdout)
        else:
            with out.open("w", encoding="utf-8") as stream:
                count = _write(audit_calls.stream_events(db, None, since=start), stream)
    if out is not None:
        typer.echo(f"{count} events written to {out}")


def _write(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    count = 0
    for event in events:
        stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        count += 1
    return count


def anchor_command() -> None:
    """Append the chain's head to the anchor file (and POST it to the webhook) now."""
    config = settings()
    db = Database(config.database_url)
    anchorer = attach_anchoring(db, config)
    try:
        anchor = anchorer.anchor_now()
    finally:
        db.dispose()
    path = anchor_path(config)
    if anchor is None:
        typer.echo(f"head already anchored in {path} (or the trail is empty)")
    else:
        typer.echo(f"anchored seq {anchor.seq} hash {anchor.hash} in {path}")


def grants_command(
    role: str = typer.Argument(..., help="The PostgreSQL role the application connects as."),
    apply: bool = typer.Option(False, "--apply", help="Run the statements (as the owner)."),
) -> None:
    """PostgreSQL: let the application's role only INSERT and SELECT audit events."""
    if not apply:
        for statement in app_role_statements(role):
            typer.echo(f"{statement};")
        return
    with database() as db, db.engine.begin() as connection:
        statements = apply_app_role(connection, role)
    typer.echo(f"{len(statements)} statements applied for role {role}")


def register(_app: typer.Typer) -> None:
    audit_app.command("verify")(verify_command)
    audit_app.command("export")(export_command)
    audit_app.command("anchor")(anchor_command)
    audit_app.command("grants")(grants_command)
