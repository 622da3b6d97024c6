"""``accord user add|disable|list`` and ``accord user token create|revoke|list``.

The command line is the hub operator's tool: it acts on every agency and is audited as
actor ``cli``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from accord.cli.base import settings, token_app, user_app
from accord.services.identity import users
from accord.services.runtime import Runtime

__all__ = ["register"]


@contextmanager
def _runtime() -> Iterator[Runtime]:
    runtime = Runtime.from_settings(settings())
    try:
        yield runtime
    finally:
        runtime.close()


def _when(moment: object) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if hasattr(moment, "strftime") else "-"


def add(
    username: str = typer.Argument(..., help="The new user's name (a-z, 0-9, '.', '_', '-')."),
    agency: str = typer.Option(..., "--agency", help="The agency id the user belongs to."),
    role: str = typer.Option(..., "--role", help="analyst, supervisor, auditor or admin."),
    display_name: str = typer.Option("", "--name", help="Full name shown in the UI."),
    password: str = typer.Option(
        ...,
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="ACCORD_NEW_USER_PASSWORD",
        help="Initial password (at least 10 characters); prompted for when not given.",
    ),
) -> None:
    """Add a user to an agency."""
    with _runtime() as runtime:
        user = users.add_user(
            runtime.db,
            None,
            username=username,
            password=password,
            role=role,
            agency_id=agency,
            display_name=display_name,
        )
    typer.echo(f"added {user.username} ({user.role}) to {user.agency_id}")


def disable(username: str = typer.Argument(..., help="The user to disable.")) -> None:
    """Disable a user: their sessions end and their API tokens stop working."""
    with _runtime() as runtime:
        user = users.disable_user(runtime.db, None, username)
    typer.echo(f"disabled {user.username}")


def list_users(
    agency: str | None = typer.Option(None, "--agency", help="Only this agency's users."),
) -> None:
    """List users (username, role, agency, state)."""
    with _runtime() as runtime:
        found = users.list_users(runtime.db, None, agency)
    for user in found:
        state = "active" if user.is_active else "disabled"
        typer.echo(f"{user.username}\t{user.role}\t{user.agency_id}\t{state}")


def token_create(
    username: str = typer.Argument(..., help="The user the token acts for."),
    name: str = typer.Option("", "--name", help="What the token is for."),
    days: int | None = typer.Option(
        None, "--days", min=1, max=3650, help="Lifetime in days (default ACCORD_TOKEN_DAYS)."
    ),
) -> None:
    """Create an API token and print it once (only its hash is stored)."""
    with _runtime() as runtime:
        issued = users.issue_token(
            runtime.db, None, username, name=name, days=days or runtime.settings.token_days
        )
    typer.echo(
        f"token {issued.token.id} for {username}, expires {_when(issued.token.expires_at)} UTC",
        err=True,
    )
    typer.echo(issued.raw)


def token_revoke(token_id: int = typer.Argument(..., min=1, help="The token's id.")) -> None:
    """Revoke an API token at once."""
    with _runtime() as runtime:
        token = users.revoke_token(runtime.db, None, token_id)
    typer.echo(f"revoked token {token.id} of {token.username}")


def token_list(
    username: str | None = typer.Option(None, "--user", help="Only this user's tokens."),
) -> None:
    """List API tokens (id, prefix, user, agency, state, expiry) — never their values."""
    with _runtime() as runtime:
        found = users.list_tokens(runtime.db, None, username=username)
    for token in found:
        typer.echo(
            f"{token.id}\tacc_{token.prefix}_…\t{token.username}\t{token.agency_id}\t"
            f"{token.state}\t{_when(token.expires_at)}\t{token.name}"
        )


def register(app: typer.Typer) -> None:
    user_app.command("add")(add)
    user_app.command("disable")(disable)
    user_app.command("list")(list_users)
    token_app.command("create")(token_create)
    token_app.command("revoke")(token_revoke)
    token_app.command("list")(token_list)
