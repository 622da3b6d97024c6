"""One settings object, read from ``ACCORD_`` environment variables, built late."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["PLACEHOLDER_SECRETS", "Settings", "get_settings"]

# Values that are public (documentation, examples, older defaults): refused as secrets.
PLACEHOLDER_SECRETS = frozenset(
    {"", "change-me", "changeme", "secret", "development-only-secret", "test", "password"}
)


class Settings(BaseSettings):
    """Every tunable of Accord. Documented in docs/configuration.md (a test keeps them in step)."""

    model_config = SettingsConfigDict(env_prefix="ACCORD_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///accord.db"
    # Empty: the installation's secret, made by ``accord init`` (accord.services.installation).
    secret_key: SecretStr = SecretStr("")
    dev: bool = False  # dev mode (``accord serve --dev``): placeholder secrets are accepted
    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_upload_bytes: int = Field(default=512 * 1024 * 1024, ge=1024)
    max_url_bytes: int = Field(default=32 * 1024, ge=1024)
    max_header_bytes: int = Field(default=32 * 1024, ge=1024)
    max_line_bytes: int = Field(default=1024 * 1024, ge=1024)
    session_hours: float = Field(default=8.0, gt=0)
    secure_cookies: bool = False
    trusted_proxies: str = ""
    token_days: int = Field(default=90, ge=1)
    # Analyst accounts need a second person's approval too (supervisor, auditor and admin
    # accounts always do): accord.services.identity.accounts.
    approve_all_accounts: bool = False
    login_max_failures: int = Field(default=5, ge=1)
    login_window_s: int = Field(default=900, ge=1)
    login_address_max_failures: int = Field(default=100, ge=1)
    index_poll_s: float = Field(default=0.5, gt=0)
    # Pointer answers (accord.services.screening.pointers, pointer_guard): the owner's threshold and
    # bands, query budgets against other agencies' pointer holdings, probing notices.
    pointer_threshold: float = Field(default=0.85, gt=0, le=1)
    pointer_strong: float = Field(default=0.95, gt=0, le=1)
    pointer_window_s: int = Field(default=86400, ge=60)
    pointer_budget_user: int = Field(default=2000, ge=1)
    pointer_budget_agency: int = Field(default=20000, ge=1)
    probe_variants: int = Field(default=8, ge=1)
    probe_notice_answers: int = Field(default=50, ge=1)
    log_level: str = "INFO"
    audit_anchor_file: str = ""  # empty: next to a SQLite database file
    audit_anchor_every_events: int = Field(default=100, ge=0)
    audit_anchor_every_minutes: float = Field(default=5.0, ge=0)
    audit_anchor_webhook_url: str = ""
    audit_anchor_webhook_timeout_s: float = Field(default=5.0, gt=0)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
