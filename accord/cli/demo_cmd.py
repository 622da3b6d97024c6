"""``accord demo load`` and ``accord demo banner``."""

from __future__ import annotations

import typer

from accord.cli.base import demo_app, settings
from accord.core.errors import BadRequest
from accord.demo.load import load_demo
from accord.demo.scenario import DEMO_PASSWORD, build_scenario
from accord.services.runtime import Runtime
from accord.store.migrate import current_revision

__all__ = ["banner_text", "register"]


def load() -> None:
    """Load the demo scenario (agencies, users, holdings, synthetic subjects). Safe to repeat."""
    runtime = Runtime.from_settings(settings())
    try:
        if current_revision(runtime.db) is None:
            raise BadRequest("the database is not initialised: run 'accord init' first")
        result = load_demo(runtime)
    finally:
        runtime.close()
    made = ", ".join(f"{count} {name}" for name, count in result.created.items())
    kept = ", ".join(f"{count} {name}" for name, count in result.existing.items())
    typer.echo(f"demo loaded: created {made}; already there {kept}")
    typer.echo(f"entities: {result.entities_inserted} inserted, {result.entities_replaced} updated")


def banner_text(base_url: str) -> str:
    """Where to sign in and the demo credentials, as plain text."""
    scenario = build_scenario()
    names = {agency.id: agency for agency in scenario.agencies}
    width = max(len(user.username) for user in scenario.users)
    lines = [
        "Accord demo",
        "",
        f"  Sign in at  {base_url}/login",
        f"  Password    {DEMO_PASSWORD}   (the same for every demo user)",
        "",
        f"  {'username'.ljust(width)}  {'role'.ljust(10)}  agency",
        f"  {'-' * width}  {'-' * 10}  {'-' * 40}",
    ]
    for user in scenario.users:
        agency = names[user.agency_id]
        lines.append(
            f"  {user.username.ljust(width)}  {user.role.value.ljust(10)}  "
            f"{agency.name} ({agency.country})"
        )
    lines += [
        "",
        "  Analysts and supervisors see their agency's holdings; auditors the audit trail;",
        "  admins the users and API tokens of their agency.",
        f"  Try {scenario.users[0].username} / {DEMO_PASSWORD} at {base_url}/login",
    ]
    return "\n".join(lines)


def banner() -> None:
    """Print where to sign in and the demo credentials."""
    config = settings()
    host = "127.0.0.1" if config.host in {"0.0.0.0", "::"} else config.host
    typer.echo(banner_text(f"http://{host}:{config.port}"))


def register(app: typer.Typer) -> None:
    demo_app.command("load")(load)
    demo_app.command("banner")(banner)
