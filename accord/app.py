"""The composition root: ``create_app(settings)`` builds the whole application.

It is the only module that sees both the API and the web pages: it wires their routers,
the shared error handling and security middleware (``accord.http``) and the runtime.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from accord import __version__
from accord.core.settings import Settings, get_settings
from accord.http.errors import install_error_handlers
from accord.http.security import SecureApp
from accord.services.runtime import Runtime
from accord.web.views import install as install_web

__all__ = ["ROUTER_MODULES", "create_app"]

# Every module here exposes ``router``; the permission-matrix test walks the routes they add.
ROUTER_MODULES = [
    "accord.api.health",
    "accord.api.entities",
    "accord.api.match",
    "accord.api.reconcile",
    "accord.web.screen_views",
    "accord.api.entity_read",
    "accord.api.policy",
    "accord.api.audit",
    "accord.api.retention",
    "accord.api.admin",
    "accord.api.own_tokens",
    "accord.web.pages",
    "accord.web.admin_pages",
    "accord.web.token_pages",
    "accord.web.audit_views",
    "accord.api.probing",
    "accord.web.probing_views",
]


def create_app(settings: Settings | None = None) -> FastAPI:
    config = settings or get_settings()
    runtime = Runtime.from_settings(config)
    runtime.require_secret()  # fail closed: no server without a real secret
    config = runtime.settings

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        runtime.start()  # the screening index loads and is kept fresh from app start
        yield
        runtime.close()

    app = SecureApp(
        title="Accord",
        version=__version__,
        description="Coordination platform for counter-terrorism agencies.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads from a CDN with inline script: no CDN, strict CSP
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.runtime = runtime
    app.state.settings = config
    install_error_handlers(app)
    install_web(app)
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app
