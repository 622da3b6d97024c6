"""Tampering with the audit trail is caught by ``accord audit verify`` (both engines).

Each test writes a small trail through ``audit.record`` and then tampers with it in raw SQL,
as a database superuser would (the append-only triggers dropped first: nobody else can edit
the table): edit, delete, insert, reorder, rewrite.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from accord.cli import app as cli_app
from accord.model import AuditAction
from accord.services.audit.trail import event_hash, record
from accord.store.db import Database
from accord.store.tables import AuditEvent
from tests.security.audit_tools import as_superuser, rewrite_from

N = 6


@pytest.fixture
def trail(db: Database) -> list[str]:
    """Six events (seq 1–6); returns their hashes."""
    with db.transaction() as tx:
        for i in range(1, N + 1):
            record(tx, None, AuditAction.ADMIN, object_type="test", object_id=f"obj-{i}")
    with db.read() as tx:
        return list(tx.execute(select(AuditEvent.hash).order_by(AuditEvent.seq)).scalars())


def _sql(db: Database, *statements: str, **params: object) -> None:
    as_superuser(db, *statements, **params)


def _verify(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(cli_app, ["audit", "verify", *args])


def test_untouched_trail_verifies(cli: CliRunner, trail: list[str]) -> None:
    result = _verify(cli)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{N} events, chain intact, head {trail[-1]}"
    # Written without anchoring (straight through ``record``): verify says what it cannot see.
    assert "warning: no anchor file at" in lines[1]
    anchored = _verify(cli, "--anchor", trail[2], "--anchor", trail[-1])
    assert anchored.exit_code == 0, anchored.output


def test_edited_event_is_named(cli: CliRunner, db: Database, trail: list[str]) -> None:
    _sql(db, "UPDATE audit_events SET justification = 'nothing to see' WHERE seq = 3")
    result = _verify(cli)
    assert result.exit_code == 1
    assert "chain BROKEN at event 3" in result.output
    assert "altered: event 3 was altered" in result.output


def test_deleted_event_is_named(cli: CliRunner, db: Database, trail: list[str]) -> None:
    _sql(db, "DELETE FROM audit_events WHERE seq = 3")
    result = _verify(cli)
    assert result.exit_code == 1
    assert "deleted: event 3 was deleted: the chain breaks before event 4" in result.output


def test_deleted_last_event_is_caught_by_an_anchor(
    cli: CliRunner, db: Database, trail: list[str]
) -> None:
    _sql(db, f"DELETE FROM audit_events WHERE seq = {N}")
    result = _verify(cli, "--anchor", trail[-1])
    assert result.exit_code == 1
    assert f"anchor {trail[-1]} is not in the chain" in result.output


def test_inserted_event_is_named(cli: CliRunner, db: Database, trail: list[str]) -> None:
    """Make room after event 3 and insert a forged event there, well hashed and linked."""
    _sql(
        db,
        "UPDATE audit_events SET seq = -(seq + 1) WHERE seq > 3",
        "UPDATE audit_events SET seq = -seq WHERE seq < 0",
    )
    with db.transaction() as tx:
        forged = AuditEvent(
            seq=4,
            at=tx.get(AuditEvent, 3).at,  # type: ignore[union-attr]
            actor="a-analyst",
            agency_id="agency-a",
            action="consult",
            object_type="entity",
            object_id="b-shared/x",
            justification="forged alibi",
            detail="{}",
            prev_hash=trail[2],
        )
        forged.hash = event_hash(forged)
        tx.add(forged)
    result = _verify(cli)
    assert result.exit_code == 1
    assert "inserted: event 4 was inserted: event 5 links to event 3, skipping it" in result.output


def test_reordered_events_are_named(cli: CliRunner, db: Database, trail: list[str]) -> None:
    _sql(
        db,
        "UPDATE audit_events SET seq = -1 WHERE seq = 3",
        "UPDATE audit_events SET seq = 3 WHERE seq = 4",
        "UPDATE audit_events SET seq = 4 WHERE seq = -1",
    )
    result = _verify(cli)
    assert result.exit_code == 1
    assert "chain BROKEN at event 3" in result.output
    assert "reordered: event 3 was reordered: it links to event 4" in result.output


def test_rewritten_chain_passes_alone_but_fails_its_anchor(
    cli: CliRunner, db: Database, trail: list[str]
) -> None:
    """Someone who can write the table recomputes every hash after an edit: only an anchor
    noted earlier (off the server) shows it."""
    rewrite_from(db, 1)
    assert _verify(cli).exit_code == 0
    result = _verify(cli, "--anchor", trail[-1])
    assert result.exit_code == 1
    assert "is not in the chain: the trail was rewritten or truncated" in result.output


def test_export_writes_every_event_with_its_hash(
    cli: CliRunner, trail: list[str], tmp_path: pytest.TempPathFactory
) -> None:
    out = tmp_path / "audit.jsonl"  # type: ignore[operator]
    result = cli.invoke(cli_app, ["audit", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["hash"] for line in lines] == trail
    assert lines[0]["prev_hash"] == "0" * 64 and lines[1]["prev_hash"] == trail[0]
    bad = cli.invoke(cli_app, ["audit", "export", "--since", "yesterday"])
    assert bad.exit_code == 1 and "error: --since 'yesterday' is not an ISO date" in bad.output
