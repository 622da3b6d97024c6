"""W3C Reconciliation Service API 0.2 at ``/reconcile/{dataset}`` (what OpenRefine speaks).

``GET`` without ``queries`` answers the service manifest; ``GET``/``POST`` with ``queries``
(a form field or query parameter holding JSON, or a JSON body ``{"queries": …}``) answers
reconciliation results. Query properties (``birthDate``, ``nationality``, ``idNumber``,
``passportNumber``, …) go to the matcher. Every call is a screening call: authenticated,
audited, and a pointer hit is named only "Match held by <agency> — contact <desk>".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from accord import __version__
from accord.api.match import justification_of
from accord.core.errors import InvalidInput
from accord.http.deps import CurrentPrincipal, RuntimeDep
from accord.services.screening.calls import check_scope, run_screen
from accord.services.screening.index import INDEXED_SCHEMATA
from accord.services.screening.results import trim
from accord.services.screening.screen import (
    MAX_LIMIT,
    MAX_QUERIES,
    EntityResult,
    PointerResult,
    pointer_caption,
)

__all__ = ["MATCHABLE_PROPERTIES", "router"]

router = APIRouter(prefix="/reconcile", tags=["screening"])

# Properties a reconciliation query may carry, with their labels (the suggest/property list).
MATCHABLE_PROPERTIES: dict[str, str] = {
    "birthDate": "Date of birth",
    "nationality": "Nationality",
    "citizenship": "Citizenship",
    "gender": "Gender",
    "idNumber": "Identity number",
    "passportNumber": "Passport number",
    "taxNumber": "Tax number",
    "registrationNumber": "Registration number",
    "phone": "Phone",
    "email": "E-mail",
    "iban": "IBAN",
    "alias": "Alias",
    "country": "Country",
    "jurisdiction": "Jurisdiction",
    "incorporationDate": "Incorporation date",
    "address": "Address",
}
_DEFAULT_LIMIT = 5


def _manifest(request: Request, dataset: str) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    path = f"/reconcile/{dataset}"
    return {
        "versions": ["0.2"],
        "name": f"Accord screening ({dataset})",
        "identifierSpace": f"{base}/ns/entity",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "documentation": f"{base}/api/openapi.json",
        "serviceVersion": __version__,
        "defaultTypes": [{"id": s, "name": s} for s in sorted(INDEXED_SCHEMATA)],
        "suggest": {
            kind: {"service_url": base, "service_path": f"{path}/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
    }


def _value(v: Any) -> str:
    if isinstance(v, Mapping):
        return str(v.get("name") or v.get("id") or "")
    return str(v)


def _invalid(key: str, field: str, message: str, detail: str) -> InvalidInput:
    return InvalidInput(f"query '{key}': {message}",
                        details=[{"field": f"queries.{key}.{field}", "message": detail}])


def _schema_of(key: str, raw: Mapping[str, Any]) -> str:
    """``type``: a schema name, or a list whose first item is one (``Person`` if absent)."""
    kind = raw.get("type") or "Person"
    schema = kind[0] if isinstance(kind, list) and kind else kind
    if not isinstance(schema, str):
        raise _invalid(key, "type", "type must be a schema name", f"got {kind!r}"[:200])
    return schema


def _limit_of(key: str, raw: Mapping[str, Any]) -> int:
    limit = raw.get("limit") or _DEFAULT_LIMIT
    if (not isinstance(limit, int | float) or isinstance(limit, bool)
            or not math.isfinite(limit) or not 1 <= int(limit) <= MAX_LIMIT):
        raise _invalid(key, "limit", f"limit must be 1–{MAX_LIMIT}", f"got {limit!r}"[:200])
    return int(limit)


def _to_yente(key: str, raw: Any) -> tuple[dict[str, Any], int]:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("query"), str):
        raise _invalid(key, "query", "needs a 'query' string", "required")
    props: dict[str, list[str]] = {"name": [raw["query"]]}
    items = raw.get("properties") or []
    if not isinstance(items, list):
        raise _invalid(key, "properties", "properties must be a list of {pid, v}",
                       "not a list")
    for item in items:
        pid = item.get("pid") if isinstance(item, Mapping) else None
        if not isinstance(pid, str) or pid not in MATCHABLE_PROPERTIES:
            raise _invalid(key, "properties", f"unknown property {pid!r}"[:200],
                           f"pid must be one of {', '.join(MATCHABLE_PROPERTIES)}")
        values = item.get("v")
        values = values if isinstance(values, list) else [values]
        props.setdefault(pid, []).extend(_value(v) for v in values if _value(v).strip())
    return {"schema": _schema_of(key, raw), "properties": props}, _limit_of(key, raw)


def _w3c(result: EntityResult | PointerResult) -> dict[str, Any]:
    if isinstance(result, PointerResult):
        contact = result.pointer["contact"]
        return {
            "id": result.reference,
            "name": pointer_caption(result),
            "description": f"Pointer · band {result.band} · call {contact['phone']} "
                           f"or write {contact['email']}",
            "score": round(result.band_floor * 100, 1),
            "match": False,  # never auto-accept a pointer: a person must call the owner
            "type": [{"id": result.schema, "name": result.schema}],
            "features": [],
        }
    props = result.properties
    facts = [v[0] for k in ("birthDate", "nationality", "idNumber") if (v := props.get(k))]
    return {
        "id": result.id,
        "name": result.caption or result.id,
        "description": " · ".join([*facts, result.dataset]),
        "score": round(result.score * 100, 1),
        "match": result.match,
        "type": [{"id": result.schema, "name": result.schema}],
        "features": [{"id": name, "value": float(f["score"])}
                     for name, f in result.explanations.items()],
    }


def _json(text: str | bytes, what: str, field: str) -> Any:
    """Strict JSON (orjson): no NaN or Infinity, nesting at most 1024 deep; else 422."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise InvalidInput(f"{what} is not valid JSON",
                           details=[{"field": field, "message": str(error)}]) from None


