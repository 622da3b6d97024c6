"""Every route of the app's own route table × role × own/foreign object, against ``matrix.py``.

The matrix runs on SQLite: what it proves is the authorisation of each route, which does not
depend on the engine (the storage-sensitive rules are tested on both engines elsewhere).
Each route gets a fresh copy of one prepared database, so a route that changes state (erase,
disable, revoke) cannot disturb the next.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.routing import BaseRoute

from accord.app import create_app
from accord.core.clock import today
from accord.services.identity import accounts, directory
from accord.services.identity.auth import create_token
from accord.store.db import Database
from accord.store.migrate import upgrade
from accord.store.tables import ApiToken, User
from tests.conftest import make_settings
from tests.factories import World, build_world
from tests.security.conftest import put_entity
from tests.security.matrix import ANON, MATRIX, ROLES, Fixtures, Rule

JUSTIFICATION = {"X-Accord-Justification": "permission matrix check"}
DENIED = {401, 403, 404}
Key = tuple[str, str]


def route_keys(routes: Iterable[BaseRoute]) -> set[Key]:
    """(method, path) of every route, included routers and mounts too."""
    keys: set[Key] = set()
    for context in iter_route_contexts(list(routes)):
        path = context.path
        assert path is not None, context
        for method in context.methods or {"GET"}:
            keys.add((method, path))
    return keys


def missing_from_matrix(app: FastAPI) -> list[Key]:
    return sorted(route_keys(app.routes) - set(MATRIX))


class Prepared:
    """A migrated SQLite file holding the test world plus the matrix's own objects."""

    def __init__(self, root: Path) -> None:
        self.path = root / "template.db"
        db = Database(f"sqlite:///{self.path}")
        upgrade(db)
        self.world: World = build_world(db)
        past = today() - timedelta(days=30)
        with db.transaction() as tx:
            directory.create_holding(
                tx,
                id="b-group",
                agency_id="agency-b",
                name="b-group",
                policy="shared",
                sharing_group=["agency-b"],
            )
            for agency in ("a", "b"):
                user = directory.create_user(
                    tx,
                    agency_id=f"agency-{agency}",
                    username=f"{agency}-spare",
                    password="spare-password-1",
                    role="analyst",
                )
                create_token(tx, user, name="spare")
        put_entity(db, "a-shared", "e-own", "Arben Xhaferi", review_date=past)
        put_entity(db, "b-group", "e-foreign", "Fatmir Hoxha", review_date=past)
        with db.read() as tx:
            rows = tx.execute(
                select(User.username, ApiToken.id)
                .join(ApiToken, ApiToken.user_id == User.id)
                .where(User.username.in_(["a-spare", "b-spare"]))
            )
            tokens = {username: token_id for username, token_id in rows}
        requests = {
            agency: accounts.add_account(
                db, None, username=f"{agency}-wants-admin", password="wants-password-1",
                role="admin", agency_id=f"agency-{agency}",
            ).id
            for agency in ("a", "b")
        }
        db.dispose()  # closes the last connection: SQLite folds the WAL into the file
        self.sides = {
            "own": Fixtures(
                "own", "a-shared", "e-own", "a-spare", tokens["a-spare"], requests["a"]
            ),
            "foreign": Fixtures(
                "foreign", "b-group", "e-foreign", "b-spare", tokens["b-spare"], requests["b"]
            ),
        }

    def copy(self, target: Path) -> str:
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    return Prepared(tmp_path_factory.mktemp("matrix"))


def _request(
    client: TestClient, method: str, path: str, rule: Rule, f: Fixtures, headers: dict[str, str]
) -> Any:
    url = rule.url or path.format(**f.path_params())
    kwargs: dict[str, Any] = {"headers": headers, "params": rule.query}
    if rule.json is not None:
        kwargs["json"] = rule.json(f)
    if rule.form is not None:
        kwargs["data"] = rule.form(f)
    if rule.content is not None:
        body, content_type = rule.content(f)
        kwargs["content"] = body
        kwargs["headers"] = {**headers, "Content-Type": content_type}
    return client.request(method, url, **kwargs)


def _verdict(rule: Rule, role: str, side: str, response: Any) -> str | None:
    """None when the response is what the matrix expects, else why not."""
    status = response.status_code
    if status >= 500 or "Traceback" in response.text:
        return f"server error {status}"
    if rule.public:
        return None
    allowed = role in (rule.own if side == "own" else rule.foreign)
    if allowed:
        return None if status < 400 else f"expected allowed, got {status}: {response.text[:200]}"
    if role == ANON:
        to_login = status == 303 and response.headers.get("location", "").startswith("/login")
        return None if status == 401 or to_login else f"expected 401 for anonymous, got {status}"
    return None if status in DENIED else f"expected denied (401/403/404), got {status}"


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: f"{key[0]} {key[1]}")
def test_route_permissions(key: Key, prepared: Prepared, tmp_path: Path) -> None:
    method, path = key
    rule = MATRIX[key]
    sides = ("foreign", "own") if "{" in path or rule.per_side else ("own",)
    failures: list[str] = []
    # A route that can succeed only once (approving a request) gets a fresh copy per role.
    groups = [(role,) for role in ROLES] if rule.fresh else [ROLES]
    for number, roles in enumerate(groups):
        app = create_app(make_settings(prepared.copy(tmp_path / f"accord-{number}.db")))
        if key not in route_keys(app.routes):
            pytest.fail(f"{method} {path} is in the matrix but not in the app: remove its row")
        with TestClient(app, follow_redirects=False) as client:
            app.state.runtime.screening.wait_ready(30)
            for side in sides:
                for role in roles:
                    headers = dict(JUSTIFICATION)
                    if role != ANON:
                        headers.update(prepared.world.auth("a", role))
                    response = _request(client, method, path, rule, prepared.sides[side], headers)
                    problem = _verdict(rule, role, side, response)
                    if problem:
                        failures.append(f"{role:>10} {side:>7}: {problem}")
    assert not failures, f"{method} {path}\n" + "\n".join(failures)


def test_every_route_is_in_the_matrix(app: FastAPI) -> None:
    missing = missing_from_matrix(app)
    assert not missing, "routes without a row in tests/security/matrix.py: " + ", ".join(
        f"{m} {p}" for m, p in missing
    )


def test_an_unlisted_route_fails_the_check(app: FastAPI) -> None:
    before = set(missing_from_matrix(app))

    def sneaky() -> dict[str, str]:
        return {"secret": "everything"}

    app.add_api_route("/api/sneaky/{holding_id}", sneaky, methods=["GET", "DELETE"])
    assert set(missing_from_matrix(app)) - before == {
        ("DELETE", "/api/sneaky/{holding_id}"),
        ("GET", "/api/sneaky/{holding_id}"),
    }
