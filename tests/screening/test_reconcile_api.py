"""/reconcile/{dataset}: W3C Reconciliation API 0.2, every response schema-validated."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.factories import World
from tests.screening.conftest import w3c_validate

JUST = {"X-Accord-Justification": "reconciling the case 17 spreadsheet"}
QUERIES = {
    "q0": {"query": "Fatmir Hoxha", "type": "Person", "limit": 3,
           "properties": [{"pid": "birthDate", "v": "1979-03-14"},
                          {"pid": "nationality", "v": ["al"]}]},
    "q1": {"query": "Марко Петровић"},
    "q2": {"query": "Nobody Atall Whatsoever"},
}


def test_manifest(live: TestClient, screening_world: World) -> None:
    response = live.get("/reconcile/a-shared", headers=screening_world.auth("a"))
    assert response.status_code == 200
    manifest = response.json()
    w3c_validate("manifest.json", manifest)
    assert manifest["versions"] == ["0.2"]
    assert manifest["suggest"]["entity"]["service_path"] == "/reconcile/a-shared/suggest/entity"
    assert live.get("/reconcile/a-shared").status_code == 401
    assert live.get("/reconcile/no-such", headers=screening_world.auth("a")).status_code == 404


def test_queries_as_form_json_body_and_get(live: TestClient, screening_world: World) -> None:
    w3c_validate("reconciliation-query-batch.json", QUERIES)
    auth = screening_world.auth("a")
    answers = [
        live.post("/reconcile/a-shared", data={"queries": json.dumps(QUERIES)}, headers=auth),
        live.post("/reconcile/a-shared", json={"queries": QUERIES}, headers=auth),
        live.get("/reconcile/a-shared", params={"queries": json.dumps(QUERIES)}, headers=auth),
    ]
    for response in answers:
        assert response.status_code == 200, response.text
        batch = response.json()
        w3c_validate("reconciliation-result-batch.json", batch)
        assert set(batch) == {"q0", "q1", "q2"}
        top = batch["q0"]["result"][0]
        assert top["id"] == "a-shared-p1" and top["match"] is True
        assert top["type"] == [{"id": "Person", "name": "Person"}]
        assert {f["id"] for f in top["features"]} >= {"name", "birth_date"}
        assert batch["q1"]["result"][0]["id"] == "a-shared-p2"
        assert batch["q2"]["result"] == []


def test_bad_queries(live: TestClient, screening_world: World) -> None:
    auth = screening_world.auth("a")
    broken = live.post("/reconcile/a-shared", data={"queries": "{not json"}, headers=auth)
    assert broken.status_code == 422
    assert broken.json()["error"]["details"][0]["field"] == "queries"
    unknown = live.post("/reconcile/a-shared", json={"queries": {"x": {
        "query": "A B", "properties": [{"pid": "shoeSize", "v": "44"}]}}}, headers=auth)
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"][0]["field"] == "queries.x.properties"
    no_query = live.post("/reconcile/a-shared", json={"queries": {"x": {"type": "Person"}}},
                         headers=auth)
    assert no_query.status_code == 422


def test_suggest_services(live: TestClient, screening_world: World) -> None:
    auth = screening_world.auth("a")
    types = live.get("/reconcile/a-shared/suggest/type", params={"prefix": "Pe"}, headers=auth)
    w3c_validate("suggest-types-response.json", types.json())
    assert [t["id"] for t in types.json()["result"]] == ["Person"]
    props = live.get("/reconcile/a-shared/suggest/property", params={"prefix": "birth"},
                     headers=auth)
    w3c_validate("suggest-properties-response.json", props.json())
    assert props.json()["result"][0]["id"] == "birthDate"
    entities = live.get("/reconcile/a-shared/suggest/entity", params={"prefix": "Fatmir Hoxha"},
                        headers=auth)
    w3c_validate("suggest-entities-response.json", entities.json())
    assert entities.json()["result"][0]["id"] == "a-shared-p1"


def test_cross_agency_reconcile_needs_justification(live: TestClient, screening_world: World
                                                   ) -> None:
    auth = screening_world.auth("a")
    body = {"queries": json.dumps({"q0": {"query": "Fatmir Hoxha"}})}
    assert live.post("/reconcile/default", data=body, headers=auth).status_code == 422
    by_param = live.post("/reconcile/default", data=body, headers=auth,
                         params={"justification": "case 17 spreadsheet"})
    assert by_param.status_code == 200
    by_header = live.post("/reconcile/default", data=body, headers=auth | JUST)
    assert by_header.status_code == 200
    w3c_validate("reconciliation-result-batch.json", by_header.json())
