"""``accord demo load`` (idempotent, entities through ingest) and ``accord demo banner``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from accord.app import create_app
from accord.cli import app as cli_app
from accord.core.settings import Settings, get_settings
from accord.demo.load import load_demo
from accord.demo.scenario import DEMO_PASSWORD, build_scenario
from accord.services.runtime import Runtime
from accord.store.db import Database
from accord.store.tables import Agency, AuditEvent, Entity, Holding, User
from tests.web.conftest import sign_in


@pytest.fixture
def runtime(settings: Settings, db: Database) -> Iterator[Runtime]:
    rt = Runtime.from_settings(settings)
    yield rt
    rt.close()


def _count(db: Database, column: object) -> int:
    with db.read() as tx:
        return int(tx.execute(select(func.count(column))).scalar_one())  # type: ignore[arg-type]


def test_load_twice_reuses_what_exists(runtime: Runtime, db: Database) -> None:
    scenario = build_scenario()
    entities = sum(len(v) for v in scenario.entities.values())
    first = load_demo(runtime, scenario)
    assert first.created == {
        "agencies": len(scenario.agencies),
        "users": len(scenario.users),
        "holdings": len(scenario.holdings),
    }
    assert first.entities_inserted == entities and first.entities_replaced == 0
    second = load_demo(runtime, scenario)
    assert second.created == {"agencies": 0, "users": 0, "holdings": 0}
    assert second.existing == first.created
    assert second.entities_inserted == 0 and second.entities_replaced == entities
    assert _count(db, Agency.id) == len(scenario.agencies)
    assert _count(db, User.id) == len(scenario.users)
    assert _count(db, Holding.id) == len(scenario.holdings)
    assert _count(db, Entity.row_id) == entities
    with db.read() as tx:  # written by the ingest service: one audited import per holding
        imports = tx.execute(
            select(func.count()).where(
                AuditEvent.action == "create", AuditEvent.object_type == "holding"
            )
        ).scalar_one()
        assert imports == 2 * len([h for h in scenario.holdings if scenario.entities[h.id]])
        sample = tx.execute(select(Entity).limit(1)).scalar_one()
        assert sample.legal_basis and sample.review_date is not None


def test_a_demo_user_signs_in_and_sees_the_holdings(runtime: Runtime, settings: Settings) -> None:
    load_demo(runtime)
    scenario = build_scenario()
    analyst = next(u for u in scenario.users if u.role.value == "analyst")
    with TestClient(create_app(settings)) as client:
        assert sign_in(client, analyst.username, DEMO_PASSWORD).status_code == 303
        page = client.get("/").text
    agency = next(a for a in scenario.agencies if a.id == analyst.agency_id)
    assert agency.name in page
    for holding in scenario.holdings:
        if holding.agency_id == agency.id:
            assert holding.id in page
            count = len(scenario.entities[holding.id])
            assert f'<td class="num">{count:,}</td>' in page


def test_cli_load_and_banner(cli: CliRunner) -> None:
    assert cli.invoke(cli_app, ["init"]).exit_code == 0  # as `make demo` does
    loaded = cli.invoke(cli_app, ["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    assert "created 22 agencies, 88 users" in loaded.output
    again = cli.invoke(cli_app, ["demo", "load"])
    assert "created 0 agencies, 0 users, 0 holdings" in again.output
    banner = cli.invoke(cli_app, ["demo", "banner"])
    assert banner.exit_code == 0
    assert "http://127.0.0.1:8000/login" in banner.output and DEMO_PASSWORD in banner.output
    for user in build_scenario().users:
        assert user.username in banner.output


def test_load_before_init_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["demo", "load"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert (
        result.output.strip() == "error: the database is not initialised: run 'accord init' first"
    )
