"""Break 7 replayed: the /screen page's dataset list must not name another agency's
pointer or blind holding (the name says what kind of subjects the owner keeps), just as
``GET /api/access/holdings`` leaves it blank."""

from __future__ import annotations

from fastapi.testclient import TestClient

from accord.services.identity import directory
from tests.factories import World
from tests.screening.conftest import db_of
from tests.web.conftest import sign_in

HIDDEN = ("Subjects of suspicious-transaction reports", "Informants of the CT unit")
SHOWN = ("Wanted persons (shared)", "Own watchlist")


def test_screen_page_does_not_name_partners_pointer_holdings(live: TestClient,
                                                            screening_world: World) -> None:
    with db_of(live.app).transaction() as tx:  # type: ignore[arg-type]
        for holding_id, name, agency, policy in (
                ("b-str", HIDDEN[0], "agency-b", "pointer"),
                ("b-informants", HIDDEN[1], "agency-b", "blind"),
                ("b-wanted", SHOWN[0], "agency-b", "shared"),
                ("a-watch", SHOWN[1], "agency-a", "pointer")):
            directory.create_holding(tx, id=holding_id, agency_id=agency, name=name,
                                     policy=policy)
    sign_in(live, "a-analyst", next_path="/screen")
    page = live.get("/screen")
    assert page.status_code == 200
    for name in HIDDEN:
        assert name not in page.text
    for name in SHOWN:  # a partner's shared holding, and one's own pointer holding
        assert name in page.text
    assert 'value="b-str"' in page.text  # still selectable, by id only
    api = live.get("/api/access/holdings", headers=screening_world.auth("a")).json()
    assert {h["id"]: h["name"] for h in api}["b-str"] == ""
    assert all(name not in str(api) for name in HIDDEN)
