"""Pure domain types and rules (no I/O)."""

from accord.model.enums import (
    AgencyKind,
    AuditAction,
    HandlingCode,
    InfoEval,
    Role,
    SharingPolicy,
    SourceEval,
    SubjectCategory,
)
from accord.model.policy import Visibility, entity_visibility, holding_visibility
from accord.model.principal import Principal

__all__ = [
    "AgencyKind",
    "AuditAction",
    "HandlingCode",
    "InfoEval",
    "Principal",
    "Role",
    "SharingPolicy",
    "SourceEval",
    "SubjectCategory",
    "Visibility",
    "entity_visibility",
    "holding_visibility",
]
