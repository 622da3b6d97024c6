"""The one error shape (JSON and HTML), and the CLI's one-line errors."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.cli import app as cli_app
from accord.core.errors import AppError, Forbidden, InvalidInput, NotFound
from accord.http.errors import install_error_handlers


def _app_raising(error: Exception) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise error

    app.include_router(router)
    return app


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [(NotFound("no such thing"), 404, "not_found"), (Forbidden("no"), 403, "forbidden")],
)
def test_subclass_status_is_read_through_self(error: AppError, status: int, code: str) -> None:
    response = TestClient(_app_raising(error)).get("/boom")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_details_name_line_and_field() -> None:
    detail = {"line": 3, "field": "birthDate", "message": "not a date"}
    error = InvalidInput("bad", details=[detail])
    body = TestClient(_app_raising(error)).get("/boom").json()
    assert body == {
        "error": {
            "status": 422,
            "code": "invalid_input",
            "message": "bad",
            "details": [detail],
        }
    }


def test_unexpected_error_hides_the_traceback() -> None:
    app = _app_raising(RuntimeError("secret internals"))
    client = TestClient(app, raise_server_exceptions=False)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert response.json()["error"]["code"] == "internal_error"


def test_browser_gets_an_html_error_page() -> None:
    response = TestClient(_app_raising(NotFound("nothing here"))).get(
        "/boom", headers={"Accept": "text/html"}
    )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "nothing here" in response.text


def test_cli_error_is_one_line_and_non_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    from accord.core.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["init"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert result.output.startswith("error: database: ")
    assert "Traceback" not in result.output
