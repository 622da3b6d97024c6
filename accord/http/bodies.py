"""Reading request bodies within a size limit: 413 before a byte too many is held in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request

from accord.core.errors import PayloadTooLarge

__all__ = ["QUERY_BODY_MAX", "check_declared_size", "iter_body", "read_body"]

# A screening request (at most 100 queries) fits many times over.
QUERY_BODY_MAX = 1024 * 1024


def _too_large(limit: int, what: str, setting: str) -> PayloadTooLarge:
    suffix = f" ({setting})" if setting else ""
    return PayloadTooLarge(f"{what} is larger than {limit} bytes{suffix}")


def check_declared_size(
    request: Request, limit: int, what: str = "the request body", setting: str = ""
) -> None:
    """Refuse at once when the declared Content-Length is over ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit, what, setting)


async def iter_body(
    request: Request, limit: int, what: str = "the request body", setting: str = ""
) -> AsyncIterator[bytes]:
    """The body's blocks, refusing once their total passes ``limit`` (declared or not)."""
    check_declared_size(request, limit, what, setting)
    size = 0
    async for block in request.stream():
        size += len(block)
        if size > limit:
            raise _too_large(limit, what, setting)
        yield block


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body of a small request (a query, not an upload)."""
    return b"".join([block async for block in iter_body(request, limit)])
