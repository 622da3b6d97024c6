"""Every screening call is audited: one SCREEN event, a CONSULT per foreign holding hit."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from accord.store.tables import AuditEvent
from tests.factories import World
from tests.screening.conftest import db_of

REASON = "border check, case 2024-17"


def _events(app: FastAPI) -> list[AuditEvent]:
    with db_of(app).read() as tx:
        events = list(tx.execute(select(AuditEvent).where(
            AuditEvent.action.in_(["screen", "consult"])).order_by(AuditEvent.seq)).scalars())
        tx.expunge_all()
        return events


def test_default_screen_audits_call_and_each_consulted_holding(
        app: FastAPI, live: TestClient, screening_world: World) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Fatmir Hoxha"]}}},
            "justification": REASON}
    response = live.post("/match/default", json=body, headers=screening_world.auth("a"))
    assert response.status_code == 200
    screen, *consults = _events(app)
    assert screen.action == "screen" and screen.actor == "a-analyst"
    assert screen.justification == REASON
    detail = json.loads(screen.detail)
    assert detail["queries"] == 1 and detail["results"] >= 4
    assert "b-pointer" in detail["holdings"] and len(detail["fingerprints"]) == 1
    assert "Hoxha" not in screen.detail  # no names in clear in the trail
    owners = {(c.object_id, c.object_agency_id) for c in consults}
    # b-blind holds no plaintext (encodings only), so it has nothing to consult
    assert owners == {("b-shared", "agency-b"), ("b-pointer", "agency-b")}
    for consult in consults:
        assert consult.justification == REASON
        consult_detail = json.loads(consult.detail)
        assert consult_detail["screen_seq"] == screen.seq
        if consult.object_id != "b-shared":  # pointer: only opaque references
            assert all(m.startswith("ptr-") for m in consult_detail["matched"])


def test_own_agency_screen_needs_no_justification_and_no_consult(
        app: FastAPI, live: TestClient, screening_world: World) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Fatmir Hoxha"]}}}}
    response = live.post("/match/a-pointer", json=body, headers=screening_world.auth("a"))
    assert response.status_code == 200
    [screen] = _events(app)
    assert screen.justification == "" and screen.object_id == "a-pointer"


def test_refused_call_writes_nothing(app: FastAPI, live: TestClient, screening_world: World
                                    ) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Fatmir Hoxha"]}}}}
    assert live.post("/match/b-shared", json=body,
                     headers=screening_world.auth("a")).status_code == 422
    assert _events(app) == []
