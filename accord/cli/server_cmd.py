"""``accord init`` and ``accord serve``."""

from __future__ import annotations

import typer

from accord.cli.base import open_database, settings
from accord.store.migrate import upgrade

__all__ = ["APP_FACTORY", "register"]

APP_FACTORY = "accord.app:create_app"


def init() -> None:
    """Create or upgrade the database that ACCORD_DATABASE_URL names."""
    db = open_database()
    try:
        revision = upgrade(db)
    finally:
        db.dispose()
    typer.echo(f"database ready at revision {revision}")


def serve(
    host: str | None = typer.Option(None, help="Address to listen on (default ACCORD_HOST)."),
    port: int | None = typer.Option(None, help="Port (default ACCORD_PORT)."),
) -> None:
    """Run the web UI and HTTP API with uvicorn."""
    import uvicorn

    config = settings()
    # One process: the screening index lives in it (a second worker would load a second
    # copy). httptools and uvloop are the fast paths of uvicorn[standard]. Every screening
    # call is in the audit trail already; a per-request access line is for debugging.
    # The app comes from the composition root (``accord.app``), which sits above the CLI:
    # uvicorn imports it by name and calls the factory with the same process settings.
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host or config.host,
        port=port or config.port,
        log_level=config.log_level.lower(),
        http="httptools",
        loop="uvloop",
        access_log=config.debug,
        timeout_graceful_shutdown=10,
    )


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(serve)
