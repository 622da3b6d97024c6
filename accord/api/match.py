"""``POST /match/{dataset}``: screening with yente's request and response shapes.

``dataset`` is a holding id or ``default`` (every holding the caller's agency may query).
A hit from a holding the caller sees only through a pointer answers with an
``accord:pointer`` block and no property, name or entity id (see docs/screening.md).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any
from urllib.parse import unquote

import anyio
import anyio.to_thread
import orjson
from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError, ValidationInfo, field_validator

from accord.http.deps import Caller, DeferredCaller, RuntimeDep
from accord.services.runtime import Runtime
from accord.services.screening.calls import screen_in
from accord.services.screening.guard import refusals_audited
from accord.services.screening.screen import QueryResult, ScreenOutcome, result_dict

__all__ = ["JUSTIFICATION_HEADER", "justification_of", "router"]

router = APIRouter(tags=["screening"])

JUSTIFICATION_HEADER = "X-Accord-Justification"
ALGORITHM = "accord"
# On SQLite a body up to this size (a few queries: one is about 200 bytes) is screened on
# the event loop itself; a larger batch, and every call on PostgreSQL, in a worker thread.
INLINE_BODY_MAX = 4096


class MatchRequest(BaseModel):
    """yente's body, plus Accord's ``justification`` (or send the header)."""

    queries: dict[str, Any] = Field(description="Query entities keyed by the caller's ids")
    weights: dict[str, Any] | None = Field(None, description="Refused unless empty (see below)")
    config: dict[str, Any] | None = Field(None, description="Refused unless empty (see below)")
    justification: str | None = Field(
        None, description="Why: required when the search reaches other agencies' holdings"
    )

    @field_validator("weights", "config")
    @classmethod
    def _refuse_tuning(cls, value: dict[str, Any] | None, info: ValidationInfo
                       ) -> dict[str, Any] | None:
        """yente's per-call ``weights``/``config`` are refused, not ignored: scores and
        thresholds are the same for every caller (a caller's weights would also turn the
        score of another agency's pointer hit into a probe of what it holds)."""
        if value:
            raise ValueError(f"{info.field_name} is not supported: Accord scores every call "
                             "with its declared features (docs/matching.md); omit it")
        return value


def justification_of(request: Request, given: str | None = None) -> str | None:
    """The body's justification, else the header (percent-decoded, for non-Latin text)."""
    if given and given.strip():
        return given
    header = request.headers.get(JUSTIFICATION_HEADER)
    return unquote(header) if header else None


def _parse_body(raw: bytes) -> MatchRequest:
    """The JSON body as ``MatchRequest``; errors in FastAPI's own 422 shape (``body.…``)."""
    if not raw.strip():
        raise RequestValidationError([{"type": "missing", "loc": ("body",),
                                       "msg": "Field required", "input": None}])
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body", error.pos),
                                       "msg": "JSON decode error", "input": {}}]) from None
    try:
        return MatchRequest.model_validate(data)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors()]) from None


def _match_call(runtime: Runtime, caller: Caller, raw: bytes, *, dataset: str, limit: int,
                threshold: float | None) -> ScreenOutcome:
    """Authenticate, parse, screen and audit in one worker thread and one transaction."""
    with refusals_audited(runtime.db), runtime.db.transaction() as tx:
        principal = caller.principal(tx)  # first: no token, no parsing
        body = _parse_body(raw)
        return screen_in(tx, runtime, principal, body.queries, dataset=dataset, limit=limit,
                         threshold=threshold, via="match",
                         justification=justification_of(caller.request, body.justification))


def _response(outcome: QueryResult) -> dict[str, Any]:
    results = [result_dict(r) for r in outcome.results]
    answer = {
        "status": 200,
        "results": results,
        "total": {"value": len(results), "relation": "eq"},
        "query": {"id": outcome.key, **outcome.query},
    }
    if outcome.withheld:  # this name was swept: no pointer answers for it (docs/screening.md)
        answer["accord:pointers_withheld"] = True
    return answer


def _limiter(request: Request, runtime: Runtime) -> anyio.CapacityLimiter:
    """How many ``/match`` calls of this app run at once; the rest wait on the event loop.

    A call is CPU-bound Python (the matcher) holding the GIL, so a second thread only adds
    GIL hand-offs (measured: ~15 % more CPU per call and a longer tail on SQLite). On
    PostgreSQL a second thread overlaps the other's network round trips.
    """
    limiter = getattr(request.app.state, "match_limiter", None)
    if not isinstance(limiter, anyio.CapacityLimiter):  # made lazily, in the app's loop
        limiter = anyio.CapacityLimiter(1 if runtime.db.is_sqlite else 2)
        request.app.state.match_limiter = limiter
    return limiter


_BODY_DOC = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": MatchRequest.model_json_schema()}}}}


@router.post("/match/{dataset}", response_model=None, openapi_extra=_BODY_DOC)
async def match(
    dataset: str,
    request: Request,
    caller: DeferredCaller,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
    threshold: Annotated[float | None, Query(gt=0, le=1)] = None,
    algorithm: str = ALGORITHM,
) -> Response:
    """Screen up to 100 query entities against ``dataset`` (yente-compatible).

    The body is a ``MatchRequest``. This is the hot path: the caller's token is checked,
    the body parsed, the index searched and the audit event written in one transaction, and
    the answer serialised once with orjson. On SQLite a small body (``INLINE_BODY_MAX``) runs
    on the event loop: the call is CPU-bound and one runs at a time anyway, and the thread
    hop with its GIL hand-offs cost about a fifth of the call's CPU (measured with py-spy).
    """
    try:
        raw = await request.body()  # within ACCORD_MAX_BODY_BYTES (accord.http.bodies)
    except RuntimeError:  # the stream was consumed as a form (a cookie POST): not JSON
        raw = b""
    call = partial(_match_call, runtime, caller, raw, dataset=dataset, limit=limit,
                   threshold=threshold)
    limiter = _limiter(request, runtime)
    if runtime.db.is_sqlite and len(raw) <= INLINE_BODY_MAX:
        async with limiter:  # still one call at a time; no thread hop, no GIL hand-offs
            outcome = call()
    else:
        outcome = await anyio.to_thread.run_sync(call, limiter=limiter)
    answer = {
        "responses": {key: _response(q) for key, q in outcome.responses.items()},
        "limit": limit,
        "threshold": outcome.threshold,
        "algorithm": {"name": ALGORITHM, "requested": algorithm},
        "datasets": outcome.holdings,
    }
    return Response(orjson.dumps(answer), media_type="application/json")
