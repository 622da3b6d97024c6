"""Role-gated principals that the API and the web pages both ask for."""

from __future__ import annotations

from typing import Annotated

from accord.http.deps import require_roles
from accord.model import Principal, Role
from accord.services.screening.probing import NOTICE_READERS

__all__ = ["Auditor", "NoticeReader", "Supervisor"]

Auditor = Annotated[Principal, require_roles(Role.AUDITOR)]
Supervisor = Annotated[Principal, require_roles(Role.SUPERVISOR)]
NoticeReader = Annotated[Principal, require_roles(*NOTICE_READERS)]  # probing notices
