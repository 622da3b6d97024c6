"""Break 11 of the pointer issue, replayed: invisible justifications (both engines).

As reported: five U+200B, or NULs, were accepted as a justification and stored. Now every
place that takes one (entity reads, /match, the /screen page, ``accord screen``) goes
through ``accord.services.justification``: NFKC, control/format/invisible characters
removed, at least 5 characters of which 3 letters or digits — and what is stored is that
normal form.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.cli import app as cli_app
from accord.core.errors import InvalidInput
from accord.services.audit import justification
from tests.factories import World
from tests.security.conftest import AddEntity
from tests.web.conftest import csrf_of, sign_in

INVISIBLE = [
    "\u200b" * 5,  # zero-width spaces (the reported case)
    "\x00" * 8,  # NULs (the reported case)
    "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f",  # joiners, word joiner, BOM, bidi marks
    "\u3164\u115f\u1160\uffa0\u2800",  # Hangul fillers and the braille blank
    "\u202e\u202d\u2066\u2069\u00ad",  # bidi overrides and isolates, soft hyphen
    "\ufe0f\ufe0f\ufe0f\ufe0f\ufe0f",  # variation selectors
    "     \t\n  ",
    "a\u200bb\u200b.\u200b.\u200b.",  # two letters and dots: not a reason
    "......",
]


@pytest.mark.parametrize("text", INVISIBLE, ids=lambda t: repr(t)[:30])
def test_invisible_and_empty_reasons_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        justification.require(text, "reading another agency's entity")
    assert refused.value.details == [{"field": "justification", "message": "required"}]


def test_the_normal_form() -> None:
    assert justification.normalise("Ｃａｓｅ\u200b １７／２０２６\x00") == "Case 17/2026"
    assert justification.normalise("  border\u00a0\u2028check\t17  ") == "border check 17"
    assert justification.normalise("ﬁle 12") == "file 12"  # NFKC folds the ligature
    assert justification.require("Rasti 17/2026 — kontroll kufitar", "x") == (
        "Rasti 17/2026 — kontroll kufitar")
    assert justification.require("Случај 9", "x") == "Случај 9"
    assert justification.optional(None) == "" and justification.optional("\u200b") == ""


def test_entity_read_refuses_and_stores_the_normal_form(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    add_entity("a-shared", "e-1", "Arben Xhaferi")
    for text in ("\u200b" * 5, "\x00" * 8):
        refused = client.get("/api/entities/a-shared/e-1", params={"justification": text},
                             headers=world.auth("b"))
        assert refused.status_code == 422, text.encode()
        assert refused.json()["error"]["details"][0]["field"] == "justification"
    ok = client.get("/api/entities/a-shared/e-1",
                    params={"justification": "case\u200b 17\x00/2026 \u202eborder"},
                    headers=world.auth("b"))
    assert ok.status_code == 200
    events = client.get("/api/audit/events", params={"action": "consult"},
                        headers=world.auth("a", "auditor")).json()["events"]
    assert [e["justification"] for e in events] == ["case 17/2026 border"]


def test_match_refuses_an_invisible_reason(
    client: TestClient, world: World, add_entity: AddEntity
) -> None:
    query = {"q": {"schema": "Person", "properties": {"name": ["Arben Xhaferi"]}}}
    for text in ("\u200b" * 5, "\x00" * 8, "\u3164" * 6):
        refused = client.post("/match/default", json={"queries": query, "justification": text},
                              headers=world.auth("b"))
        assert refused.status_code == 422, text.encode()
        assert refused.json()["error"]["details"][0]["field"] == "justification"


def test_screen_page_refuses_an_invisible_reason(client: TestClient, world: World) -> None:
    sign_in(client, "b-analyst")
    page = client.get("/screen")
    refused = client.post("/screen", data={"name": "Arben Xhaferi", "dataset": "default",
                                           "justification": "\u200b" * 5,
                                           "csrf_token": csrf_of(page)})
    assert refused.status_code == 422 and "justification" in refused.text


def test_command_line_refuses_an_invisible_reason(cli: CliRunner, world: World) -> None:
    result = cli.invoke(cli_app, ["screen", "Arben Xhaferi", "--as", "b-analyst",
                                  "--justification", "\u200b" * 5])
    assert result.exit_code == 1 and "justification" in result.output
