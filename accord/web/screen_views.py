"""The screening page: name, date of birth, nationality, document number → ranked candidates.

One form, usable with the keyboard alone (the name field has focus, Enter submits); with
htmx the results replace only the results region (``HX-Request``), without it the whole
page comes back. Both go through the same audited screening service as ``/match``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from accord.core.errors import AppError
from accord.http.deps import CurrentPrincipal, RuntimeDep
from accord.model import Principal
from accord.services.holdings.access import require_entity_reader
from accord.services.holdings.calls import list_readable
from accord.services.runtime import Runtime
from accord.services.screening.calls import run_screen
from accord.services.screening.screen import DEFAULT_DATASET, ScreenOutcome
from accord.web.views import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False, tags=["web"])

Text = Annotated[str, Form(max_length=500)]


def _datasets(runtime: Runtime, principal: Principal) -> list[dict[str, str]]:
    """The holdings to choose from; one seen only as a pointer comes unnamed (``list_readable``)."""
    return [{"id": h.id, "name": h.name, "agency": h.agency_id, "visibility": h.visibility.value}
            for h in list_readable(runtime.db, principal)]


def _context(runtime: Runtime, principal: Principal, form: dict[str, str],
             outcome: ScreenOutcome | None = None, error: AppError | None = None
             ) -> dict[str, Any]:
    return {
        "form": form,
        "datasets": _datasets(runtime, principal),
        "outcome": outcome,
        "results": outcome.responses["q"].results if outcome else [],
        "error": error,
    }


@router.get("/screen")
def screen_page(request: Request, principal: CurrentPrincipal, runtime: RuntimeDep) -> Response:
    require_entity_reader(principal)
    form = {"dataset": DEFAULT_DATASET}
    return render(request, "screen.html", _context(runtime, principal, form))


@router.post("/screen")
def screen_submit(
    request: Request,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    name: Text = "",
    dob: Text = "",
    nationality: Text = "",
    id_number: Text = "",
    dataset: Annotated[str, Form(max_length=64)] = DEFAULT_DATASET,
    justification: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    require_entity_reader(principal)
    form = {"name": name, "dob": dob, "nationality": nationality, "id_number": id_number,
            "dataset": dataset, "justification": justification}
    props = {"name": [name], "birthDate": [dob], "nationality": [nationality.lower()],
             "idNumber": [id_number]}
    props = {key: values for key, values in props.items() if values[0].strip()}
    outcome: ScreenOutcome | None = None
    error: AppError | None = None
    status = 200
    try:
        outcome = run_screen(runtime, principal, {"q": {"schema": "Person", "properties": props}},
                             dataset=dataset, limit=10, threshold=None,
                             justification=justification, via="web")
    except AppError as failure:
        error, status = failure, failure.status
    context = _context(runtime, principal, form, outcome, error)
    partial = request.headers.get("hx-request") == "true"
    # htmx swaps only 2xx answers by default: a refused search is shown, not dropped.
    page = render(request, "screen_results.html" if partial else "screen.html", context,
                  status_code=200 if partial else status)
    page.headers.update(error.headers if error else {})  # Retry-After of a spent budget
    return page
