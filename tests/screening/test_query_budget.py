"""Query budgets against other agencies' pointer holdings, and the volume notice: counted in
the database (both engines, and shared by two app instances as by two server processes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from accord.app import create_app
from accord.core.settings import Settings, get_settings
from accord.services.screening.guard import GuardLimits
from tests.conftest import make_settings
from tests.factories import World
from tests.screening.conftest import db_of, manager_of

JUST = {"X-Accord-Justification": "border check, case 2024-17"}


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(db_url, pointer_budget_user=5, pointer_budget_agency=8,
                         probe_notice_answers=3, pointer_window_s=3600)


def _body(*names: str) -> dict[str, Any]:
    return {"queries": {f"q{i}": {"schema": "Person", "properties": {"name": [name]}}
                        for i, name in enumerate(names)}}


def _match(client: TestClient, world: World, count: int, *, role: str = "analyst",
           dataset: str = "default") -> Any:
    names = [f"Fatmir Hoxha {chr(65 + i)}" for i in range(count)]
    return client.post(f"/match/{dataset}", json=_body(*names),
                       headers=world.auth("a", role) | JUST)


@pytest.fixture
def second(settings: Settings, live: TestClient) -> Iterator[TestClient]:
    """A second app on the same database: another server process's view of the counters."""
    app: FastAPI = create_app(settings)
    with TestClient(app) as client:
        assert manager_of(app).wait_ready(30)
        yield client


def _screen_events(client: TestClient, world: World) -> list[dict[str, Any]]:
    events = client.get("/api/audit/events", params={"action": "screen"},
                        headers=world.auth("a", "auditor")).json()["events"]
    return list(events)


def test_user_and_agency_budgets(live: TestClient, second: TestClient,
                                 screening_world: World) -> None:
    assert _match(live, screening_world, 3).status_code == 200
    refused = _match(second, screening_world, 3)  # 6 > 5, counted across both apps
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "query_budget_spent" and error["status"] == 429
    assert error["details"] == [{"field": "queries", "message": "user budget spent"}]
    assert 0 < int(refused.headers["Retry-After"]) <= 3600 + 1
    # a refused call spent nothing: two more queries still fit the user's five
    assert _match(second, screening_world, 2).status_code == 200
    assert _match(live, screening_world, 1).status_code == 429
    # own holdings only: no pointer of another agency is reached, nothing is counted
    assert _match(live, screening_world, 3, dataset="a-shared").status_code == 200
    # the agency's budget (8) is shared by its users: 5 spent, the supervisor has 3
    assert _match(live, screening_world, 3, role="supervisor").status_code == 200
    agency = _match(second, screening_world, 1, role="supervisor")
    assert agency.status_code == 429
    assert agency.json()["error"]["details"][0]["message"] == "agency budget spent"
    refusals = [e for e in _screen_events(live, screening_world)
                if e["detail"].get("refused") == "query_budget"]
    assert [(e["actor"], e["detail"]["budget"]) for e in refusals] == [
        ("a-supervisor", "agency budget spent"), ("a-analyst", "user budget spent"),
        ("a-analyst", "user budget spent")]


def test_budget_on_every_door(live: TestClient, screening_world: World, cli: CliRunner,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert _match(live, screening_world, 5).status_code == 200
    reconcile = live.post("/reconcile/default", headers=screening_world.auth("a") | JUST,
                          json={"queries": {"q": {"query": "Fatmir Hoxha"}}})
    assert reconcile.status_code == 429 and "Retry-After" in reconcile.headers
    page = live.post("/screen", data={"name": "Fatmir Hoxha", "dataset": "default",
                                      "justification": "border check 17"},
                     headers=screening_world.auth("a") | {"Accept": "text/html"})
    assert page.status_code == 429 and "budget" in page.text and page.headers["Retry-After"]
    from accord.cli import app

    monkeypatch.setenv("ACCORD_POINTER_BUDGET_USER", "5")  # as the app's settings
    monkeypatch.setenv("ACCORD_POINTER_WINDOW_S", "3600")
    get_settings.cache_clear()
    result = cli.invoke(app, ["screen", "Fatmir Hoxha", "--as", "a-analyst",
                              "--justification", "border check 17"])
    assert result.exit_code == 1 and "budget" in result.output


def test_volume_notice(live: TestClient, screening_world: World) -> None:
    """One user who keeps receiving pointer answers from one holding: B is told once, and
    the count follows."""
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Fatmir Hoxha"]}}}}
    for _ in range(5):
        response = live.post("/match/b-pointer", json=body,
                             headers=screening_world.auth("a") | JUST)
        assert response.status_code == 200
        assert response.json()["responses"]["q"]["results"]  # answered: no sweep
    notices = live.get("/api/probing/notices", headers=screening_world.auth("b", "supervisor"))
    [notice] = notices.json()["notices"]
    assert (notice["kind"], notice["holding_id"], notice["caller"], notice["count"]) == (
        "volume", "b-pointer", "a-analyst", 5)
    page = live.get("/probing", headers=screening_world.auth("b", "auditor"))
    assert page.status_code == 200 and "b-pointer" in page.text and "a-analyst" in page.text
    assert live.get("/api/probing/notices", headers=screening_world.auth("b")).status_code == 403
    reads = [e for e in live.get("/api/audit/events", params={"action": "consult"},
                                 headers=screening_world.auth("b", "auditor")).json()["events"]
             if e["object_type"] == "probing_notices"]
    assert [e["actor"] for e in reads] == ["b-auditor", "b-supervisor"]


def test_past_windows_are_pruned(live: TestClient, screening_world: World) -> None:
    """Counts and keyed queries of past windows are deleted when the agency's counter passes
    a multiple of 1,000; the current window's stay."""
    db = db_of(live.app)  # type: ignore[arg-type]
    period = GuardLimits.from_settings(live.app.state.settings).window()  # type: ignore[attr-defined]
    rows = {"user_id": 1, "name_key": "n", "variant": "v"}
    with db.transaction() as tx:
        for when in (period - 2, period - 1):
            tx.execute(text("INSERT INTO probe_variants (user_id, period, name_key, variant) "
                            "VALUES (:user_id, :period, :name_key, :variant)"),
                       rows | {"period": when})
            tx.execute(text("INSERT INTO query_counters (kind, key, period, used) "
                            "VALUES ('user', '1', :period, 3)"), {"period": when})
        tx.execute(text("INSERT INTO query_counters (kind, key, period, used) "
                        "VALUES ('agency', 'agency-a', :period, 998)"), {"period": period})

    def periods() -> list[int]:
        with db.read() as tx:
            return sorted({*tx.execute(text("SELECT period FROM probe_variants")).scalars(),
                           *tx.execute(text("SELECT period FROM query_counters")).scalars()})

    assert _match(live, screening_world, 1, role="supervisor").status_code == 429  # 999 > 8
    assert periods() == [period - 2, period - 1, period]  # the refused call rolled back
    with db.transaction() as tx:
        tx.execute(text("UPDATE query_counters SET used = 997 WHERE kind = 'agency'"))
    live.app.state.settings.pointer_budget_agency = 5000  # type: ignore[attr-defined]
    assert _match(live, screening_world, 2, role="supervisor").status_code == 200  # 999
    assert periods() == [period - 2, period - 1, period]
    assert _match(live, screening_world, 1, role="supervisor").status_code == 200  # 1000
    assert periods() == [period]
