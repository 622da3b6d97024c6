"""The closed vocabularies of the domain (docs/domain.md)."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AgencyKind",
    "AuditAction",
    "HandlingCode",
    "InfoEval",
    "Role",
    "SharingPolicy",
    "SourceEval",
    "SubjectCategory",
]


class Role(StrEnum):
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"


class SharingPolicy(StrEnum):
    """What partner agencies learn from a holding."""

    SHARED = "shared"  # partners may see matched properties, subject to handling code
    POINTER = "pointer"  # partners learn only that there is a match, and whom to call
    BLIND = "blind"  # the hub holds only keyed encodings


class HandlingCode(StrEnum):
    """Europol handling codes."""

    H0 = "H0"  # law-enforcement use only
    H1 = "H1"  # not in judicial proceedings without the provider's permission
    H2 = "H2"  # no further dissemination without permission
    H3 = "H3"  # other restrictions (free text)


class SourceEval(StrEnum):
    """Source reliability of the 4x4 evaluation."""

    A = "A"
    B = "B"
    C = "C"
    X = "X"


class InfoEval(StrEnum):
    """Information assessment of the 4x4 evaluation."""

    CONFIRMED = "1"
    KNOWN_TO_SOURCE = "2"
    NOT_KNOWN_TO_SOURCE = "3"
    UNVERIFIED = "4"


class SubjectCategory(StrEnum):
    """Data-subject categories of the Law Enforcement Directive, Art. 6."""

    SUSPECT = "suspect"
    CONVICTED = "convicted"
    VICTIM = "victim"
    WITNESS = "witness"
    CONTACT = "contact"
    OTHER = "other"


class AgencyKind(StrEnum):
    POLICE_CT = "police_ct"
    PROSECUTOR = "prosecutor"
    FIU = "fiu"
    BORDER_POLICE = "border_police"
    INTELLIGENCE = "intelligence"
    INTERNATIONAL_MISSION = "international_mission"


class AuditAction(StrEnum):
    """What an audit event records (LED Art. 25 plus Accord's own)."""

    CREATE = "create"
    ALTER = "alter"
    CONSULT = "consult"
    DISCLOSE = "disclose"
    COMBINE = "combine"
    ERASE = "erase"
    SCREEN = "screen"
    EXPORT = "export"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ADMIN = "admin"
    DENIED = "denied"  # a request refused with 403: route and reason
