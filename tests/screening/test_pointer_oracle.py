"""Break 1 replayed: a partner with a valid account tries to turn a pointer holding into a
score oracle (binary search on ``threshold``, ranking against its own results, a sweep of
dates of birth) and to link pointer answers across agencies. Both engines: the sweep
detector and the notices live in the database."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.core.errors import NotFound
from accord.matching import Record, score_pair
from accord.services.identity import directory
from accord.services.identity.auth import create_token, principal_for_user
from accord.services.screening.pointers import resolve_reference
from accord.store.db import Database
from tests.factories import PASSWORD_HASH, World
from tests.screening.conftest import SECRET_PERSON, Importer, db_of, manager_of, person

JUST = {"X-Accord-Justification": "border check, case 2024-17"}
NAME = SECRET_PERSON["name"]
TRUE_DOB = SECRET_PERSON["birthDate"][0]


def _queries(dates: list[str]) -> dict[str, Any]:
    return {"queries": {f"d{i}": {"schema": "Person",
                                  "properties": {"name": NAME, "birthDate": [day]}}
                        for i, day in enumerate(dates)}}


def _pointers(answer: dict[str, Any], holding: str = "b-pointer") -> list[dict[str, Any]]:
    return [r for r in answer["results"] if r["datasets"] == [holding]]


def _exact(**props: Any) -> float:
    """The matcher's exact score of a query against B's subject (what must not leak)."""
    subject = Record.from_entity({"id": "s", "schema": "Person", "properties": SECRET_PERSON})
    query = Record.from_entity({"id": "q", "schema": "Person", "properties": props})
    return score_pair(query, subject, 0.0).score


def test_binary_search_on_threshold_learns_nothing(live: TestClient, screening_world: World
                                                   ) -> None:
    """Whatever threshold the caller sends, the pointer answer is the same: the owner's
    threshold applies, and the answer carries a band, not the score."""
    body = {"queries": {"q": {"schema": "Person",
                              "properties": {"name": NAME, "birthDate": [TRUE_DOB]}}}}
    exact = _exact(name=NAME, birthDate=[TRUE_DOB])
    answers = []
    for threshold in (0.05, 0.5, 0.8, 0.9, 0.95, 0.97, 0.975, 0.98, 0.99, 1.0):
        response = live.post("/match/b-pointer", params={"threshold": threshold}, json=body,
                             headers=screening_world.auth("a") | JUST)
        assert response.status_code == 200, response.text
        assert f"{exact:.4f}" not in response.text and f"{exact:.3f}" not in response.text
        answers.append(response.json()["responses"]["q"]["results"])
    assert all(answer == answers[0] for answer in answers)
    [hit] = answers[0]
    assert hit["accord:pointer"]["score_band"] == "strong" and hit["score"] == 0.95
    assert hit["match"] is True and hit["explanations"] == {}
    # the caller's threshold still applies to what it may see: its own holding
    own = live.post("/match/a-shared", params={"threshold": 1.0}, json={"queries": {
        "q": {"schema": "Person", "properties": {"name": NAME, "birthDate": ["1979-03-15"]}}}},
        headers=screening_world.auth("a"))
    assert own.json()["responses"]["q"]["results"] == []


def test_rank_among_own_results_brackets_nothing(live: TestClient, screening_world: World,
                                                 importer: Importer) -> None:
    """A caller plants calibration records of the same name in its own holding (their exact
    scores it sees) and looks where the pointer lands among them: always after them, and
    never crowded out by them, whatever ``limit``."""
    importer("a-pointer", [person(f"a-cal-{i}", name=NAME[0], birthDate=f"1979-03-{d:02d}")
                           for i, d in enumerate((13, 14, 15, 20))])
    manager_of(live.app).catch_up()  # type: ignore[attr-defined]
    body = {"queries": {"q": {"schema": "Person",
                              "properties": {"name": NAME, "birthDate": [TRUE_DOB]}}}}
    for limit in (1, 2, 5, 10):
        response = live.post("/match/default", params={"limit": limit}, json=body,
                             headers=screening_world.auth("a") | JUST)
        results = response.json()["responses"]["q"]["results"]
        assert len(results) <= limit
        kinds = ["pointer" if "accord:pointer" in r else "visible" for r in results]
        assert kinds == sorted(kinds, key=lambda k: k == "pointer")  # visible first, always
        assert any("accord:pointer" in r for r in results)  # never crowded out
        pointers = [r for r in results if "accord:pointer" in r]
        order = [(r["accord:pointer"]["score_band"] != "strong", r["id"]) for r in pointers]
        assert order == sorted(order)  # band, then reference: nothing that follows the score


def test_many_dates_sweep_no_longer_recovers_the_date(live: TestClient, screening_world: World
                                                      ) -> None:
    """The attack as filed: one call of 56 year-only dates, then 4 calls of 100 dates. Only
    the first ``ACCORD_PROBE_VARIANTS`` (8) variants of the name are answered at all; every
    later one — the true date of birth among them — answers alike, and B is told."""
    settings = live.app.state.settings  # type: ignore[attr-defined]
    years = [str(year) for year in range(1960, 2016)]
    start = date(1978, 12, 1)
    days = [(start + timedelta(days=i)).isoformat() for i in range(400)]
    assert TRUE_DOB in days
    answered: list[str] = []
    silent: set[str] = set()
    for batch in (years, days[:100], days[100:200], days[200:300], days[300:]):
        response = live.post("/match/b-pointer", json=_queries(batch),
                             headers=screening_world.auth("a") | JUST)
        assert response.status_code == 200, response.text
        for key, answer in response.json()["responses"].items():
            day = batch[int(key[1:])]
            if answer.get("accord:pointers_withheld"):
                assert answer["results"] == []
                silent.add(day)
            else:
                answered.append(day)
    assert answered == years[: settings.probe_variants]  # the first variants, in order
    assert TRUE_DOB in silent and len(silent) == 56 + 400 - settings.probe_variants
    # B's supervisor and auditor see one sweep notice naming A's analyst; no name in clear
    for role in ("supervisor", "auditor"):
        notices = live.get("/api/probing/notices", headers=screening_world.auth("b", role))
        assert notices.status_code == 200, notices.text
        [notice] = [n for n in notices.json()["notices"] if n["kind"] == "sweep"]
        assert notice["holding_id"] == "b-pointer" and notice["caller"] == "a-analyst"
        assert notice["caller_agency_id"] == "agency-a"
        # the distinct variants of the name sent when B's holding last would have answered
        assert notice["count"] == 56 + days.index(TRUE_DOB) + 1
        assert "Fatmir" not in notices.text and "Hoxha" not in notices.text
    assert live.get("/api/probing/notices", headers=screening_world.auth("a", "supervisor")
                    ).json()["notices"] == []
    events = live.get("/api/audit/events", params={"action": "screen", "actor": "a-analyst"},
                      headers=screening_world.auth("a", "auditor")).json()["events"]
    assert sum(e["detail"]["withheld"] for e in events) == 56 + 400 - settings.probe_variants
    assert any("b-pointer:sweep" in e["detail"]["notices"] for e in events)


def _third_agency(db: Database) -> str:
    with db.transaction() as tx:
        directory.create_agency(tx, id="agency-c", name="Agency C", country="mk",
                                kind="border_police")
        user = directory.create_user(tx, agency_id="agency-c", username="c-analyst",
                                     password="unused-password-1", password_hash=PASSWORD_HASH,
                                     role="analyst")
        return create_token(tx, user, name="test")[1]


def test_references_differ_per_agency_and_the_owner_resolves_them(
        live: TestClient, screening_world: World) -> None:
    db = db_of(live.app)  # type: ignore[arg-type]
    c_token = _third_agency(db)
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": NAME}}}}

    def reference(headers: dict[str, str]) -> str:
        response = live.post("/match/b-pointer", json=body, headers=headers | JUST)
        [hit] = response.json()["responses"]["q"]["results"]
        assert hit["id"] == hit["accord:pointer"]["reference"]
        return str(hit["id"])

    from_a = reference(screening_world.auth("a"))
    assert reference(screening_world.auth("a")) == from_a  # A can follow up with it
    from_c = reference({"Authorization": f"Bearer {c_token}"})
    assert from_c != from_a and from_c.startswith("ptr-")
    secret = live.app.state.settings.secret_key.get_secret_value()  # type: ignore[attr-defined]
    with db.transaction() as tx:
        owner = principal_for_user(directory.get_user(tx, "b-analyst"))
        assert resolve_reference(tx, owner, secret=secret, holding_id="b-pointer",
                                 caller_agency_id="agency-a", reference=from_a) == "b-pointer-p1"
        assert resolve_reference(tx, owner, secret=secret, holding_id="b-pointer",
                                 caller_agency_id="agency-c", reference=from_c) == "b-pointer-p1"
    for who, agency, ref in (("b-analyst", "agency-c", from_a), ("a-analyst", "agency-a", from_a)):
        with pytest.raises(NotFound), db.transaction() as tx:
            principal = principal_for_user(directory.get_user(tx, who))
            resolve_reference(tx, principal, secret=secret, holding_id="b-pointer",
                              caller_agency_id=agency, reference=ref)
    events = live.get("/api/audit/events", params={"actor": "b-analyst"},
                      headers=screening_world.auth("b", "auditor")).json()["events"]
    resolved = [e for e in events if e["detail"].get("resolved_reference")]
    assert {(e["detail"]["quoted_by"], e["object_id"]) for e in resolved} == {
        ("agency-a", "b-pointer/b-pointer-p1"), ("agency-c", "b-pointer/b-pointer-p1")}


def test_cli_applies_the_owners_threshold(cli: CliRunner, screening_world: World) -> None:
    from accord.cli import app

    for threshold in ("0.1", "0.99"):
        result = cli.invoke(app, ["screen", NAME[0], "--dataset", "b-pointer", "--as",
                                  "a-analyst", "--justification", "border check 17",
                                  "--threshold", threshold, "--json"])
        assert result.exit_code == 0, result.output
        [hit] = json.loads(result.output)["results"]
        assert hit["accord:pointer"]["score_band"] == "possible" and hit["score"] == 0.85
