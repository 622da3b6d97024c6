"""Every page string goes through gettext: a catalogue translates the page without code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from fastapi.testclient import TestClient

from accord.web import views


@pytest.fixture
def albanian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    catalog = Catalog(locale="sq", domain="accord")
    catalog.add("Sign in to Accord", "Hyni në Accord")
    catalog.add("Username", "Emri i përdoruesit")
    catalog.add("Wrong username or password.", "Emër ose fjalëkalim i gabuar.")
    folder = tmp_path / "sq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "accord.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(views, "LOCALE_DIR", tmp_path)
    views._available_locales.cache_clear()
    views._translations.cache_clear()
    yield
    views._available_locales.cache_clear()
    views._translations.cache_clear()


def test_accept_language_picks_the_catalogue(client: TestClient, albanian: None) -> None:
    page = client.get("/login", headers={"accept-language": "sq-AL,sq;q=0.9,en;q=0.5"})
    assert "Hyni në Accord" in page.text and "Emri i përdoruesit" in page.text
    assert '<html lang="sq">' in page.text
    assert "Password" in page.text  # untranslated strings stay English
    english = client.get("/login", headers={"accept-language": "de"})
    assert "Sign in to Accord" in english.text and '<html lang="en">' in english.text


def test_python_side_messages_are_translated(client: TestClient, albanian: None) -> None:
    form = client.get("/login", headers={"accept-language": "sq"})
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/login",
        data={"username": "x", "password": "y", "csrf_token": token},
        headers={"accept-language": "sq"},
    )
    assert response.status_code == 401 and "Emër ose fjalëkalim i gabuar." in response.text
