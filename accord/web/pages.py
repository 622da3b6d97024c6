"""Sign-in, sign-out and the home page."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from accord.core.errors import AppError
from accord.http.deps import SESSION_COOKIE, RuntimeDep, optional_principal
from accord.http.security import (
    LOGIN_CSRF_COOKIE,
    check_csrf,
    new_csrf_token,
    secure_cookies,
)
from accord.model import Principal
from accord.services.holdings.overview import agency_overview
from accord.services.identity import sessions
from accord.web.views import render, translator

__all__ = ["router", "safe_next"]

router = APIRouter(include_in_schema=False, tags=["web"])

_LOCAL_PATH = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*")

MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


def safe_next(target: str | None) -> str:
    """Only a local path may be a redirect target: no ``//host``, scheme, backslash or
    control character (browsers drop tabs and newlines, so ``/\t/host`` is ``//host``)."""
    if target and _LOCAL_PATH.fullmatch(target) and not target.startswith("//"):
        return target
    return "/"


def _login_page(
    request: Request, next_path: str, *, error: str = "", status: int = 200, username: str = ""
) -> Response:
    token = new_csrf_token()
    response = render(
        request,
        "login.html",
        {"login_csrf": token, "next": next_path, "error": error, "username": username},
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request, principal: MaybePrincipal, next: str = "/") -> Response:
    if principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


@router.post("/login")
def login_submit(
    request: Request,
    runtime: RuntimeDep,
    username: Annotated[str, Form(max_length=256)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    check_csrf(request.method, request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token)
    _ = translator(request).gettext
    address = request.client.host if request.client else "unknown"
    try:
        result = sessions.login(
            runtime.db,
            runtime.settings,
            username=username,
            password=password,
            address=address,
            previous_cookie=request.cookies.get(SESSION_COOKIE),
        )
    except AppError as error:
        ngettext = translator(request).ngettext
        wait: int | None = None
        if isinstance(error, sessions.LoginThrottled):
            wait = error.throttle.minutes
            message = (
                ngettext(
                    "Too many failed sign-ins for this account. Try again in %(num)d minute.",
                    "Too many failed sign-ins for this account. Try again in %(num)d minutes.",
                    wait,
                )
                if error.throttle.kind == "account"
                else ngettext(
                    "Too many failed sign-ins from this network. Try again in %(num)d minute.",
                    "Too many failed sign-ins from this network. Try again in %(num)d minutes.",
                    wait,
                )
            ) % {"num": wait}
        else:
            message = _("Wrong username or password.")
        response = _login_page(
            request, safe_next(next), error=message, status=error.status, username=username
        )
        if wait is not None:
            response.headers["Retry-After"] = str(wait * 60)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        result.cookie,
        max_age=int(runtime.settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, runtime: RuntimeDep, principal: MaybePrincipal) -> Response:
    """End the session (its row is deleted); the CSRF check ran in ``optional_principal``."""
    sessions.logout(runtime.db, request.cookies.get(SESSION_COOKIE), principal)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(request: Request, runtime: RuntimeDep, principal: MaybePrincipal) -> Response:
    if principal is None:
        return RedirectResponse("/login", status_code=303)
    overview = agency_overview(runtime.db, principal)
    return render(request, "home.html", {"agency": overview})
