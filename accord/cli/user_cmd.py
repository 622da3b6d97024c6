"""``accord user add|disable|list|requests|approve|reject`` and ``accord user token …``.

The command line is the hub operator's tool: it acts on every agency and is audited as
actor ``cli``, with the operating-system account as the real actor (``cli:<os user>``).
Supervisor, auditor and admin accounts wait for a second person's approval, as in the web
UI; ``approve``/``reject`` act ``--as`` a supervisor or admin of the agency, and the same
operator cannot approve a request they made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from accord.cli.base import AS_OPTION, acting_principal, settings, token_app, user_app
from accord.services.identity import accounts, users
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
    """Add a user to an agency (supervisor, auditor, admin: a request to approve).

    An agency with no active supervisor or admin yet gets its first one directly (bootstrap).
    """
    with _runtime() as runtime:
        outcome = accounts.add_account(
            runtime.db,
            None,
            username=username,
            password=password,
            role=role,
            agency_id=agency,
            display_name=display_name,
            approve_all=runtime.settings.approve_all_accounts,
        )
    if isinstance(outcome, accounts.RequestView):
        typer.echo(
            f"request {outcome.id}: {outcome.username} ({outcome.role}) for {outcome.agency_id} "
            "waits for approval by a supervisor or admin of the agency"
        )
        return
    typer.echo(f"added {outcome.username} ({outcome.role}) to {outcome.agency_id}")


def requests(
    all_states: bool = typer.Option(False, "--all", help="Decided requests too."),
) -> None:
    """List account requests (id, username, role, agency, state, asked by)."""
    with _runtime() as runtime:
        found = accounts.list_requests(runtime.db, None, pending_only=not all_states)
    for req in found:
        typer.echo(
            f"{req.id}\t{req.username}\t{req.role}\t{req.agency_id}\t{req.state}\t"
            f"{req.requested_by} ({req.requested_by_real})"
        )


def _decide(request_id: int, as_user: str, *, approve: bool) -> None:
    with _runtime() as runtime:
        principal = acting_principal(runtime.db, as_user)
        outcome = accounts.decide(runtime.db, principal, request_id, approve=approve)
    if isinstance(outcome, users.UserView):
        typer.echo(f"approved: added {outcome.username} ({outcome.role}) to {outcome.agency_id}")
    else:
        typer.echo(f"rejected request {outcome.id} ({outcome.username})")


def approve(
    request_id: int = typer.Argument(..., min=1, help="The request's id."),
    as_user: str = AS_OPTION,
) -> None:
    """Approve an account request, as a supervisor or admin of its agency (not the asker)."""
    _decide(request_id, as_user, approve=True)


def reject(
    request_id: int = typer.Argument(..., min=1, help="The request's id."),
    as_user: str = AS_OPTION,
) -> None:
    """Reject an account request, as a supervisor or admin of its agency."""
    _decide(request_id, as_user, approve=False)


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
    """Create an API token and print it once (only its hash is stored).

    The value is shown to whoever runs this; the audit event names that account. Users make
    their own tokens at /tokens in the browser, where only they see the value.
    """
    with _runtime() as runtime:
        issued = users.issue_token(
            runtime.db, username, name=name, days=days or runtime.settings.token_days
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
    user_app.command("requests")(requests)
    user_app.command("approve")(approve)
    user_app.command("reject")(reject)
    token_app.command("create")(token_create)
    token_app.command("revoke")(token_revoke)
    token_app.command("list")(token_list)
