"""Break 2 of the pointer issue, replayed: the curious admin (both engines).

As reported: ``POST /api/admin/tokens {"username": "<analyst>"}`` returned the analyst's raw
token, the admin read entities with it (the CONSULT named the analyst), and the admin made an
auditor account to read the trail. Now an admin cannot obtain another user's credential,
powerful accounts need a second person, and every event names its channel and real actor.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from accord.cli import app as cli_app
from accord.core.clock import utcnow
from accord.model import AuditAction
from accord.services.audit import channel
from accord.services.audit import trail as audit
from accord.services.audit.verify import verify
from accord.services.identity import directory
from accord.store.db import Database
from accord.store.tables import AccountRequest, ApiToken, AuditEvent, User
from tests.factories import World
from tests.web.conftest import csrf_of, sign_in

WHY = {"X-Accord-Justification": "case 17/2026, border check"}


def _events(db: Database, **where: Any) -> list[AuditEvent]:
    with db.read() as tx:
        query = select(AuditEvent).order_by(AuditEvent.seq)
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        found = list(tx.execute(query).scalars())
        tx.expunge_all()  # plain objects: read after the session is gone
        return found


def _ops(db: Database, op: str) -> list[AuditEvent]:
    return [e for e in _events(db, action="admin") if f'"op": "{op}"' in e.detail]


def _token_count(db: Database) -> int:
    with db.read() as tx:
        return int(tx.execute(select(func.count()).select_from(ApiToken)).scalar_one())


def test_admin_cannot_obtain_an_analysts_token(
    client: TestClient, world: World, db: Database
) -> None:
    before = _token_count(db)
    admin = world.auth("a", "admin")
    replay = client.post("/api/admin/tokens", json={"username": "a-analyst"}, headers=admin)
    assert replay.status_code == 405 and "acc_" not in replay.text
    # The self-service route makes tokens for the caller only, and never from a token.
    own = client.post("/api/tokens", json={"username": "a-analyst"}, headers=admin)
    assert own.status_code == 403 and "acc_" not in own.text
    # In the admin's browser session, the token is the admin's own (and admins read nothing).
    sign_in(client, "a-admin")
    csrf = csrf_of(client.get("/tokens"))
    made = client.post("/api/tokens", json={"username": "a-analyst"},
                       headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201 and made.json()["token"]["username"] == "a-admin"
    raw = made.json()["raw"]
    read = client.get("/api/entities/a-shared/x", headers={"Authorization": f"Bearer {raw}"})
    assert read.status_code == 403
    assert _token_count(db) == before + 1
    with db.read() as tx:
        owners = set(tx.execute(
            select(User.username).join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.name == "")).scalars())
    assert owners == {"a-admin"}


def test_an_auditor_account_needs_a_second_person(
    client: TestClient, world: World, db: Database
) -> None:
    admin = world.auth("a", "admin")
    body = {"username": "a-puppet", "password": "puppet-password-1", "role": "auditor"}
    asked = client.post("/api/admin/users", json=body, headers=admin)
    assert asked.status_code == 202, asked.text
    request_id = asked.json()["id"]
    assert asked.json()["state"] == "pending" and asked.json()["requested_by"] == "a-admin"
    # No account yet: signing in as it fails like any wrong password.
    assert sign_in(client, "a-puppet", "puppet-password-1").status_code == 401
    client.cookies.clear()
    # The requester cannot approve, nor can an analyst, an auditor or another agency.
    approve = f"/api/admin/account-requests/{request_id}/approve"
    assert client.post(approve, headers=admin).status_code == 403
    for role in ("analyst", "auditor"):
        assert client.post(approve, headers=world.auth("a", role)).status_code == 403
    assert client.post(approve, headers=world.auth("b", "supervisor")).status_code == 404
    assert client.post(approve, headers=world.auth("b", "admin")).status_code == 404
    # A supervisor of the same agency approves: now the account exists.
    approved = client.post(approve, headers=world.auth("a", "supervisor"))
    assert approved.status_code == 201 and approved.json()["role"] == "auditor"
    assert client.post(approve, headers=world.auth("a", "supervisor")).status_code == 409
    assert sign_in(client, "a-puppet", "puppet-password-1").status_code == 303
    (requested,) = _ops(db, "account.request")
    (decided,) = _ops(db, "account.approve")
    assert (requested.actor, requested.real_actor) == ("a-admin", "a-admin")
    assert (decided.actor, decided.real_actor) == ("a-supervisor", "a-supervisor")
    assert decided.channel is not None and decided.channel.startswith("token:")
    with db.read() as tx:
        row = tx.get(AccountRequest, request_id)
        assert row is not None and row.password_hash.startswith("$argon2")
        assert "puppet-password-1" not in row.password_hash


def test_a_supervisor_account_needs_approval_too(
    client: TestClient, world: World, db: Database
) -> None:
    """Otherwise an admin makes a supervisor and approves their own admin request with it."""
    admin = world.auth("a", "admin")
    for role in ("supervisor", "admin"):
        body = {"username": f"a-new-{role}", "password": "long-password-1", "role": role}
        assert client.post("/api/admin/users", json=body, headers=admin).status_code == 202
    body = {"username": "a-new-analyst", "password": "long-password-1", "role": "analyst"}
    assert client.post("/api/admin/users", json=body, headers=admin).status_code == 201
    pending = client.get("/api/admin/account-requests", headers=world.auth("a", "supervisor"))
    assert {r["username"] for r in pending.json()} == {"a-new-supervisor", "a-new-admin"}
    rejected = client.post(
        f"/api/admin/account-requests/{pending.json()[0]['id']}/reject",
        headers=world.auth("a", "supervisor"),
    )
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    assert len(_ops(db, "account.reject")) == 1


def test_approval_pages(client: TestClient, world: World, db: Database) -> None:
    sign_in(client, "a-admin")
    page = client.get("/admin/users")
    asked = client.post(
        "/admin/users",
        data={"username": "a-web-admin", "role": "admin", "password": "long-password-1",
              "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert asked.status_code == 303 and asked.headers["location"] == "/admin/users?done=requested"
    own = client.get("/admin/requests")
    assert "a-web-admin" in own.text
    request_id = int(own.text.split('action="/admin/requests/')[1].split("/")[0])
    refused = client.post(f"/admin/requests/{request_id}/approve",
                          data={"csrf_token": csrf_of(own)})
    assert refused.status_code == 403 and "second person" in refused.text
    client.cookies.clear()
    sign_in(client, "a-supervisor")
    page = client.get("/admin/requests")
    done = client.post(f"/admin/requests/{request_id}/approve",
                       data={"csrf_token": csrf_of(page)}, follow_redirects=False)
    assert done.status_code == 303
    (decided,) = _ops(db, "account.approve")
    assert decided.channel == "web" and decided.real_actor == "a-supervisor"


def test_command_line_requests_and_the_same_operator_cannot_approve(
    cli: CliRunner, world: World, db: Database, client: TestClient
) -> None:
    env = {"ACCORD_NEW_USER_PASSWORD": "long-password-1"}
    asked = cli.invoke(cli_app, ["user", "add", "a-ops", "--agency", "agency-a",
                                 "--role", "admin"], env=env)
    assert asked.exit_code == 0 and "waits for approval" in asked.output
    request_id = int(asked.output.split()[1].rstrip(":"))
    listed = cli.invoke(cli_app, ["user", "requests"])
    assert f"{request_id}\ta-ops\tadmin\tagency-a\tpending\tcli ({channel.operator()})" in (
        listed.output
    )
    # The same operating-system account asked; acting --as a supervisor does not make it
    # a second person.
    same = cli.invoke(cli_app, ["user", "approve", str(request_id), "--as", "a-supervisor"])
    assert same.exit_code == 1 and "second person" in same.output
    approved = client.post(f"/api/admin/account-requests/{request_id}/approve",
                           headers=world.auth("a", "admin"))
    assert approved.status_code == 201
    (requested,) = _ops(db, "account.request")
    assert (requested.channel, requested.real_actor) == ("cli", channel.operator())


def test_the_first_admin_of_an_empty_agency_is_a_bootstrap(
    cli: CliRunner, world: World, db: Database
) -> None:
    with db.transaction() as tx:
        directory.create_agency(tx, id="agency-c", name="Agency C", country="mk",
                                kind="police_ct")
    env = {"ACCORD_NEW_USER_PASSWORD": "long-password-1"}
    first = cli.invoke(cli_app, ["user", "add", "c-admin", "--agency", "agency-c",
                                 "--role", "admin"], env=env)
    assert first.exit_code == 0 and "added c-admin (admin)" in first.output
    (added,) = [e for e in _ops(db, "user.add") if e.object_id == "c-admin"]
    assert '"bootstrap": true' in added.detail and added.real_actor == channel.operator()
    second = cli.invoke(cli_app, ["user", "add", "c-auditor", "--agency", "agency-c",
                                  "--role", "auditor"], env=env)
    assert "waits for approval" in second.output


def test_every_event_names_its_channel_and_real_actor(
    client: TestClient, cli: CliRunner, world: World, db: Database, add_entity: Any
) -> None:
    add_entity("a-shared", "e-1", "Arben Xhaferi")
    with db.read() as tx:
        token_id = tx.execute(
            select(ApiToken.id).join(User, User.id == ApiToken.user_id)
            .where(User.username == "b-analyst")).scalar_one()
    by_token = client.get("/api/entities/a-shared/e-1", headers={**world.auth("b"), **WHY})
    assert by_token.status_code == 200
    sign_in(client, "b-analyst")
    by_session = client.get("/api/entities/a-shared/e-1", headers=WHY)
    assert by_session.status_code == 200
    by_cli = cli.invoke(cli_app, ["user", "disable", "b-auditor"])
    assert by_cli.exit_code == 0
    consults = _events(db, action="consult")
    assert [(e.actor, e.channel, e.real_actor) for e in consults] == [
        ("b-analyst", f"token:{token_id}", "b-analyst"),
        ("b-analyst", "web", "b-analyst"),
    ]
    (disabled,) = _ops(db, "user.disable")
    assert (disabled.actor, disabled.channel, disabled.real_actor) == (
        "cli", "cli", channel.operator())
    # The auditor's API shows both fields, and the chain (which hashes them) verifies.
    shown = client.get("/api/audit/events", params={"action": "consult"},
                       headers=world.auth("a", "auditor")).json()["events"]
    assert {(e["channel"], e["real_actor"]) for e in shown} == {
        (f"token:{token_id}", "b-analyst"), ("web", "b-analyst")}
    with db.read() as tx:
        assert verify(tx).ok


def test_events_from_before_the_channel_columns_still_verify(db: Database) -> None:
    """An event of an older chain (no channel, no real actor) keeps its hash; a new event's
    hash covers both fields, so clearing them is caught."""
    with db.transaction() as tx:
        old = AuditEvent(seq=1, at=utcnow(), actor_user_id=None, actor="system",
                         agency_id=None, action="admin", object_type="", object_id="",
                         object_agency_id=None, recipient_agency_id=None, justification="",
                         detail="{}", prev_hash=audit.GENESIS)
        old.hash = audit.event_hash(old)
        tx.add(old)
        tx.flush()
        if db.engine.dialect.name == "postgresql":  # an explicit seq leaves the sequence behind
            tx.execute(text("SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), 1)"))
    with db.transaction() as tx:
        new = audit.record(tx, None, AuditAction.ADMIN, object_type="probe")
    assert new.prev_hash == old.hash and new.channel == "system"
    with db.read() as tx:
        result = verify(tx)
        assert result.ok and result.count == 2, result.to_dict()
    cleared = AuditEvent(**{c: getattr(new, c) for c in (
        "seq", "at", "actor_user_id", "actor", "agency_id", "action", "object_type",
        "object_id", "object_agency_id", "recipient_agency_id", "justification", "detail",
        "prev_hash")})
    assert audit.event_hash(cleared) != new.hash
