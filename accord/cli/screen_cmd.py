"""``accord screen "NAME"``: the screening service from the command line (audited)."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from accord.cli.base import AS_OPTION, acting_principal, settings
from accord.services.runtime import Runtime
from accord.services.screening.calls import screen_once
from accord.services.screening.screen import (
    DEFAULT_DATASET,
    EntityResult,
    PointerResult,
    ScreenOutcome,
    pointer_caption,
    result_dict,
)

__all__ = ["register", "render_table"]


def _explain(result: EntityResult) -> str:
    return "\n".join(f"{name} {f['score']:.2f}: {f['detail']}"
                     for name, f in result.explanations.items())


def render_table(outcome: ScreenOutcome, console: Console) -> None:
    """One ranked table per query: entity hits with per-feature reasons, pointers with whom
    to call."""
    holdings = outcome.holdings
    searched = ", ".join(holdings) if len(holdings) <= 3 else f"{len(holdings)} holdings"
    for key, answer in outcome.responses.items():
        title = f"{key}: {len(answer.results)} result(s) in {searched}"
        table = Table(title=title, show_lines=True)
        for column in ("#", "score", "name", "holding", "id", "why / whom to call"):
            table.add_column(column, overflow="fold")
        for rank, result in enumerate(answer.results, 1):
            if isinstance(result, PointerResult):
                contact = result.pointer["contact"]
                table.add_row(str(rank), result.band, pointer_caption(result),
                              result.dataset, result.reference,
                              f"{contact['name']} · {contact['phone']} · {contact['email']}")
            else:
                table.add_row(str(rank), f"{result.score:.3f}", result.caption, result.dataset,
                              result.id, _explain(result))
        console.print(table)


def screen_cmd(
    name: str = typer.Argument(..., metavar="NAME", help="The name to screen."),
    as_user: str = AS_OPTION,
    dob: str | None = typer.Option(None, "--dob", help="Date of birth, YYYY[-MM[-DD]]."),
    nationality: str | None = typer.Option(None, help="Nationality, ISO code (al, rs, mk…)."),
    id_number: str | None = typer.Option(None, "--id", help="Identity or passport number."),
    schema: str = typer.Option("Person", help="Person, Organization, Company, …"),
    dataset: str = typer.Option(DEFAULT_DATASET, help="A holding id, or 'default' for all."),
    justification: str | None = typer.Option(
        None, help="Why (required when other agencies' holdings are searched)."),
    limit: int = typer.Option(5, min=1, max=100, help="Results to show."),
    threshold: float | None = typer.Option(
        None, help="Score cut-off (default: the matcher's); pointers use the owner's."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Screen a name (and date of birth, nationality, id) against the holdings you may query."""
    runtime = Runtime.from_settings(settings())
    try:
        runtime.require_secret()  # fail before loading an index: no secret, no screening
        principal = acting_principal(runtime.db, as_user)
        props: dict[str, list[str]] = {"name": [name]}
        for key, value in (("birthDate", dob), ("nationality", nationality),
                           ("idNumber", id_number)):
            if value:
                props[key] = [value]
        outcome = screen_once(runtime, principal, {"q": {"schema": schema, "properties": props}},
                              dataset=dataset, limit=limit, threshold=threshold,
                              justification=justification, via="cli")
    finally:
        runtime.close()
    if as_json:
        data: dict[str, Any] = {"holdings": outcome.holdings,
                                "results": [result_dict(r) for r in outcome.responses["q"].results]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render_table(outcome, Console(width=160))


def register(app: typer.Typer) -> None:
    app.command("screen")(screen_cmd)
