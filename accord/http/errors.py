"""Turn every error into the one JSON shape, or an HTML page for browsers. No tracebacks."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from accord.core.errors import AppError, BadRequest, InvalidInput
from accord.http.denied import record_denied

__all__ = ["error_response", "install_error_handlers", "wants_html"]

log = logging.getLogger("accord.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith("/api/")


class _HttpError(AppError):
    """Starlette's own errors (404 for an unknown path, 405, …) in Accord's shape."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self._status = status

    def to_dict(self) -> dict[str, object]:
        body = super().to_dict()
        error = body["error"]
        assert isinstance(error, dict)
        error["status"] = self._status
        error["code"] = _HTTP_CODES.get(self._status, "http_error")
        return body


def error_response(request: Request, error: AppError) -> Response:
    body = error.to_dict()
    status = int(body["error"]["status"])
    headers = {**error.headers, **({"WWW-Authenticate": "Bearer"} if status == 401 else {})}
    if wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(  # type: ignore[no-any-return]
                request,
                "error.html",
                {"error": body["error"]},
                status_code=status,
                headers=headers,
            )
        return HTMLResponse(f"<h1>{status}</h1><p>{error.message}</p>", status_code=status)
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, object]]:
    details: list[dict[str, object]] = []
    for item in exc.errors():
        location = [str(part) for part in item.get("loc", ())]
        details.append({"field": ".".join(location), "message": str(item.get("msg", ""))})
    return details


def install_error_handlers(app: FastAPI) -> None:
    async def on_app_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppError)
        if exc.status == 403:
            await run_in_threadpool(record_denied, request, exc)
        return error_response(request, exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        error = InvalidInput("the request is not valid", details=_validation_details(exc))
        return error_response(request, error)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = str(exc.detail) if exc.detail else "error"
        return error_response(request, _HttpError(exc.status_code, message))

    async def on_value_error(request: Request, exc: Exception) -> Response:
        return error_response(request, BadRequest(f"the request is not valid: {exc}"))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, AppError("an unexpected error occurred; it was logged"))

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(UnicodeDecodeError, on_value_error)
    app.add_exception_handler(Exception, on_unexpected)
