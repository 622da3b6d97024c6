"""Liveness and readiness probes (no authentication, no data)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from accord import __version__
from accord.api.deps import RuntimeDep

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz")
def readyz(runtime: RuntimeDep) -> dict[str, str]:
    """The database answers (and, once loaded, the screening index is ready)."""
    with runtime.db.read() as tx:
        tx.execute(text("SELECT 1"))
    return {"status": "ready"}
