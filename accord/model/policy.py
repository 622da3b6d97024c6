"""Who may see what of a holding: the pure rule behind every read (docs/security.md §1)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from accord.model.enums import HandlingCode, Role, SharingPolicy
from accord.model.principal import Principal

__all__ = ["ENTITY_READERS", "Visibility", "entity_visibility", "holding_visibility"]

# Auditors read the audit trail and admins manage accounts: neither reads entities.
ENTITY_READERS = (Role.ANALYST, Role.SUPERVISOR)


class Visibility(StrEnum):
    FULL = "full"  # the owning agency: everything
    PROPERTIES = "properties"  # a partner through a `shared` policy: matched properties
    POINTER = "pointer"  # a partner learns only that there is a match, and whom to call
    NONE = "none"  # nothing at all, not even that the holding exists


def holding_visibility(
    principal: Principal,
    *,
    owner_agency_id: str,
    policy: str,
    sharing_group: Sequence[str] | None,
) -> Visibility:
    """What ``principal`` may learn from a holding, before any disclosure or case share."""
    if not principal.has_role(*ENTITY_READERS):
        return Visibility.NONE
    if principal.agency_id == owner_agency_id:
        return Visibility.FULL
    if sharing_group is not None and principal.agency_id not in sharing_group:
        return Visibility.NONE
    if SharingPolicy(policy) is SharingPolicy.SHARED:
        return Visibility.PROPERTIES
    return Visibility.POINTER


def entity_visibility(holding: Visibility, handling_code: str) -> Visibility:
    """Narrow a holding's visibility by an entity's handling code.

    H3 carries restrictions that only the owner can interpret, so partners see a pointer.
    """
    if holding is Visibility.PROPERTIES and HandlingCode(handling_code) is HandlingCode.H3:
        return Visibility.POINTER
    return holding
