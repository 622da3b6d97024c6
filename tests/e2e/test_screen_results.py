"""Results a duty officer reads at a glance: a worded band with its reason, fields in words,
the query's and the record's own spellings, "not on the record"; on the demo, in Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from accord.demo.scenario import DEMO_PASSWORD
from tests.e2e.a11y import Problems, assert_accessible, assert_no_overflow, screenshot

pytestmark = pytest.mark.e2e


def _search(page: Any, name: str, dob: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Date of birth").fill(dob)
    page.get_by_label("Justification").fill("border check, case 17/2026")
    page.get_by_label("Name", exact=True).press("Enter")


def test_results_in_words(demo_server: str, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = Problems(page)
    page.goto(f"{demo_server}/login?next=/screen")
    page.get_by_label("Username").fill("al-asp-ctu.analyst")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # A partner's shared record in Serbian Latin, queried in Macedonian Cyrillic; it has no
    # date of birth. The band says Review and why; the spellings are the real ones.
    _search(page, "Горан Ѓорѓиевски", "23.06.1978")
    hit = page.locator("#results li").filter(has_text="Goran Đorđievski").first
    expect(hit).to_be_visible()
    expect(hit.locator(".band")).to_have_text("Review")
    expect(hit.locator(".band-reason")).to_have_text(
        "name only, spelled another way, date of birth not on the record")
    name_row = hit.get_by_role("row", name="Name")
    expect(name_row).to_contain_text("Горан Ѓорѓиевски")
    expect(name_row).to_contain_text("Đorđievski")  # as the record writes it
    dob_row = hit.get_by_role("row", name="Date of birth")
    expect(dob_row).to_contain_text("not on the record")
    expect(dob_row).to_contain_text("1978-06-23")
    results_text = page.locator("#results").inner_text()
    for internal in ("DorDievski", "~", "Evidence", "birth_date", "BIRTHDATE"):
        assert internal not in results_text
    assert_accessible(page, "a review hit")
    screenshot(page, "screen-results-review")

    # One's own record, the same name and date: Strong, and the reason says so
    _search(page, "Arlindi Xhaferi", "8.9.1993")
    own = page.locator("#results li").filter(has_text="Arlindi Xhaferi").first
    expect(own.locator(".band")).to_have_text("Strong")
    expect(own.locator(".band-reason")).to_have_text("name and date of birth agree")
    expect(own.get_by_role("row", name="Date of birth")).to_contain_text("same date")
    assert_accessible(page, "a strong hit")
    screenshot(page, "screen-results-strong")

    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_overflow(page, "results at 390 px")
    assert_accessible(page, "results at 390 px")
    screenshot(page, "screen-results-narrow")
    assert problems.found == []
    context.close()
