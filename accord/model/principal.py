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

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles
