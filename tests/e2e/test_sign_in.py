"""A demo user signs in with the keyboard, sees the agency's holdings, and signs out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accord.demo.scenario import DEMO_PASSWORD, build_scenario
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.e2e

SCREENSHOTS = "/tmp"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_demo_user_signs_in_sees_holdings_and_signs_out(demo_server: str, browser: Any) -> None:
    scenario = build_scenario()
    user = next(u for u in scenario.users if u.username == "al-asp-ctu.analyst")
    agency = next(a for a in scenario.agencies if a.id == user.agency_id)
    holdings = [h for h in scenario.holdings if h.agency_id == agency.id]

    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{demo_server}/")  # not signed in: sent to the sign-in page
    assert page.url.startswith(f"{demo_server}/login")
    page.screenshot(path=f"{SCREENSHOTS}/accord-login.png", full_page=True)

    # Keyboard only: the username field has focus, Tab to the password, Enter submits.
    assert page.evaluate("document.activeElement.id") == "username"
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == f"{demo_server}/"
    assert page.get_by_role("heading", level=1).inner_text() == agency.name
    table = page.get_by_role("table")
    for holding in holdings:
        row = table.get_by_role("row").filter(has_text=holding.id)
        assert row.count() == 1
        assert f"{len(scenario.entities[holding.id]):,}" in row.inner_text()
    assert page.get_by_text(agency.contact.phone).count() == 1
    page.screenshot(path=f"{SCREENSHOTS}/accord-home.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.screenshot(path=f"{SCREENSHOTS}/accord-home-narrow.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 860})

    sign_out = page.get_by_role("button", name="Sign out")
    sign_out.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{demo_server}/login"
    page.goto(f"{demo_server}/")
    assert page.url.startswith(f"{demo_server}/login")  # the session is gone

    assert problems == []  # no CSP violation, no script error
    context.close()


def test_wrong_password_is_announced(demo_server: str, browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{demo_server}/login")
    page.get_by_label("Username").fill("al-asp-ctu.analyst")
    page.get_by_label("Password").fill("not-the-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    assert alert.inner_text() == "Wrong username or password."
    context.close()


def test_a_user_creates_and_revokes_their_own_token(demo_server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{demo_server}/tokens")  # sent to sign in, then back here
    page.get_by_label("Username").fill("al-asp-ctu.analyst")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{demo_server}/tokens"
    page.get_by_label("Name", exact=True).fill("border kiosk")
    with page.expect_navigation():
        page.get_by_role("button", name="Create token").click()
    raw = page.get_by_role("textbox", name="New token").input_value()
    assert raw.startswith("acc_")
    page.screenshot(path=f"{SCREENSHOTS}/accord-tokens.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Revoke").first.click()
    assert page.get_by_role("status").inner_text() == "The token was revoked."
    context.close()


def test_admin_sees_tokens_and_users_but_creates_no_token(
    demo_server: str, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{demo_server}/admin/tokens")
    page.get_by_label("Username").fill("al-asp-ctu.admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{demo_server}/admin/tokens"
    assert page.get_by_role("button", name="Create token").count() == 0
    page.goto(f"{demo_server}/admin/users")
    assert page.get_by_role("row").filter(has_text="al-asp-ctu.auditor").count() == 1
    page.screenshot(path=f"{SCREENSHOTS}/accord-users.png", full_page=True)
    context.close()
