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


# Three users to try first: an analyst who screens, a supervisor of another country, an auditor.
TRY_FIRST = ("al-asp-ctu.analyst", "rs-police-ct.supervisor", "al-asp-ctu.auditor")


def _user_line(username: str, role: str, agency: str, width: int) -> str:
    return f"  {username.ljust(width)}  {role.ljust(10)}  {agency}"


def banner_text(base_url: str, *, every_user: bool = False) -> str:
    """Where to sign in, three users to try (or every demo user) and the password."""
    scenario = build_scenario()
    names = {agency.id: agency for agency in scenario.agencies}
    shown = [u for u in scenario.users if every_user or u.username in TRY_FIRST]
    width = max(len(user.username) for user in shown)
    lines = [
        "",
        f"Accord demo: open {base_url}/",
        f"  password for every demo user: {DEMO_PASSWORD}",
        "",
    ]
    for user in shown:
        agency = names[user.agency_id]
        lines.append(_user_line(user.username, user.role.value, agency.name, width))
    if not every_user:
        lines += [
            "",
            f"  {len(scenario.users)} demo users in all (every agency x analyst, supervisor,"
            " auditor, admin):",
            "  .venv/bin/accord demo banner --all",
        ]
    return "\n".join(lines)


def banner(
    every_user: bool = typer.Option(False, "--all", help="List every demo user."),
) -> None:
    """Print where to sign in, three demo users to try and the password."""
    config = settings()
    host = "127.0.0.1" if config.host in {"0.0.0.0", "::"} else config.host
    typer.echo(banner_text(f"http://{host}:{config.port}", every_user=every_user))


def register(app: typer.Typer) -> None:
    demo_app.command("load")(load)
    demo_app.command("banner")(banner)
