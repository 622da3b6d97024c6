"""The chain's head, anchored outside the database, names a cut tail and a rewritten trail.

Break 10 replayed on both engines: the newest events deleted (``delete from audit_events
where seq > N``, the triggers dropped first as a superuser would) and the seq counter reset.
The chain alone still says "intact"; ``accord audit verify`` reads the anchor file by default
and names the truncation. The webhook is a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import logging
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from accord.app import create_app
from accord.cli import app as cli_app
from accord.core.settings import Settings
from accord.model import AuditAction
from accord.services.audit.anchor import Anchor, Anchorer, anchor_path, read_anchors
from accord.services.audit.trail import record
from accord.services.runtime import Runtime
from accord.store.db import Database
from accord.store.tables import AuditEvent
from tests.conftest import make_settings
from tests.factories import World
from tests.security.audit_tools import as_superuser, reset_seq_counter, rewrite_from

EVENTS = 12
KEEP = 7  # the attacker keeps events 1..7


def _append(db: Database, n: int, start: int = 0) -> None:
    """``n`` events, one unit of work each (as requests write them)."""
    for i in range(start, start + n):
        with db.transaction() as tx:
            record(tx, None, AuditAction.ADMIN, object_type="test", object_id=f"obj-{i}")


def _hashes(db: Database) -> list[str]:
    with db.read() as tx:
        return list(tx.execute(select(AuditEvent.hash).order_by(AuditEvent.seq)).scalars())


@pytest.fixture
def anchored(settings: Settings, db: Database) -> Path:
    """Twelve events written by a runtime that anchors every 5 events; the anchor file."""
    runtime = Runtime.from_settings(make_settings(settings.database_url,
                                                  audit_anchor_every_events=5))
    try:
        _append(runtime.db, EVENTS)
    finally:
        runtime.close()  # a process anchors what it appended when it closes the database
    return anchor_path(settings)


def _verify(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(cli_app, ["audit", "verify", *args])
    return result.exit_code, result.output


def test_anchor_file_holds_the_heads(anchored: Path, db: Database) -> None:
    anchors, bad = read_anchors(anchored)
    hashes = _hashes(db)
    assert bad == []
    assert [a.seq for a in anchors] == [1, 6, 11, 12]  # the first, every 5, and at close
    assert all(a.hash == hashes[a.seq - 1] for a in anchors)
    assert stat.S_IMODE(anchored.stat().st_mode) == 0o600


def test_tail_deletion_is_named(cli: CliRunner, db: Database, anchored: Path) -> None:
    """Break 10: delete the newest events and reset the counter; verify names it."""
    head = _hashes(db)[-1]
    code, output = _verify(cli)
    assert code == 0 and "4 anchors checked" in output, output

    as_superuser(db, f"delete from audit_events where seq > {KEEP}")
    reset_seq_counter(db, KEEP)

    # The chain alone cannot see it (what the break showed) …
    code, output = _verify(cli, "--anchor-file", str(anchored.with_name("elsewhere.jsonl")))
    assert code == 0 and f"{KEEP} events, chain intact" in output
    # … the anchor file, checked by default, names it.
    code, output = _verify(cli)
    assert code == 1
    assert (
        f"chain BROKEN at event {KEEP + 1}: events after seq {KEEP} missing: "
        f"anchor says head was seq {EVENTS} (hash {head}" in output
    )
    result = cli.invoke(cli_app, ["audit", "verify", "--json"])
    problems = json.loads(result.output)["problems"]
    assert [p["kind"] for p in problems] == ["truncated"]


def test_truncation_then_new_events_is_named(cli: CliRunner, db: Database, anchored: Path) -> None:
    """The tail cut and the trail written on from there: the anchored seqs now carry other
    hashes."""
    anchors = {a.seq: a.hash for a in read_anchors(anchored)[0]}
    as_superuser(db, f"delete from audit_events where seq > {KEEP}")
    reset_seq_counter(db, KEEP)
    _append(db, EVENTS - KEEP, start=100)
    code, output = _verify(cli)
    assert code == 1
    assert (
        "rewritten: event 11 was rewritten: the anchor of" in output
        and f"says its hash was {anchors[11]}" in output
    )


def test_rewritten_trail_is_named(cli: CliRunner, db: Database, anchored: Path) -> None:
    """A superuser edits event 3 and recomputes every hash after it: the chain holds, the
    anchors do not."""
    rewrite_from(db, 2)
    code, output = _verify(cli)
    assert code == 1
    assert "chain BROKEN at event 6: event 6 was rewritten: the anchor of" in output


def test_anchors_follow_count_and_time(db: Database, tmp_path: Path) -> None:
    now = [datetime(2026, 1, 1, 12, 0, tzinfo=UTC)]
    anchorer = Anchorer(db, tmp_path / "anchors.jsonl", every_events=3, every_minutes=10,
                        clock=lambda: now[0])
    db.after_commit.append(anchorer.after_commit)

    def seqs() -> list[int]:
        return [a.seq for a in read_anchors(anchorer.path)[0]]

    _append(db, 1)
    assert seqs() == [1]  # the first head is anchored at once
    _append(db, 2)
    assert seqs() == [1]  # 2 events since: not yet
    _append(db, 1)
    assert seqs() == [1, 4]  # 3 events since
    _append(db, 1)
    now[0] += timedelta(minutes=9)
    assert anchorer.tick() is None and seqs() == [1, 4]
    now[0] += timedelta(minutes=1)
    anchor = anchorer.tick()
    assert anchor is not None and anchor.seq == 5 and seqs() == [1, 4, 5]
    now[0] += timedelta(minutes=30)
    assert anchorer.tick() is None  # the head has not moved


class _Collector(BaseHTTPRequestHandler):
    received: list[dict[str, object]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers["Content-Length"])
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, object]]]]:
    received: list[dict[str, object]] = []
    handler = type("Handler", (_Collector,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/anchors", received
    finally:
        server.shutdown()
        server.server_close()


def test_each_anchor_is_posted_to_the_webhook(
    settings: Settings, db: Database, webhook: tuple[str, list[dict[str, object]]]
) -> None:
    url, received = webhook
    config = make_settings(settings.database_url, audit_anchor_every_events=2,
                           audit_anchor_webhook_url=url)
    runtime = Runtime.from_settings(config)
    try:
        _append(runtime.db, 5)
    finally:
        runtime.close()  # waits for the webhook to be sent
    filed = read_anchors(anchor_path(config))[0]
    assert [a.seq for a in filed] == [1, 3, 5]
    assert [Anchor.parse(json.dumps(body)) for body in received] == filed


def test_a_dead_webhook_does_not_stop_the_file(
    settings: Settings, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_settings(settings.database_url, audit_anchor_every_events=1,
                           audit_anchor_webhook_url="http://127.0.0.1:9/gone",
                           audit_anchor_webhook_timeout_s=1)
    runtime = Runtime.from_settings(config)
    with caplog.at_level(logging.ERROR, logger="accord.services.audit.anchor"):
        try:
            _append(runtime.db, 2)
        finally:
            runtime.close()
    assert [a.seq for a in read_anchors(anchor_path(config))[0]] == [1, 2]
    assert "audit anchor webhook failed for seq 1" in caplog.text


def test_anchor_command_and_server_close(
    cli: CliRunner, settings: Settings, db: Database, world: World
) -> None:
    """The server anchors the events its requests wrote; ``accord audit anchor`` anchors the
    head on demand."""
    with TestClient(create_app(settings)) as client:
        due = client.get("/api/retention/due", headers=world.auth("a", "supervisor"))
        assert due.status_code == 200
    head = _hashes(db)[-1]
    assert read_anchors(anchor_path(settings))[0][-1].hash == head
    _append(db, 1)  # written without anchoring
    first = cli.invoke(cli_app, ["audit", "anchor"])
    assert first.exit_code == 0 and f"hash {_hashes(db)[-1]}" in first.output, first.output
    again = cli.invoke(cli_app, ["audit", "anchor"])
    assert again.exit_code == 0 and "head already anchored" in again.output


def test_default_anchor_file_is_next_to_the_sqlite_database(tmp_path: Path) -> None:
    config = make_settings(f"sqlite:///{tmp_path / 'accord.db'}")
    assert anchor_path(config) == tmp_path / "accord.db.audit-anchors.jsonl"


def test_auditors_see_the_truncation_through_the_api(
    anchored: Path, db: Database, client: TestClient, world: World
) -> None:
    as_superuser(db, f"delete from audit_events where seq > {KEEP}")
    reset_seq_counter(db, KEEP)
    response = client.get("/api/audit/verify", headers=world.auth("a", "auditor"))
    assert response.status_code == 200
    result = response.json()
    assert result["ok"] is False
    assert [p["kind"] for p in result["problems"]] == ["truncated"]
    assert result["problems"][0]["message"].startswith(f"events after seq {KEEP} missing")


def test_a_garbled_anchor_line_is_named(cli: CliRunner, anchored: Path) -> None:
    """Someone edits the anchor file by hand: verify does not skip what it cannot read."""
    with anchored.open("a", encoding="utf-8") as stream:
        stream.write('{"seq": 99, "hash": "short"}\n')
    code, output = _verify(cli)
    assert code == 1
    assert f"anchor: line 5 of {anchored}: not an anchor" in output
