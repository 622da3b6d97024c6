"""A duty officer screens with the date as it is written in the region, on the demo."""

from __future__ import annotations

from typing import Any

import pytest

from accord.demo.scenario import DEMO_PASSWORD
from tests.e2e.a11y import Problems, assert_accessible, assert_no_overflow, screenshot

pytestmark = pytest.mark.e2e


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login?next=/screen")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_dotted_date_screens_and_an_impossible_one_is_marked(demo_server: str,
                                                             browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = Problems(page)
    _sign_in(page, demo_server, "al-asp-ctu.analyst")
    assert page.url == f"{demo_server}/screen"
    assert_accessible(page, "screening form")

    # Keyboard only: the name has focus; the date as written on a Macedonian ID card
    page.keyboard.type("Gjorgjievski Goran")
    page.keyboard.press("Tab")
    page.keyboard.type("23.06.1978.")
    page.get_by_label("Justification").fill("border check, case 17/2026")
    page.get_by_label("Name", exact=True).press("Enter")
    results = page.locator("#results")
    expect(results).to_contain_text("Đorđievski")
    expect(page.get_by_label("Date of birth")).to_have_value("23.06.1978.")  # kept as typed
    assert_accessible(page, "results of a dotted date")
    screenshot(page, "screen-dotted-date")

    # A date that cannot exist: marked at the field, focus on it, nothing searched
    page.get_by_label("Date of birth").fill("31.06.1978")
    page.get_by_label("Name", exact=True).press("Enter")
    dob = page.get_by_label("Date of birth")
    expect(dob).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#screen-dob-error")).to_have_text("This date does not exist.")
    expect(dob).to_be_focused()
    expect(dob).to_have_value("31.06.1978")
    expect(results).not_to_contain_text("Đorđievski")
    assert_accessible(page, "impossible date")
    screenshot(page, "screen-date-error")

    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_overflow(page, "impossible date at 390 px")
    assert problems.found == []  # no CSP violation, no script error
    context.close()
