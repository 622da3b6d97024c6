"""``accord init`` and ``accord serve``."""

from __future__ import annotations

import os
from typing import Any

import typer

from accord.cli.base import open_database, settings
from accord.core.settings import Settings, get_settings
from accord.services.identity.installation import ensure_secret
from accord.store.migrate import upgrade

__all__ = ["APP_FACTORY", "register", "uvicorn_options"]

APP_FACTORY = "accord.app:create_app"


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

    if dev:  # the factory reads the process settings: dev mode goes through them too
        os.environ["ACCORD_DEV"] = "true"
        get_settings.cache_clear()
    config = settings()
    # The app comes from the composition root (``accord.app``), which sits above the CLI:
    # uvicorn imports it by name and calls the factory with the same process settings.
    uvicorn.run(APP_FACTORY, factory=True, **uvicorn_options(config, host=host, port=port))


def uvicorn_options(config: Settings, *, host: str | None = None, port: int | None = None
                    ) -> dict[str, Any]:
    """How ``accord serve`` runs uvicorn.

    One process: the screening index lives in it (a second worker would load a second
    copy). httptools and uvloop are the fast paths of uvicorn[standard]. Every screening
    call is in the audit trail already; a per-request access line is for debugging.

    Proxies: uvicorn by default believes ``X-Forwarded-For`` and ``X-Forwarded-Proto`` from
    127.0.0.1, so anything on the host could pose as any address (and slip past the
    per-address sign-in throttle). Accord believes them only from the addresses in
    ``ACCORD_TRUSTED_PROXIES``; unset, the client is the TCP peer and the scheme is the
    connection's own.
    """
    proxies = [p.strip() for p in config.trusted_proxies.split(",") if p.strip()]
    return {
        "host": host or config.host,
        "port": port or config.port,
        "log_level": config.log_level.lower(),
        "http": "httptools",
        "loop": "uvloop",
        "access_log": config.debug,
        "timeout_graceful_shutdown": 10,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or [],
        "server_header": False,
    }


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(serve)
