"""A pointer holding never leaks a property, a name or an entity id — through any door."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.factories import World
from tests.screening.conftest import SECRET_PERSON

JUST = {"X-Accord-Justification": "border check, case 2024-17"}
# The query is the Cyrillic form of the name, no date, no id: none of these may come back.
QUERY = {"name": ["Фатмир Хоџа"]}
SECRETS = ["Fatmir", "Hoxha", SECRET_PERSON["idNumber"][0], "1979", "b-pointer-p1",
           "b-blind-p1", "Dragan", "Nikoli", "RS9911223", "1970-01-09", "b-shared-h3"]


def _assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


def test_match_blind_finds_nothing(live: TestClient, screening_world: World) -> None:
    """A blind holding takes encodings only: it holds no plaintext to match."""
    response = live.post("/match/b-blind", headers=screening_world.auth("a") | JUST,
                         json={"queries": {"q": {"schema": "Person", "properties": QUERY}}})
    assert response.status_code == 200
    assert response.json()["responses"]["q"]["results"] == []


@pytest.mark.parametrize("dataset", ["b-pointer"])
def test_match_pointer(live: TestClient, screening_world: World, dataset: str) -> None:
    response = live.post(f"/match/{dataset}", headers=screening_world.auth("a") | JUST,
                         json={"queries": {"q": {"schema": "Person", "properties": QUERY}}})
    assert response.status_code == 200
    [hit] = response.json()["responses"]["q"]["results"]
    assert hit["properties"] == {} and hit["explanations"] == {}
    pointer = hit["accord:pointer"]
    assert pointer["agency_id"] == "agency-b"
    assert pointer["contact"] == {"name": "Duty desk B", "phone": "+381600000000",
                                  "email": "duty@b.example"}
    assert pointer["score_band"] in {"strong", "possible"}
    assert hit["id"].startswith("ptr-") and hit["id"] == pointer["reference"]
    assert hit["score"] in {0.95, 0.85}
    _assert_no_secret(response.text)


def test_h3_entity_in_shared_holding_is_a_pointer(live: TestClient, screening_world: World
                                                  ) -> None:
    response = live.post("/match/b-shared", headers=screening_world.auth("a") | JUST,
                         json={"queries": {"q": {"schema": "Person",
                                                 "properties": {"name": ["Драган Николић"]}}}})
    [hit] = response.json()["responses"]["q"]["results"]
    assert "accord:pointer" in hit
    _assert_no_secret(response.text)
    own = live.post("/match/b-shared", headers=screening_world.auth("b"),
                    json={"queries": {"q": {"schema": "Person",
                                            "properties": {"name": ["Драган Николић"]}}}})
    assert own.json()["responses"]["q"]["results"][0]["id"] == "b-shared-h3"


def test_reconcile_pointer(live: TestClient, screening_world: World) -> None:
    response = live.post("/reconcile/b-pointer", headers=screening_world.auth("a") | JUST,
                         data={"queries": json.dumps({"q": {"query": QUERY["name"][0]}})})
    [hit] = response.json()["q"]["result"]
    assert hit["name"] == "Match held by Agency B — contact Duty desk B"
    assert hit["match"] is False and hit["features"] == []
    _assert_no_secret(response.text)
    suggest = live.get("/reconcile/b-pointer/suggest/entity", headers=screening_world.auth("a")
                       | JUST, params={"prefix": QUERY["name"][0]})
    assert suggest.json()["result"]
    _assert_no_secret(suggest.text)


def test_cli_pointer(cli: CliRunner, screening_world: World) -> None:
    from accord.cli import app

    result = cli.invoke(app, ["screen", QUERY["name"][0], "--dataset", "b-pointer",
                                  "--as", "a-analyst", "--justification", "border check 17"])
    assert result.exit_code == 0, result.output
    assert "Agency B" in result.output and "Duty desk B" in result.output
    _assert_no_secret(result.output)
