"""Break 5 of the pointer issue, replayed: ids of a pointer or blind holding cannot be
enumerated by reading them (both engines).

As reported: ``GET /api/entities/al-fiu.str-subjects/al-fiu.str-subjects-N`` answered 200
for existing ids and 404 for others, and misses left no audit trace. Now a partner that sees
a holding only as pointers gets the same answer for both, and both are in the owner's view.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.factories import World
from tests.security.conftest import AddEntity

WHY = {"X-Accord-Justification": "str follow-up, case 9/2026"}


@pytest.mark.parametrize("holding", ["a-pointer", "a-blind"])
def test_existing_and_missing_ids_answer_alike_and_are_both_audited(
    client: TestClient, world: World, add_entity: AddEntity, holding: str
) -> None:
    for n in (1, 2, 3):
        add_entity(holding, f"{holding}-{n}", f"Subject {n} Krasniqi")
    answers = {
        entity_id: client.get(f"/api/entities/{holding}/{entity_id}",
                              headers={**world.auth("b"), **WHY})
        for entity_id in (f"{holding}-2", f"{holding}-7", f"{holding}-3", "no-such-id")
    }
    statuses = {entity_id: response.status_code for entity_id, response in answers.items()}
    assert set(statuses.values()) == {200}, statuses
    bodies = {response.content for response in answers.values()}
    assert len(bodies) == 1, "existing and missing ids must give byte-identical answers"
    assert set(answers[f"{holding}-2"].json()) == {
        "visibility", "agency_id", "agency_name", "contact"}
    events = client.get("/api/audit/events", params={"action": "consult"},
                        headers=world.auth("a", "auditor")).json()["events"]
    consulted = sorted(e["object_id"] for e in events if e["agency_id"] == "agency-b")
    assert consulted == sorted(f"{holding}/{entity_id}" for entity_id in answers)
    details = {str(sorted(e["detail"].items())) for e in events if e["agency_id"] == "agency-b"}
    assert len(details) == 1, "the events of a hit and a miss must not differ either"


def test_the_owner_and_shared_partners_still_see_what_exists(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-pointer", "p-1", "Fatos Krasniqi")
    add_entity("a-shared", "s-1", "Fatos Krasniqi")
    own = client.get("/api/entities/a-pointer/p-1", headers=world.auth("a"))
    assert own.status_code == 200 and own.json()["id"] == "p-1"
    assert client.get("/api/entities/a-pointer/p-9", headers=world.auth("a")).status_code == 404
    shared = client.get("/api/entities/a-shared/s-1", headers={**world.auth("b"), **WHY})
    assert shared.status_code == 200 and shared.json()["visibility"] == "properties"
    missing = client.get("/api/entities/a-shared/s-9", headers={**world.auth("b"), **WHY})
    assert missing.status_code == 404


def test_a_pointer_read_still_needs_a_justification(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-pointer", "p-1", "Fatos Krasniqi")
    for entity_id in ("p-1", "p-404"):
        refused = client.get(f"/api/entities/a-pointer/{entity_id}", headers=world.auth("b"))
        assert refused.status_code == 422
        assert refused.json()["error"]["details"][0]["field"] == "justification"
