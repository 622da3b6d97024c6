"""Another agency's hidden data cannot suppress a caller's own hits (issue 7, break 8).

The attack as reported: agency A restricts one of its holdings to a sharing group that
leaves B out, then imports 200 records of one name into it; B's screen of B's *own*
holding for that name stopped returning B's own record, because the candidate cap was
applied over the whole index before filtering to what B may see. Candidates are now
chosen among the caller's holdings only: B's answer is the same before and after.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from accord.services.identity import directory
from accord.store.db import Database
from tests.factories import World
from tests.screening.conftest import manager_of, person

JUST = {"X-Accord-Justification": "border check, case 2024-17"}
# B's own record is sparse (name and date); A's namesakes also carry the nationality the
# query names, so over the whole index every one of them ranks above B's record.
QUERY = {"name": ["Fatos Krasniqi"], "birthDate": ["1984-06-21"], "nationality": ["al"]}


def _screen(client: TestClient, world: World, dataset: str) -> dict[str, Any]:
    response = client.post(f"/match/{dataset}", headers=world.auth("b") | JUST,
                           json={"queries": {"q": {"schema": "Person", "properties": QUERY}}})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()["responses"]["q"]
    return answer


def _seen(answer: dict[str, Any]) -> list[tuple[str, float, str]]:
    return [(hit["id"], hit["score"], hit["datasets"][0]) for hit in answer["results"]]


def test_hidden_namesakes_do_not_suppress_own_hit(
    live: TestClient, screening_world: World, db: Database, app: FastAPI
) -> None:
    world = screening_world
    with db.transaction() as tx:
        directory.create_agency(tx, id="agency-c", name="Agency C", country="mk",
                                kind="police_ct", contact_name="Duty desk C",
                                contact_phone="+38970000000", contact_email="duty@c.example")
    own = live.post("/api/holdings/b-shared/entities", headers=world.auth("b")
                    | {"Content-Type": "application/x-ndjson"},
                    content=json.dumps(person("b-fatos", name="Fatos Krasniqi",
                                              birthDate="1984-06-21")))
    assert own.status_code == 200, own.text
    manager_of(app).catch_up()
    before = {dataset: _screen(live, world, dataset) for dataset in ("b-shared", "default")}
    assert [hit[0] for hit in _seen(before["b-shared"])] == ["b-fatos"]
    assert "b-fatos" in {hit[0] for hit in _seen(before["default"])}

    # A hides a holding from B behind a sharing group, and fills it with namesakes
    restricted = live.put("/api/holdings/a-shared/policy", headers=world.auth("a", "supervisor"),
                          json={"policy": "shared", "sharing_group": ["agency-c"]})
    assert restricted.status_code == 200, restricted.text
    flood = "".join(json.dumps(person(f"a-fatos-{n}", **QUERY)) + "\n" for n in range(200))
    imported = live.post("/api/holdings/a-shared/entities", content=flood.encode(),
                         headers=world.auth("a") | {"Content-Type": "application/x-ndjson"})
    assert imported.status_code == 200, imported.text
    assert imported.json()["inserted"] == 200
    manager_of(app).catch_up()

    for dataset, earlier in before.items():
        after = _screen(live, world, dataset)
        assert _seen(after) == _seen(earlier), dataset  # B learns nothing of the 200
        assert after["total"] == earlier["total"]
    # the 200 are indexed: A's own screen of its holding finds them
    mine = live.post("/match/a-shared?limit=100", headers=world.auth("a"),
                     json={"queries": {"q": {"schema": "Person", "properties": QUERY}}})
    assert len(mine.json()["responses"]["q"]["results"]) == 100
