"""Screening: rank the entities of every holding the caller may query against a few queries.

One call of :func:`screen` is one unit of audit: a SCREEN event for the call (with the
caller's justification, counts, the holdings searched and a keyed fingerprint of each
query — never the queried names in clear), and a CONSULT event for each other agency's
holding that produced a hit, with ``object_agency_id`` = the owner, so the owner sees that
it was consulted. A hit from a holding the caller sees through a pointer (``pointer`` or
``blind`` policy, or an H3 entity) carries no property, name or entity id: only the owning
agency, its point of contact, a score band and an opaque reference the owner can resolve.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from accord.core.errors import AppError, InvalidInput, NotFound
from accord.matching import DEFAULT_THRESHOLD, Match, Record
from accord.model import AuditAction, Principal, Visibility
from accord.model.policy import entity_visibility, holding_visibility
from accord.services.audit import justification as justifications
from accord.services.audit.trail import record
from accord.services.holdings.access import (
    SCORE_BANDS,
    pointer_view,
    require_entity_reader,
    score_band,
)
from accord.services.screening.index import INDEXED_SCHEMATA, IndexManager
from accord.store.tables import Agency, Entity, Holding

__all__ = [
    "DEFAULT_DATASET",
    "MAX_LIMIT",
    "MAX_QUERIES",
    "EntityResult",
    "IndexLoading",
    "PointerResult",
    "QueryResult",
    "ScreenOutcome",
    "pointer_caption",
    "pointer_reference",
    "query_fingerprint",
    "resolve_scope",
    "result_dict",
    "screen",
]

DEFAULT_DATASET = "default"
MAX_QUERIES = 100
MAX_LIMIT = 100


class IndexLoading(AppError):
    """The index is still being built at start: answer 503 rather than a partial result."""

    status = 503
    code = "not_ready"


@dataclass(frozen=True, slots=True)
class Scope:
    """The holdings one call searches, with what the caller may learn of each."""

    holdings: dict[str, tuple[Holding, Visibility]]
    agencies: dict[str, Agency]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self.holdings)

    def foreign(self, agency_id: str) -> list[str]:
        return [hid for hid, (h, _v) in self.holdings.items() if h.agency_id != agency_id]


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
    pointer: dict[str, Any]  # accord.services.holdings.access.pointer_view plus the reference
    band: str
    band_floor: float
    match: bool


@dataclass
class QueryResult:
    key: str
    query: dict[str, Any]
    results: list[EntityResult | PointerResult] = field(default_factory=list)


@dataclass
class ScreenOutcome:
    dataset: str
    holdings: list[str]
    threshold: float
    limit: int
    responses: dict[str, QueryResult]
    audit_seq: int


def query_fingerprint(secret: str, query: Mapping[str, Any]) -> str:
    """A keyed fingerprint of a query for the audit trail: lets an auditor holding the key
    check whether a given person was screened, without the trail holding names in clear."""
    canonical = json.dumps(query, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()[:24]


def pointer_reference(secret: str, holding_id: str, entity_id: str) -> str:
    """An opaque, stable reference to a pointed-at entity: the owner (who knows its entity
    ids and the server key) can resolve it; the caller learns nothing from it."""
    digest = hmac.new(secret.encode(), f"{holding_id}\x1f{entity_id}".encode(), hashlib.sha256)
    return f"ptr-{digest.hexdigest()[:20]}"


# The statements of every screening call, built once: a statement built per call costs more
# in SQLAlchemy (construction, and matching its columns to the cached compiled form) than
# SQLite takes to run it.
_ALL_HOLDINGS = select(
    Holding.id, Holding.agency_id, Holding.policy, Holding.sharing_group, Agency.name,
    Agency.contact_name, Agency.contact_phone, Agency.contact_email,
).join(Agency, Agency.id == Holding.agency_id)
_ONE_HOLDING = _ALL_HOLDINGS.where(Holding.id == bindparam("holding_id"))
_HIT_ROWS = select(
    Entity.row_id, Entity.entity_id, Entity.schema, Entity.caption, Entity.properties,
    Entity.handling_code,
).where(Entity.row_id.in_(bindparam("handles", expanding=True)))


def resolve_scope(tx: Session, principal: Principal, dataset: str) -> Scope:
    """``dataset`` = a holding id, or ``default`` for every holding the caller may query.

    A holding the caller may not query answers NotFound, like one that does not exist. The
    rule is ``accord.model.policy.holding_visibility`` (as in ``accord.services.holdings.access``);
    holdings and their agencies come in one Core query, as this runs on every screening call.
    """
    require_entity_reader(principal)
    if dataset == DEFAULT_DATASET:
        found = tx.connection().execute(_ALL_HOLDINGS)
    else:
        found = tx.connection().execute(_ONE_HOLDING, {"holding_id": dataset})
    holdings: dict[str, tuple[Holding, Visibility]] = {}
    agencies: dict[str, Agency] = {}
    for hid, owner, policy, group, name, contact, phone, email in found:
        visibility = holding_visibility(principal, owner_agency_id=owner, policy=policy,
                                        sharing_group=group)
        if visibility is Visibility.NONE:
            continue
        holdings[hid] = (Holding(id=hid, agency_id=owner, policy=policy), visibility)
        agencies.setdefault(owner, Agency(id=owner, name=name, contact_name=contact,
                                          contact_phone=phone, contact_email=email))
    if dataset != DEFAULT_DATASET and not holdings:
        raise NotFound(f"no holding '{dataset}'")
    return Scope(holdings, agencies)


def _clean_query(key: str, raw: Any) -> dict[str, Any]:
    where = f"queries.{key}"
    if not isinstance(raw, Mapping):
        raise InvalidInput("each query must be an object",
                           details=[{"field": where, "message": "not an object"}])
    schema = raw.get("schema", "Person")
    if not isinstance(schema, str) or schema not in INDEXED_SCHEMATA:
        allowed = ", ".join(sorted(INDEXED_SCHEMATA))
        raise InvalidInput(f"query '{key}': schema must be one of {allowed}",
                           details=[{"field": f"{where}.schema", "message": f"got {schema!r}"}])
    props = raw.get("properties") or {}
    if not isinstance(props, Mapping):
        raise InvalidInput(f"query '{key}': properties must be an object",
                           details=[{"field": f"{where}.properties", "message": "not an object"}])
    clean: dict[str, list[str]] = {}
    for name, value in props.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str | int | float) for v in values):
            raise InvalidInput(f"query '{key}': property '{name}' must be strings",
                               details=[{"field": f"{where}.properties.{name}",
                                         "message": "values must be strings"}])
        kept = [str(v).strip()[:500] for v in values if str(v).strip()][:20]
        if kept:
            clean[str(name)] = kept
    if not clean:
        raise InvalidInput(f"query '{key}' has no property to match",
                           details=[{"field": f"{where}.properties", "message": "empty"}])
    return {"schema": schema, "properties": clean}


def clean_queries(queries: Any) -> dict[str, dict[str, Any]]:
    """Validate a batch of yente-shaped queries (``{key: {schema, properties}}``)."""
    if not isinstance(queries, Mapping) or not queries:
        raise InvalidInput("'queries' must be a non-empty object of queries",
                           details=[{"field": "queries", "message": "required"}])
    if len(queries) > MAX_QUERIES:
        raise InvalidInput(f"at most {MAX_QUERIES} queries per call; got {len(queries)}",
                           details=[{"field": "queries", "message": "too many queries"}])
    return {str(key): _clean_query(str(key), raw) for key, raw in queries.items()}


def _explanations(match: Match) -> dict[str, dict[str, Any]]:
    return {
        name: {"detail": f.detail, "score": f.score, "weight": round(f.weight, 4),
               "query": f.query, "candidate": f.candidate}
        for name, f in match.features.items()
    }


def _band_floor(band: str) -> float:
    return next(lower for lower, label in SCORE_BANDS if label == band)


def screen(
    tx: Session,
    manager: IndexManager,
    principal: Principal,
    queries: Any,
    *,
    dataset: str = DEFAULT_DATASET,
    limit: int = 5,
    threshold: float | None = None,
    justification: str | None = None,
    secret: str,
    via: str = "api",
) -> ScreenOutcome:
    """Screen ``queries`` against ``dataset`` for ``principal``; audited in ``tx``."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be 1–{MAX_LIMIT}",
                           details=[{"field": "limit", "message": f"got {limit}"}])
    cutoff = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < cutoff <= 1.0:
        raise InvalidInput("threshold must be in (0, 1]",
                           details=[{"field": "threshold", "message": f"got {threshold}"}])
    cleaned = clean_queries(queries)
    scope = resolve_scope(tx, principal, dataset)
    foreign = scope.foreign(principal.agency_id)
    reason = justifications.optional(justification)
    if foreign:
        reason = justifications.require(justification, "screening other agencies' holdings")
    if not manager.is_ready():
        raise IndexLoading("the screening index is still loading; retry in a few seconds")
    hits = {
        key: manager.search(Record.from_entity({"id": f"query:{key}", **query}), scope.ids,
                            limit=limit, threshold=cutoff)
        for key, query in cleaned.items()
    }
    handles = {hit.handle for found in hits.values() for hit in found}
    rows = _rows(tx, handles)
    agencies = scope.agencies
    responses: dict[str, QueryResult] = {}
    consulted: dict[str, list[str]] = {}
    for key, found in hits.items():
        outcome = QueryResult(key, cleaned[key])
        for hit in found:
            row = rows.get(hit.handle)
            if row is None:  # erased between the search and now
                continue
            holding, holding_vis = scope.holdings[hit.holding_id]
            visibility = entity_visibility(holding_vis, row.handling_code)
            agency = agencies[holding.agency_id]
            is_match = hit.match.score >= cutoff
            result: EntityResult | PointerResult
            if visibility is Visibility.POINTER:
                reference = pointer_reference(secret, holding.id, row.entity_id)
                band = score_band(hit.match.score)
                view = pointer_view(agency, hit.match.score) | {"reference": reference}
                result = PointerResult(reference, row.schema, holding.id, agency.id, view, band,
                                       _band_floor(band), is_match)
                mention = reference
            else:
                result = EntityResult(
                    row.entity_id, row.caption, row.schema, json.loads(row.properties),
                    holding.id, agency.id, visibility, round(hit.match.score, 4), is_match,
                    _explanations(hit.match))
                mention = row.entity_id
            outcome.results.append(result)
            if holding.agency_id != principal.agency_id:
                consulted.setdefault(holding.id, []).append(mention)
        responses[key] = outcome
    event = record(
        tx, principal, AuditAction.SCREEN, object_type="screening", object_id=dataset,
        justification=reason,
        detail={"via": via, "queries": len(cleaned), "holdings": sorted(scope.ids),
                "limit": limit, "threshold": cutoff,
                "results": sum(len(r.results) for r in responses.values()),
                "fingerprints": [query_fingerprint(secret, q) for q in cleaned.values()]},
    )
    for holding_id, mentions in sorted(consulted.items()):
        holding, holding_vis = scope.holdings[holding_id]
        record(
            tx, principal, AuditAction.CONSULT, object_type="holding", object_id=holding_id,
            object_agency_id=holding.agency_id, justification=reason,
            detail={"via": f"screen/{via}", "screen_seq": event.seq, "hits": len(mentions),
                    "visibility": holding_vis.value, "matched": sorted(set(mentions))},
        )
    return ScreenOutcome(dataset, sorted(scope.ids), cutoff, limit, responses, event.seq)


def pointer_caption(result: PointerResult) -> str:
    """The only name a pointer hit has: who holds it and whom to call."""
    pointer = result.pointer
    return f"Match held by {pointer['agency_name']} — contact {pointer['contact']['name']}"


def result_dict(result: EntityResult | PointerResult) -> dict[str, Any]:
    """A result in yente's shape; a pointer answers an ``accord:pointer`` block instead of
    properties, its opaque reference as id and the floor of its score band as score."""
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


def _rows(tx: Session, handles: set[int]) -> dict[int, Row[Any]]:
    if not handles:
        return {}
    found: Sequence[Row[Any]] = tx.connection().execute(  # type: ignore[assignment]
        _HIT_ROWS, {"handles": sorted(handles)}
    ).all()
    return {row.row_id: row for row in found}
