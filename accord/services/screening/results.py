"""The results of a screening call, and their yente shape.

A hit the caller may see is an :class:`EntityResult` (score, properties, explanations); a
hit in a holding it sees only as a pointer is a :class:`PointerResult`: the owning agency,
whom to call, a band and a per-agency reference (``accord.services.screening.pointers``). Pointer
results come after the visible ones, ordered by band and reference, and keep their places
within ``limit`` (:func:`trim`): the caller's own results never crowd them out, and their
position never says where their score lies among the visible scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.model import Visibility

__all__ = [
    "EntityResult",
    "PointerResult",
    "QueryResult",
    "ScreenOutcome",
    "pointer_caption",
    "result_dict",
    "trim",
]


@dataclass(frozen=True, slots=True)
class EntityResult:
    """A hit the caller may see (own holding, or a partner's ``shared`` holding)."""

    id: str
    caption: str
    schema: str
    properties: dict[str, list[str]]
    dataset: str
    agency_id: str
    visibility: Visibility
    score: float
    match: bool
    explanations: dict[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class PointerResult:
    """A hit from a pointer: the owner and whom to call, a band and a reference; no data."""

    reference: str
    schema: str
    dataset: str
    agency_id: str
    pointer: dict[str, Any]  # accord.services.holdings.access.pointer_view plus band and reference
    band: str
    band_floor: float
    match: bool = True  # it reached the owner's threshold


Result = EntityResult | PointerResult


@dataclass
class QueryResult:
    key: str
    query: dict[str, Any]
    results: list[Result] = field(default_factory=list)
    withheld: bool = False  # pointer answers withheld: the caller swept this name


@dataclass
class ScreenOutcome:
    dataset: str
    holdings: list[str]
    threshold: float
    limit: int
    responses: dict[str, QueryResult]
    audit_seq: int
    pointer_threshold: float = 1.0
    withheld: int = 0  # queries whose pointer answers were withheld (a name sweep)


def trim(results: Sequence[Result], limit: int) -> list[Result]:
    """At most ``limit`` results: pointers keep their places first, visible hits (best
    first) fill the rest; visible hits are listed first."""
    pointers = [r for r in results if isinstance(r, PointerResult)][:limit]
    visible = [r for r in results if isinstance(r, EntityResult)][: limit - len(pointers)]
    return [*visible, *pointers]


def pointer_caption(result: PointerResult) -> str:
    """The only name a pointer hit has: who holds it and whom to call."""
    pointer = result.pointer
    return f"Match held by {pointer['agency_name']} — contact {pointer['contact']['name']}"


def result_dict(result: Result) -> dict[str, Any]:
    """A result in yente's shape; a pointer answers an ``accord:pointer`` block instead of
    properties, its opaque reference as id and the floor of its band as score."""
    if isinstance(result, PointerResult):
        return {
            "id": result.reference,
            "caption": pointer_caption(result),
            "schema": result.schema,
            "properties": {},
            "datasets": [result.dataset],
            "score": result.band_floor,
            "match": result.match,
            "explanations": {},
            "accord:pointer": result.pointer,
        }
    return {
        "id": result.id,
        "caption": result.caption,
        "schema": result.schema,
        "properties": result.properties,
        "datasets": [result.dataset],
        "score": result.score,
        "match": result.match,
        "explanations": result.explanations,
        "accord:visibility": result.visibility.value,
        "accord:agency": result.agency_id,
    }
