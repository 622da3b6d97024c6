"""``accord user …`` and ``accord user token …`` through Typer's CliRunner (both databases)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.services.identity import users
from accord.services.identity.auth import principal_for_token
from accord.store.db import Database
from tests.factories import World


def test_user_add_list_disable(cli: CliRunner, world: World, db: Database) -> None:
    added = cli.invoke(
        app,
        ["user", "add", "a-duty", "--agency", "agency-a", "--role", "analyst", "--name", "Duty"],
        input="a-long-password\na-long-password\n",
    )
    assert added.exit_code == 0, added.output
    assert "added a-duty (analyst) to agency-a" in added.output
    listed = cli.invoke(app, ["user", "list", "--agency", "agency-a"])
    assert listed.exit_code == 0
    assert "a-duty\tanalyst\tagency-a\tactive" in listed.output
    assert "b-analyst" not in listed.output
    disabled = cli.invoke(app, ["user", "disable", "a-duty"])
    assert disabled.exit_code == 0 and "disabled a-duty" in disabled.output
    assert "a-duty\tanalyst\tagency-a\tdisabled" in cli.invoke(app, ["user", "list"]).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "agency-a", "--role", "boss", "--password", "long-enough-1"], "unknown role"),
        (["--agency", "agency-z", "--role", "analyst", "--password", "long-enough-1"], "no agency"),
        (["--agency", "agency-a", "--role", "analyst", "--password", "short"], "at least 10"),
    ],
)
def test_user_add_errors_are_one_line(
    cli: CliRunner, world: World, args: list[str], message: str
) -> None:
    result = cli.invoke(app, ["user", "add", "a-x", *args])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and message in result.output
    assert "Traceback" not in result.output


def test_existing_user_is_a_conflict(cli: CliRunner, world: World) -> None:
    result = cli.invoke(
        app,
        ["user", "add", "a-analyst", "--agency", "agency-a", "--role", "analyst"],
        env={"ACCORD_NEW_USER_PASSWORD": "long-enough-1"},
    )
    assert result.exit_code == 1 and "exists already" in result.output


def test_token_create_list_revoke(cli: CliRunner, world: World, db: Database) -> None:
    created = cli.invoke(
        app, ["user", "token", "create", "a-analyst", "--name", "cli", "--days", "2"]
    )
    assert created.exit_code == 0, created.output
    raw = created.stdout.strip().splitlines()[-1]
    assert raw.startswith("acc_")
    with db.transaction() as tx:
        principal = principal_for_token(tx, raw)
        assert principal is not None and principal.username == "a-analyst"
    token_id = max(t.id for t in users.list_tokens(db, None, username="a-analyst"))
    listed = cli.invoke(app, ["user", "token", "list", "--user", "a-analyst"])
    assert listed.exit_code == 0 and raw not in listed.output
    assert f"{token_id}\tacc_" in listed.output and "\tactive\t" in listed.output
    revoked = cli.invoke(app, ["user", "token", "revoke", str(token_id)])
    assert revoked.exit_code == 0 and f"revoked token {token_id} of a-analyst" in revoked.output
    with db.transaction() as tx:
        assert principal_for_token(tx, raw) is None
    missing = cli.invoke(app, ["user", "token", "revoke", "999999"])
    assert missing.exit_code == 1 and "no API token 999999" in missing.output
