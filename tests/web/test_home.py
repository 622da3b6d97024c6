"""The home page: the user's agency, and its holdings for those who read entities."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient

from accord.core.settings import Settings
from accord.services.identity.auth import principal_for_user
from accord.services.identity.directory import get_user
from accord.services.ingest.importer import ImportOptions, import_entities
from accord.services.runtime import Runtime
from tests.factories import World
from tests.web.conftest import sign_in


def _import(settings: Settings, username: str, holding: str, count: int) -> None:
    runtime = Runtime.from_settings(settings)
    try:
        with runtime.db.read() as tx:
            principal = principal_for_user(get_user(tx, username))
        lines = "".join(
            f'{{"id": "p{n}", "schema": "Person", "properties": {{"name": ["Person {n}"]}}}}\n'
            for n in range(count)
        )
        import_entities(runtime, principal, holding, io.BytesIO(lines.encode()), ImportOptions())
    finally:
        runtime.close()


def test_analyst_sees_agency_and_holdings_with_counts(
    client: TestClient, world: World, settings: Settings
) -> None:
    _import(settings, "a-analyst", "a-shared", 3)
    _import(settings, "b-analyst", "b-shared", 2)
    sign_in(client, "a-analyst")
    page = client.get("/").text
    assert "Agency A" in page and "Duty desk A" in page and "+355690000000" in page
    assert "duty@a.example" in page and ">AL<" in page
    row = page.split('<span class="holding-id">a-shared</span>')[1].split("</tr>")[0]
    assert "shared" in row and '<td class="num">3</td>' in row
    assert "a-pointer" in page and "b-shared" not in page  # only its own agency's holdings


def test_auditor_and_admin_see_their_agency_and_links_not_holdings(
    client: TestClient, world: World
) -> None:
    sign_in(client, "a-auditor")
    page = client.get("/").text
    assert "Agency A" in page and "Holdings" not in page and "Your pages" in page
    client.cookies.clear()
    sign_in(client, "a-admin")
    page = client.get("/").text
    assert (
        "Holdings" not in page and 'href="/admin/users"' in page and 'href="/admin/tokens"' in page
    )


def test_navigation_is_filtered_by_role(client: TestClient, world: World) -> None:
    sign_in(client, "a-analyst")
    page = client.get("/").text
    assert 'href="/admin/users"' not in page
    assert 'aria-current="page">Home' in page
