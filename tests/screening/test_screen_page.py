"""The screening page over HTTP (the browser test is in test_screen_browser.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import World
from tests.screening.test_pointer_leaks import _assert_no_secret
from tests.web.conftest import csrf_of, sign_in


def test_page_form_and_results(live: TestClient, screening_world: World) -> None:
    assert sign_in(live, "a-analyst", next_path="/screen").status_code == 303
    page = live.get("/screen")
    assert page.status_code == 200
    assert 'id="screen-name"' in page.text and "autofocus" in page.text
    assert 'href="/screen"' in page.text  # in the navigation
    token = csrf_of(page)
    full = live.post("/screen", data={"name": "Фатмир Хоџа", "dataset": "a-shared",
                                      "csrf_token": token})
    assert full.status_code == 200
    assert "a-shared" in full.text and "1979-03-14" in full.text
    partial = live.post("/screen", data={"name": "Фатмир Хоџа", "dataset": "b-pointer",
                                         "justification": "border check 17"},
                        headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert partial.status_code == 200
    assert "<html" not in partial.text
    assert "Match held by Agency B" in partial.text and "+381600000000" in partial.text
    # the form comes back too (its hint names an example person): the results are checked
    _assert_no_secret(partial.text.split('<section id="results"', 1)[1])
    refused = live.post("/screen", data={"name": "Фатмир Хоџа", "dataset": "default"},
                        headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert refused.status_code == 200  # the form comes back, the field marked
    assert 'id="screen-justification-error"' in refused.text
    assert 'aria-invalid="true"' in refused.text and "Say why you search" in refused.text
    assert 'value="Фатмир Хоџа"' in refused.text  # what was typed stays


def test_page_needs_sign_in_and_a_reader(live: TestClient, screening_world: World) -> None:
    redirect = live.get("/screen", headers={"accept": "text/html"}, follow_redirects=False)
    assert redirect.status_code == 303 and "/login" in redirect.headers["location"]
    sign_in(live, "a-auditor")
    assert live.get("/screen").status_code == 403
