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

from accord.core.dates import DateError, parse_date
from accord.core.errors import AppError, InvalidInput, NotFound
from accord.core.settings import Settings
from accord.matching import DEFAULT_THRESHOLD, Match, Record
from accord.model import AuditAction, Principal, Visibility
from accord.model.policy import entity_visibility, holding_visibility
from accord.services.audit import justification as justifications
from accord.services.audit.trail import record
from accord.services.holdings.access import pointer_view, require_entity_reader
from accord.services.screening.guard import GuardLimits, name_key
from accord.services.screening.index import INDEXED_SCHEMATA, IndexHit, IndexManager
from accord.services.screening.pointers import PointerRules, pointer_order, pointer_reference
from accord.services.screening.probing import guard_pointers
from accord.services.screening.results import (
    EntityResult,
    PointerResult,
    QueryResult,
    ScreenOutcome,
    pointer_caption,
    result_dict,
    trim,
)
from accord.store.tables import Agency, Entity, Holding

__all__ = [
    "DATE_PROPERTIES",
    "DEFAULT_DATASET",
    "MAX_LIMIT",
    "MAX_QUERIES",
    "EntityResult",
    "IndexLoading",
    "PointerResult",
    "QueryResult",
    "ScreenOutcome",
    "pointer_caption",
    "query_fingerprint",
    "resolve_scope",
    "result_dict",
    "screen",
]

DEFAULT_DATASET = "default"
MAX_QUERIES = 100
MAX_LIMIT = 100
# Query properties read as dates: written as people write them, matched in ISO form.
DATE_PROPERTIES = frozenset({"birthDate", "deathDate", "incorporationDate", "dissolutionDate"})
_POINTER_ROOM = 20  # candidates the search may return beyond MAX_LIMIT, for pointers


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

    def touches_pointers(self, agency_id: str) -> bool:
        """Does the search reach another agency's holding that it sees only as a pointer?"""
        return any(h.agency_id != agency_id and v is Visibility.POINTER
                   for h, v in self.holdings.values())


