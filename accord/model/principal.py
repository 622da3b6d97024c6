"""Who is asking: the user, the agency and the role behind every request."""

from __future__ import annotations

from dataclasses import dataclass

from accord.model.enums import Role

__all__ = ["Principal"]


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    agency_id: str
    role: Role
    via: str = "session"  # "session", "token" or "cli"
    token_id: int | None = None  # the API token of a "token" principal
    real_actor: str = ""  # who is really acting, when not the user (the CLI's operator)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles
