"""Liveness and readiness probes (no authentication, no data)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from accord import __version__
from accord.http.deps import RuntimeDep

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz", response_model=None)
def readyz(runtime: RuntimeDep) -> dict[str, str] | JSONResponse:
    """The database answers and every component (the screening index…) has loaded."""
    waiting = runtime.waiting()
    if waiting:
        return JSONResponse({"status": "loading", "waiting": waiting}, status_code=503)
    return {"status": "ready"}