def query_fingerprint(secret: str, query: Mapping[str, Any]) -> str:
    """A keyed fingerprint of a query for the audit trail: lets an auditor holding the key
    check whether a given person was screened, without the trail holding names in clear."""
    canonical = json.dumps(query, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()[:24]


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


def _query_date(value: str, where: str) -> str:
    """A queried date in ISO form; one that is not a date is refused, never dropped."""
    try:
        return parse_date(value)
    except DateError as error:
        raise InvalidInput(str(error), details=[{"field": where, "message": str(error)}]
                           ) from None


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
        if name in DATE_PROPERTIES:
            kept = [_query_date(v, f"{where}.properties.{name}") for v in kept]
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


@dataclass
class _Found:
    """One query's hits, split: what the caller may see, and the pointers it may be told of."""

    visible: list[EntityResult] = field(default_factory=list)
    pointers: list[tuple[Holding, str, str, float]] = field(default_factory=list)


def _wanted(scope: Scope, found: list[IndexHit], *, cutoff: float, limit: int,
            rules: PointerRules) -> list[int]:
    """The hits whose rows :func:`_split` may need, not every candidate above the lower
    threshold: the first ``limit`` of the caller's own, and those of partners' holdings
    (whose rows say whether an H3 entity turns a shared hit into a pointer)."""
    wanted: list[int] = []
    own = 0
    for hit in found:
        visibility = scope.holdings[hit.holding_id][1]
        score = hit.match.score
        if visibility is Visibility.FULL:
            if score >= cutoff and own < limit:
                own += 1
                wanted.append(hit.handle)
        elif score >= (rules.threshold if visibility is Visibility.POINTER else
                       min(cutoff, rules.threshold)):
            wanted.append(hit.handle)
    return wanted


def _split(scope: Scope, rows: dict[int, Row[Any]], found: list[IndexHit], *, cutoff: float,
           limit: int, rules: PointerRules) -> _Found:
    """Visible hits at the caller's threshold (best first, ``limit``); pointer hits at the
    owner's threshold, whatever the caller asked for."""
    split = _Found()
    for hit in found:
        row = rows.get(hit.handle)
        if row is None:  # erased between the search and now
            continue
        holding, holding_vis = scope.holdings[hit.holding_id]
        visibility = entity_visibility(holding_vis, row.handling_code)
        score = hit.match.score
        if visibility is Visibility.POINTER:
            if rules.answered(score):
                split.pointers.append((holding, row.entity_id, row.schema, score))
        elif score >= cutoff and len(split.visible) < limit:
            split.visible.append(EntityResult(
                row.entity_id, row.caption, row.schema, json.loads(row.properties), holding.id,
                holding.agency_id, visibility, round(score, 4), True, _explanations(hit.match)))
    return split


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
    settings: Settings,
    secret: str,
    via: str = "api",
) -> ScreenOutcome:
    """Screen ``queries`` against ``dataset`` for ``principal``; audited in ``tx``.

    A call that reaches other agencies' pointer holdings is charged to the caller's query
    budgets and watched for name sweeps (``accord.services.screening.guard``) before anything
    is answered; over budget it raises ``BudgetSpent`` (429) and ``tx`` must roll back.
    """
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
    rules = PointerRules.from_settings(settings)
    records = {key: Record.from_entity({"id": f"query:{key}", **query})
               for key, query in cleaned.items()}
    # Every candidate above the lower of the two thresholds, so that neither the caller's
    # limit nor its threshold decides which pointers are seen (the matcher scores all of
    # its candidates anyway; the limit only cuts the list).
    hits = {key: manager.search(query, scope.ids, limit=MAX_LIMIT + _POINTER_ROOM,
                                threshold=min(cutoff, rules.threshold))
            for key, query in records.items()}
    rows = _rows(tx, {handle for key, found in hits.items()
                      for handle in _wanted(scope, found, cutoff=cutoff, limit=limit,
                                            rules=rules)})
    found = {key: _split(scope, rows, hits[key], cutoff=cutoff, limit=limit, rules=rules)
             for key in cleaned}
    fingerprints = {key: query_fingerprint(secret, query) for key, query in cleaned.items()}
    touches = scope.touches_pointers(principal.agency_id) or any(
        f.pointers for f in found.values())
    guard = guard_pointers(
        tx.connection(), principal, GuardLimits.from_settings(settings), dataset=dataset,
        touches=touches,
        queries={key: (name_key(secret, records[key]), fingerprints[key])
                 for key in cleaned} if touches else {},
        pointers={key: [(h.id, h.agency_id) for h, *_rest in f.pointers]
                  for key, f in found.items()})
    responses: dict[str, QueryResult] = {}
    consulted: dict[str, list[str]] = {}
    for key, split in found.items():
        pointers: list[PointerResult] = []
        for holding, entity_id, schema, score in split.pointers:
            if key in guard.withheld:
                consulted.setdefault(holding.id, [])
                continue
            band = rules.band(score)
            reference = pointer_reference(secret, principal.agency_id, holding.id, entity_id)
            view = pointer_view(scope.agencies[holding.agency_id]) | {
                "score_band": band, "reference": reference}
            pointers.append(PointerResult(reference, schema, holding.id, holding.agency_id,
                                          view, band, rules.floor(band)))
            consulted.setdefault(holding.id, []).append(reference)
        pointers.sort(key=lambda p: pointer_order(p.band, p.reference))
        for hit in split.visible:
            if hit.agency_id != principal.agency_id:
                consulted.setdefault(hit.dataset, []).append(hit.id)
        responses[key] = QueryResult(key, cleaned[key], trim([*split.visible, *pointers], limit),
                                     key in guard.withheld)
    event = record(
        tx, principal, AuditAction.SCREEN, object_type="screening", object_id=dataset,
        justification=reason,
        detail={"via": via, "queries": len(cleaned), "holdings": sorted(scope.ids),
                "limit": limit, "threshold": cutoff, "pointer_threshold": rules.threshold,
                "results": sum(len(r.results) for r in responses.values()),
                "fingerprints": list(fingerprints.values()),
                **guard.audit()},
    )
    for holding_id, mentions in sorted(consulted.items()):
        holding, holding_vis = scope.holdings[holding_id]
        record(
            tx, principal, AuditAction.CONSULT, object_type="holding", object_id=holding_id,
            object_agency_id=holding.agency_id, justification=reason,
            detail={"via": f"screen/{via}", "screen_seq": event.seq, "hits": len(mentions),
                    "visibility": holding_vis.value, "matched": sorted(set(mentions)),
                    "withheld": guard.withheld_from.get(holding_id, 0)},
        )
    return ScreenOutcome(dataset, sorted(scope.ids), cutoff, limit, responses, event.seq,
                         rules.threshold, len(guard.withheld))

def _rows(tx: Session, handles: set[int]) -> dict[int, Row[Any]]:
    if not handles:
        return {}
    found: Sequence[Row[Any]] = tx.connection().execute(  # type: ignore[assignment]
        _HIT_ROWS, {"handles": sorted(handles)}
    ).all()
    return {row.row_id: row for row in found}
