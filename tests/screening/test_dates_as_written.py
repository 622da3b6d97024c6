"""Dates as people write them, at every door that takes a typed date: /match, /reconcile,
the screening page. The dotted form scores exactly as the ISO one; an impossible date is
refused naming the field, and nothing is searched or audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accord.store.tables import AuditEvent
from tests.factories import World
from tests.screening.conftest import db_of
from tests.web.conftest import csrf_of, sign_in


def _match(live: TestClient, world: World, dob: str) -> Any:
    body = {"queries": {"q1": {"schema": "Person", "properties": {
        "name": ["Фатмир Хоџа"], "birthDate": [dob]}}}}
    return live.post("/match/a-shared", json=body, headers=world.auth("a"))


def _events(live: TestClient) -> int:
    with db_of(live.app).read() as tx:  # type: ignore[arg-type]
        return int(tx.execute(select(func.count()).select_from(AuditEvent)).scalar_one())


@pytest.mark.parametrize("dob", ["14.03.1979", "14.03.1979.", "14.3.1979", "14. 3. 1979."])
def test_match_reads_dotted_dates_like_iso(live: TestClient, screening_world: World,
                                           dob: str) -> None:
    iso = _match(live, screening_world, "1979-03-14")
    dotted = _match(live, screening_world, dob)
    assert iso.status_code == dotted.status_code == 200, dotted.text
    [iso_hit] = iso.json()["responses"]["q1"]["results"]
    [dotted_hit] = dotted.json()["responses"]["q1"]["results"]
    assert dotted_hit["score"] == iso_hit["score"]
    assert dotted_hit["explanations"]["birth_date"] == iso_hit["explanations"]["birth_date"]
    # the query is answered in its normal form
    assert dotted.json()["responses"]["q1"]["query"]["properties"]["birthDate"] == ["1979-03-14"]


@pytest.mark.parametrize("dob", ["30.02.1979", "1979-13-01", "14/03/1979"])
def test_match_refuses_a_date_it_cannot_read(live: TestClient, screening_world: World,
                                             dob: str) -> None:
    before = _events(live)
    refused = _match(live, screening_world, dob)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["details"][0]["field"] == "queries.q1.properties.birthDate"
    assert dob in error["message"]
    assert _events(live) == before  # nothing searched, nothing audited


def test_reconcile_reads_dotted_dates(live: TestClient, screening_world: World) -> None:
    def ask(dob: str) -> Any:
        queries = {"q0": {"query": "Fatmir Hoxha", "type": "Person",
                          "properties": [{"pid": "birthDate", "v": dob}]}}
        return live.post("/reconcile/a-shared", data={"queries": json.dumps(queries)},
                         headers=screening_world.auth("a"))

    iso, dotted, wrong = ask("1979-03-14"), ask("14.03.1979."), ask("31.02.1979")
    assert iso.status_code == dotted.status_code == 200
    assert dotted.json()["q0"]["result"][0]["score"] == iso.json()["q0"]["result"][0]["score"]
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"][0]["field"].endswith("birthDate")


def test_screen_page_dotted_date_and_inline_error(live: TestClient, screening_world: World
                                                  ) -> None:
    sign_in(live, "a-analyst", next_path="/screen")
    token = csrf_of(live.get("/screen"))
    headers = {"HX-Request": "true", "X-CSRF-Token": token}
    form = {"name": "Фатмир Хоџа", "dataset": "a-shared"}
    found = live.post("/screen", data=form | {"dob": "14.03.1979"}, headers=headers)
    assert found.status_code == 200 and "Fatmir Hoxha" in found.text
    assert 'value="14.03.1979"' in found.text  # what was typed stays

    before = _events(live)
    wrong = live.post("/screen", data=form | {"dob": "30.02.1979"}, headers=headers)
    assert wrong.status_code == 200  # htmx swaps the form with the error in place
    assert 'id="screen-dob-error"' in wrong.text and "This date does not exist." in wrong.text
    assert 'aria-invalid="true"' in wrong.text and 'value="30.02.1979"' in wrong.text
    assert "Fatmir Hoxha" not in wrong.text
    assert _events(live) == before
    full = live.post("/screen", data=form | {"dob": "14/03/1979", "csrf_token": token})
    assert full.status_code == 422 and "Write the date as DD.MM.YYYY" in full.text
