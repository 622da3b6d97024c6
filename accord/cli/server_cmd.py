"""``accord init`` and ``accord serve``."""

from __future__ import annotations

import typer

from accord.cli.base import open_database, settings
from accord.services.installation import ensure_secret
from accord.store.migrate import upgrade

__all__ = ["register"]


def init() -> None:
    """Create or upgrade the database that ACCORD_DATABASE_URL names, and its secret.

    The first run on a database stores a random installation secret in it (table
    ``installation``); later runs keep it. ACCORD_SECRET_KEY, when set, takes precedence.
    """
    db = open_database()
    try:
        revision = upgrade(db)
        made = ensure_secret(db)
    finally:
        db.dispose()
    typer.echo(f"database ready at revision {revision}")
    if made:
        typer.echo("installation secret generated (kept in the database, table 'installation')")


def serve(
    host: str | None = typer.Option(None, help="Address to listen on (default ACCORD_HOST)."),
    port: int | None = typer.Option(None, help="Port (default ACCORD_PORT)."),
    dev: bool = typer.Option(
        False,
        "--dev",
        help="Development only: accept a placeholder ACCORD_SECRET_KEY, or run without a "
        "secret (a random one per start). Never with real data.",
    ),
) -> None:
    """Run the web UI and HTTP API with uvicorn (refuses to start without a real secret)."""
    import uvicorn

    from accord.api.app import create_app

    config = settings()
    if dev:
        config = config.model_copy(update={"dev": True})
    # One process: the screening index lives in it (a second worker would load a second
    # copy). httptools and uvloop are the fast paths of uvicorn[standard]. Every screening
    # call is in the audit trail already; a per-request access line is for debugging.
    uvicorn.run(
        create_app(config),
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
