"""``POST /match/{dataset}``: screening with yente's request and response shapes.

``dataset`` is a holding id or ``default`` (every holding the caller's agency may query).
A hit from a holding the caller sees only through a pointer answers with an
``accord:pointer`` block and no property, name or entity id (see docs/screening.md).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import unquote

import orjson
from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from accord.api.deps import CurrentPrincipal, RuntimeDep
from accord.model import Principal
from accord.services.runtime import Runtime
from accord.services.screen_index import get_manager
from accord.services.screening import QueryResult, ScreenOutcome, result_dict, screen

__all__ = ["JUSTIFICATION_HEADER", "justification_of", "router", "run_screen"]

router = APIRouter(tags=["screening"])

JUSTIFICATION_HEADER = "X-Accord-Justification"
ALGORITHM = "accord"


class MatchRequest(BaseModel):
    """yente's body, plus Accord's ``justification`` (or send the header)."""

    queries: dict[str, Any] = Field(description="Query entities keyed by the caller's ids")
    weights: dict[str, Any] | None = None
    config: dict[str, Any] | None = None
    justification: str | None = Field(
        None, description="Why: required when the search reaches other agencies' holdings"
    )


def justification_of(request: Request, given: str | None = None) -> str | None:
    """The body's justification, else the header (percent-decoded, for non-Latin text)."""
    if given and given.strip():
        return given
    header = request.headers.get(JUSTIFICATION_HEADER)
    return unquote(header) if header else None


def run_screen(runtime: Runtime, principal: Principal, queries: Any, *, dataset: str, limit: int,
               threshold: float | None, justification: str | None, via: str) -> ScreenOutcome:
    """One audited screening call in its own transaction."""
    with runtime.db.transaction() as tx:
        return screen(
            tx, get_manager(runtime), principal, queries, dataset=dataset, limit=limit,
            threshold=threshold, justification=justification,
            secret=runtime.settings.secret_key.get_secret_value(), via=via,
        )


def _response(outcome: QueryResult) -> dict[str, Any]:
    results = [result_dict(r) for r in outcome.results]
    return {
        "status": 200,
        "results": results,
        "total": {"value": len(results), "relation": "eq"},
        "query": {"id": outcome.key, **outcome.query},
    }


@router.post("/match/{dataset}", response_model=None)
def match(
    dataset: str,
    body: MatchRequest,
    request: Request,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
    threshold: Annotated[float | None, Query(gt=0, le=1)] = None,
    algorithm: str = ALGORITHM,
) -> Response:
    """Screen up to 100 query entities against ``dataset`` (yente-compatible).

    The body is serialised once with orjson (no response-model pass over every result).
    """
    outcome = run_screen(
        runtime, principal, body.queries, dataset=dataset, limit=limit, threshold=threshold,
        justification=justification_of(request, body.justification), via="match",
    )
    answer = {
        "responses": {key: _response(q) for key, q in outcome.responses.items()},
        "limit": limit,
        "threshold": outcome.threshold,
        "algorithm": {"name": ALGORITHM, "requested": algorithm},
        "datasets": outcome.holdings,
    }
    return Response(orjson.dumps(answer), media_type="application/json")
