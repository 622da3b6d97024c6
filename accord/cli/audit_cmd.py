"""``accord audit verify`` and ``accord audit export``: the operator's view of the whole trail."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from accord.cli.base import audit_app, open_database
from accord.core.errors import InvalidInput
from accord.services.audit.trail import iter_events
from accord.services.audit.verify import verify

__all__ = ["register"]


def verify_command(
    anchor: Annotated[
        list[str] | None,
        typer.Option(
            "--anchor", help="A head hash noted earlier; fail unless the chain still contains it."
        ),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON object."),
) -> None:
    """Check every event's hash and link; exit 1 naming the first broken events."""
    db = open_database()
    try:
        with db.read() as tx:
            result = verify(tx, anchors=anchor or [])
    finally:
        db.dispose()
    if as_json:
        typer.echo(json.dumps(result.to_dict()))
    else:
        typer.echo(result.summary())
        for problem in result.problems:
            typer.echo(f"  {problem.kind}: {problem.message}", err=True)
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
    db = open_database()
    try:
        with db.read() as tx:
            if out is None:
                count = _write(iter_events(tx, None, since=start), sys.stdout)
            else:
                with out.open("w", encoding="utf-8") as stream:
                    count = _write(iter_events(tx, None, since=start), stream)
    finally:
        db.dispose()
    if out is not None:
        typer.echo(f"{count} events written to {out}")


def _write(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    count = 0
    for event in events:
        stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        count += 1
    return count


def register(_app: typer.Typer) -> None:
    audit_app.command("verify")(verify_command)
    audit_app.command("export")(export_command)
