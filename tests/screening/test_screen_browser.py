"""The screening page in a real Chromium against a real uvicorn: keyboard only."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.factories import PASSWORD, World
from tests.screening.test_pointer_leaks import _assert_no_secret

CHROMIUM = os.environ.get("ACCORD_TEST_CHROMIUM") or shutil.which("chromium") or ""
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def page(server: str) -> Iterator[object]:
    if not CHROMIUM:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Chromium is not installed")
        pytest.skip("Chromium not available")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(base_url=server)
        yield context.new_page()
        context.close()
        browser.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_keyboard_only_screening(page: object, screening_world: World) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto("/login?next=/screen")
    page.get_by_label("Username").fill("a-analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/screen")
    name = page.get_by_label("Name", exact=True)
    expect(name).to_be_focused()  # autofocus: type at once
    page.keyboard.type("HOXHA FATMIR")
    page.keyboard.press("Tab")
    page.keyboard.type("1979-03-14")
    page.get_by_label("Search in").select_option("a-shared")
    name.focus()
    page.keyboard.press("Enter")  # Enter submits; htmx swaps the results in
    results = page.locator("#results")
    expect(results.get_by_text("a-shared-p1").or_(results.get_by_text("Fatmir Hoxha")).first
           ).to_be_visible()
    expect(results.locator("summary").first).to_contain_text("Fatmir Hoxha")
    expect(results.get_by_role("row", name="Date of birth")).to_be_visible()
    assert page.url.endswith("/screen")  # no page reload: still the same page
    # Tab from the button reaches the first result
    page.get_by_role("button", name="Screen").focus()
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    # A pointer holding: whom to call, and nothing of the person
    page.get_by_label("Search in").select_option("b-pointer")
    page.get_by_label("Justification").fill("border check, case 17")
    name.fill("Фатмир Хоџа")
    page.get_by_label("Date of birth").fill("")
    name.press("Enter")
    expect(results).to_contain_text("Match held by Agency B")
    expect(results).to_contain_text("+381600000000")
    _assert_no_secret(results.inner_text())
