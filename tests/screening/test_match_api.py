"""POST /match/{dataset}: yente's shapes, scope, limits and errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import World
from tests.screening.conftest import SECRET_PERSON

JUST = {"X-Accord-Justification": "border check, case 2024-17"}


def _query(**props: Any) -> dict[str, Any]:
    return {"queries": {"q1": {"schema": "Person", "properties": props}}}


def test_match_own_holding_has_yente_shape(live: TestClient, screening_world: World) -> None:
    body = _query(name=["Фатмир Хоџа"], birthDate=["1979-03-14"])
    response = live.post("/match/a-shared", json=body, headers=screening_world.auth("a"))
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["limit"] == 5
    answer = data["responses"]["q1"]
    assert answer["status"] == 200
    assert answer["total"] == {"value": 1, "relation": "eq"}
    assert answer["query"]["properties"]["name"] == ["Фатмир Хоџа"]
    [hit] = answer["results"]
    assert {"id", "caption", "schema", "properties", "datasets", "score", "match",
            "explanations"} <= set(hit)
    assert hit["id"] == "a-shared-p1"
    assert hit["datasets"] == ["a-shared"]
    assert hit["match"] is True and 0.7 <= hit["score"] <= 1.0
    assert hit["properties"]["birthDate"] == ["1979-03-14"]
    for feature in hit["explanations"].values():
        assert {"detail", "score", "query", "candidate"} <= set(feature)
    assert "name" in hit["explanations"]


def test_default_dataset_needs_justification(live: TestClient, screening_world: World) -> None:
    body = _query(name=["Fatmir Hoxha"])
    refused = live.post("/match/default", json=body, headers=screening_world.auth("a"))
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "justification"
    ok = live.post("/match/default", json=body, headers=screening_world.auth("a") | JUST)
    assert ok.status_code == 200
    results = ok.json()["responses"]["q1"]["results"]
    by_dataset = {r["datasets"][0]: r for r in results}
    # own holdings, B's shared holding, B's pointer holding as a pointer (b-blind is empty)
    assert set(by_dataset) == {"a-shared", "a-pointer", "b-shared", "b-pointer"}
    assert {d for d, r in by_dataset.items() if "accord:pointer" in r} == {"b-pointer"}
    ok_body = live.post("/match/default", json=body | {"justification": "case 17 check"},
                        headers=screening_world.auth("a"))
    assert ok_body.status_code == 200


def test_partner_shared_holding_shows_properties(live: TestClient, screening_world: World
                                                 ) -> None:
    response = live.post("/match/b-shared", json=_query(name=["Fatmir Hoxha"]),
                         headers=screening_world.auth("a") | JUST)
    [hit] = response.json()["responses"]["q1"]["results"]
    assert hit["id"] == "b-shared-p1"
    assert hit["accord:visibility"] == "properties"
    assert hit["properties"]["idNumber"] == SECRET_PERSON["idNumber"]


def test_limits_and_errors(live: TestClient, screening_world: World) -> None:
    auth = screening_world.auth("a")
    many = {"queries": {f"q{i}": {"schema": "Person", "properties": {"name": ["X Y"]}}
                        for i in range(101)}}
    too_many = live.post("/match/a-shared", json=many, headers=auth)
    assert too_many.status_code == 422
    assert "at most 100" in too_many.json()["error"]["message"]
    assert live.post("/match/nope", json=_query(name=["A B"]), headers=auth).status_code == 404
    bad_schema = live.post("/match/a-shared", json={"queries": {"x": {"schema": "Vessel",
                                                                      "properties": {}}}},
                           headers=auth)
    assert bad_schema.status_code == 422
    assert bad_schema.json()["error"]["details"][0]["field"] == "queries.x.schema"
    empty = live.post("/match/a-shared", json={"queries": {"x": {"schema": "Person"}}},
                      headers=auth)
    assert empty.status_code == 422
    assert live.post("/match/a-shared", json=_query(name=["A B"]),
                     params={"limit": 0}, headers=auth).status_code == 422
    assert live.post("/match/a-shared", json=_query(name=["A B"])).status_code == 401
    auditor = live.post("/match/a-shared", json=_query(name=["A B"]),
                        headers=screening_world.auth("a", "auditor"))
    assert auditor.status_code == 403


@pytest.mark.parametrize("field", ["weights", "config"])
def test_yente_weights_and_config_are_refused_not_ignored(
    live: TestClient, screening_world: World, field: str
) -> None:
    """A caller cannot re-weight the matcher: scores and thresholds are the same for every
    caller, also on other agencies' pointer holdings (a probe of what they hold)."""
    auth = screening_world.auth("a") | JUST
    body = _query(name=["Fatmir Hoxha"]) | {field: {"name": 0.0, "identifier": 10.0}}
    refused = live.post("/match/default", json=body, headers=auth)
    assert refused.status_code == 422
    [detail] = refused.json()["error"]["details"]
    assert detail["field"] == f"body.{field}" and "not supported" in detail["message"]
    for empty in ({field: {}}, {field: None}):
        accepted = live.post("/match/default", json=_query(name=["Fatmir Hoxha"]) | empty,
                             headers=auth)
        assert accepted.status_code == 200, accepted.text


def test_limit_threshold_and_algorithm_echo(live: TestClient, screening_world: World) -> None:
    response = live.post("/match/a-shared", json=_query(name=["Fatmir Hoxha"]),
                         params={"limit": 1, "threshold": 0.5, "algorithm": "logic-v2"},
                         headers=screening_world.auth("a"))
    data = response.json()
    assert data["limit"] == 1 and data["threshold"] == 0.5
    assert data["algorithm"] == {"name": "accord", "requested": "logic-v2"}
    assert len(data["responses"]["q1"]["results"]) == 1


def test_a_large_batch_takes_the_worker_thread_path(
    live: TestClient, screening_world: World
) -> None:
    """Bodies over INLINE_BODY_MAX are screened in a worker thread; the answers are the same."""
    from accord.api.match import INLINE_BODY_MAX

    person = _query(name=["Фатмир Хоџа"], birthDate=["1979-03-14"])["queries"]["q1"]
    body: dict[str, Any] = {"queries": {f"q{n}": person for n in range(60)}}
    assert len(json.dumps(body).encode()) > INLINE_BODY_MAX
    response = live.post("/match/a-shared", json=body, headers=screening_world.auth("a"))
    assert response.status_code == 200, response.text
    answers = response.json()["responses"]
    assert len(answers) == 60
    assert {answer["results"][0]["id"] for answer in answers.values()} == {"a-shared-p1"}


def test_an_oversized_body_is_refused_before_it_is_held(
    live: TestClient, screening_world: World
) -> None:
    limit = live.app.state.settings.max_body_bytes  # type: ignore[attr-defined]
    padding = "x" * (limit + 1)
    body = json.dumps(_query(name=[padding])).encode()
    response = live.post("/match/a-shared", content=body, headers=screening_world.auth("a")
                         | {"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["message"] == (
        f"the request body is larger than {limit} bytes (ACCORD_MAX_BODY_BYTES)"
    )

    def chunks() -> Any:  # no Content-Length: counted while it streams
        yield body[: len(body) // 2]
        yield body[len(body) // 2 :]

    chunked = live.post("/match/a-shared", content=chunks(), headers=screening_world.auth("a")
                        | {"Content-Type": "application/json"})
    assert chunked.status_code == 413