async def _queries_param(request: Request) -> Any:
    """``queries`` from the query string, a form field or a JSON body (None if absent)."""
    raw: Any = request.query_params.get("queries")
    if raw is None and request.method == "POST":
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            body = _json(await request.body(), "the body", "body")
            raw = body.get("queries") if isinstance(body, Mapping) else None
        else:
            raw = (await request.form()).get("queries")
    if isinstance(raw, str):
        raw = _json(raw, "'queries'", "queries")
    return raw


async def _form_value(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    if value is None and request.method == "POST" and "form" in request.headers.get(
            "content-type", ""):
        field = (await request.form()).get(name)
        value = field if isinstance(field, str) else None
    return value


@router.get("/{dataset}", operation_id="reconcile_get")
@router.post("/{dataset}", operation_id="reconcile_post")
async def reconcile(dataset: str, request: Request, principal: CurrentPrincipal,
                    runtime: RuntimeDep) -> dict[str, Any]:
    """The manifest (no ``queries``) or the reconciliation results of a batch."""
    queries = await _queries_param(request)
    justification = justification_of(request, await _form_value(request, "justification"))
    if queries is None:
        await run_in_threadpool(check_scope, runtime, principal, dataset)
        return _manifest(request, dataset)
    if not isinstance(queries, Mapping) or not queries:
        raise InvalidInput("'queries' must be a non-empty object",
                           details=[{"field": "queries", "message": "required"}])
    if len(queries) > MAX_QUERIES:
        raise InvalidInput(f"at most {MAX_QUERIES} queries per call; got {len(queries)}",
                           details=[{"field": "queries", "message": "too many queries"}])
    converted = {str(k): _to_yente(str(k), q) for k, q in queries.items()}
    limit = max(lim for _q, lim in converted.values())
    outcome = await run_in_threadpool(
        run_screen, runtime, principal, {k: q for k, (q, _l) in converted.items()},
        dataset=dataset, limit=limit, threshold=None, justification=justification,
        via="reconcile",
    )
    return {
        key: {"result": [_w3c(r) for r in trim(outcome.responses[key].results, converted[key][1])]}
        for key in converted
    }


@router.get("/{dataset}/suggest/entity")
async def suggest_entity(dataset: str, prefix: str, request: Request,
                         principal: CurrentPrincipal, runtime: RuntimeDep) -> dict[str, Any]:
    """Entities whose name matches ``prefix`` (a screening call, audited like the others)."""
    if not prefix.strip():
        return {"result": []}
    outcome = await run_in_threadpool(
        run_screen, runtime, principal, {"suggest": {"schema": "Person",
                                                     "properties": {"name": [prefix]}}},
        dataset=dataset, limit=_DEFAULT_LIMIT, threshold=None,
        justification=justification_of(request, request.query_params.get("justification")),
        via="suggest",
    )
    return {"result": [{k: v for k, v in _w3c(r).items() if k in ("id", "name", "description")}
                       for r in outcome.responses["suggest"].results]}


@router.get("/{dataset}/suggest/type")
def suggest_type(dataset: str, principal: CurrentPrincipal, runtime: RuntimeDep,
                 prefix: str = "") -> dict[str, Any]:
    """The schemata the screening index holds."""
    check_scope(runtime, principal, dataset)
    wanted = prefix.strip().lower()
    return {"result": [{"id": s, "name": s} for s in sorted(INDEXED_SCHEMATA)
                       if s.lower().startswith(wanted)]}


@router.get("/{dataset}/suggest/property")
def suggest_property(dataset: str, principal: CurrentPrincipal, runtime: RuntimeDep,
                     prefix: str = "") -> dict[str, Any]:
    """The properties a reconciliation query may carry."""
    check_scope(runtime, principal, dataset)
    wanted = prefix.strip().lower()
    return {"result": [{"id": pid, "name": label} for pid, label in MATCHABLE_PROPERTIES.items()
                       if pid.lower().startswith(wanted) or label.lower().startswith(wanted)]}
