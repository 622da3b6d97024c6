"""One error tree. Every error a user can see is an ``AppError`` with a status and a code."""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AppError",
    "BadRequest",
    "Conflict",
    "Forbidden",
    "HeadersTooLarge",
    "InvalidInput",
    "NotFound",
    "PayloadTooLarge",
    "TooManyRequests",
    "Unauthorized",
    "UriTooLong",
]


class AppError(Exception):
    """Base of every error Accord shows to a user.

    ``status`` and ``code`` are class attributes read through ``self`` so subclasses
    override them (and never inherit a default bound at definition time).
    """

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str, *, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.headers: dict[str, str] = {}  # response headers the error needs (Retry-After)

    def to_dict(self) -> dict[str, Any]:
        """The one JSON error shape: ``{"error": {"status", "code", "message", "details"}}``."""
        return {
            "error": {
                "status": self.status,
                "code": self.code,
                "message": self.message,
                "details": self.details,
            }
        }


class BadRequest(AppError):
    status = 400
    code = "bad_request"


class InvalidInput(AppError):
    """Input that fails validation; ``details`` name the line and field of each problem."""

    status = 422
    code = "invalid_input"


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class NotFound(AppError):
    status = 404
    code = "not_found"


class Conflict(AppError):
    status = 409
    code = "conflict"


class PayloadTooLarge(AppError):
    status = 413
    code = "payload_too_large"


class UriTooLong(AppError):
    status = 414
    code = "uri_too_long"


class HeadersTooLarge(AppError):
    status = 431
    code = "request_header_fields_too_large"


class TooManyRequests(AppError):
    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, details: list[dict[str, Any]] | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(message, details=details)
        if retry_after is not None:
            self.headers["Retry-After"] = str(max(1, retry_after))
