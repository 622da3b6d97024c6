"""The web shell: templates, translations, the navigation, and ``render``.

Pages by every area extend ``base.html`` and answer with ``render(request, template, ctx)``.
Every user-facing string goes through gettext: ``_()`` in templates (``jinja2.ext.i18n``)
and ``translator(request).gettext`` in Python. Catalogues live in ``accord/locale``
(``<lang>/LC_MESSAGES/accord.mo``); without one the text stays English.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel.support import Translations
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from accord.core.errors import AppError, Unauthorized
from accord.http.errors import error_response, wants_html
from accord.model import Principal, Role
from accord.model.policy import ENTITY_READERS

__all__ = [
    "LABELS",
    "N_",
    "NAV",
    "NavItem",
    "STATIC_DIR",
    "TEMPLATE_DIR",
    "install",
    "login_redirect",
    "nav_for",
    "render",
    "templates",
    "translator",
]

WEB_DIR = Path(__file__).parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
LOCALE_DIR = WEB_DIR.parent / "locale"
DOMAIN = "accord"


@dataclass(frozen=True, slots=True)
class NavItem:
    """One link of the navigation, shown to the given roles (its label is a msgid)."""

    path: str
    label: str
    roles: tuple[Role, ...]


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


_ALL_ROLES = tuple(Role)

# The navigation. Add your page with one line; it shows only to the roles listed.
NAV: list[NavItem] = [
    NavItem("/", N_("Home"), _ALL_ROLES),
    NavItem("/screen", N_("Screening"), ENTITY_READERS),
    NavItem("/admin/users", N_("Users"), (Role.ADMIN,)),
    NavItem("/admin/tokens", N_("Agency tokens"), (Role.ADMIN,)),
    NavItem("/admin/requests", N_("Account requests"), (Role.SUPERVISOR, Role.ADMIN)),
    NavItem("/tokens", N_("My API tokens"), _ALL_ROLES),
    NavItem("/audit", N_("Audit trail"), (Role.AUDITOR,)),
    NavItem("/retention", N_("Retention"), (Role.SUPERVISOR,)),
    NavItem("/probing", N_("Probing notices"), (Role.SUPERVISOR, Role.AUDITOR)),
]


# Display labels of the closed vocabularies (msgids; templates show ``_(labels[value])``).
LABELS: dict[str, str] = {
    "analyst": N_("analyst"),
    "supervisor": N_("supervisor"),
    "auditor": N_("auditor"),
    "admin": N_("admin"),
    "shared": N_("shared"),
    "pointer": N_("pointer"),
    "blind": N_("blind"),
    "police_ct": N_("police counter-terrorism unit"),
    "prosecutor": N_("prosecutor"),
    "fiu": N_("financial intelligence unit"),
    "border_police": N_("border police"),
    "intelligence": N_("intelligence"),
    "international_mission": N_("international mission"),
    "active": N_("active"),
    "expired": N_("expired"),
    "revoked": N_("revoked"),
}


def nav_for(principal: Principal | None) -> list[NavItem]:
    if principal is None:
        return []
    return [item for item in NAV if principal.role in item.roles]


@cache
def _available_locales() -> tuple[str, ...]:
    if not LOCALE_DIR.is_dir():
        return ()
    found = LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    return tuple(sorted(path.parent.parent.name for path in found))


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    if locale == "en" or locale not in _available_locales():
        return gettext.NullTranslations()
    return Translations.load(str(LOCALE_DIR), [locale], domain=DOMAIN)


def locale_for(request: Request) -> str:
    """The first language of ``Accept-Language`` that has a catalogue, else English."""
    available = _available_locales()
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        for candidate in (tag, tag.split("_")[0]):
            if candidate and candidate in available:
                return candidate
    return "en"


def translator(request: Request) -> gettext.NullTranslations:
    return _translations(locale_for(request))


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(("html", "xml")),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Defaults; ``render`` passes the request's own gettext/ngettext in the context.
    env.install_gettext_translations(gettext.NullTranslations(), newstyle=True)  # type: ignore[attr-defined]
    env.globals["labels"] = LABELS
    return env


def _gettext_pair(
    translations: gettext.NullTranslations,
) -> tuple[Callable[..., str], Callable[..., str]]:
    """gettext/ngettext in Jinja's new style: ``_("Hello %(name)s", name=x)``.

    The result is a plain string, so autoescaping escapes it and its variables alike.
    """

    def gettext_(message: str, **variables: Any) -> str:
        text = translations.gettext(message)
        return text % variables if variables else text

    def ngettext_(singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        return translations.ngettext(singular, plural, num) % variables

    return gettext_, ngettext_


def _page_context(request: Request) -> dict[str, Any]:
    principal = getattr(request.state, "principal", None)
    user = principal if isinstance(principal, Principal) else None
    lang = locale_for(request)
    gettext_, ngettext_ = _gettext_pair(_translations(lang))
    return {
        "principal": user,
        "nav": nav_for(user),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "lang": lang.split("_")[0],
        "gettext": gettext_,
        "ngettext": ngettext_,
        "can_read_entities": user is not None and user.role in ENTITY_READERS,
    }


# The page context reaches every template, error pages included.
templates = Jinja2Templates(env=_environment(), context_processors=[_page_context])


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` with the page context (principal, nav, CSRF token, gettext)."""
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    assert isinstance(response, HTMLResponse)
    return response


def login_redirect(request: Request) -> RedirectResponse:
    """Where an unauthenticated browser is sent: the sign-in page, then back."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def _on_unauthorized(request: Request, exc: Exception) -> Response:
    """A browser that is not signed in goes to the sign-in page; API clients get the 401."""
    assert isinstance(exc, AppError)
    if request.method == "GET" and wants_html(request) and "authorization" not in request.headers:
        return login_redirect(request)
    return error_response(request, exc)


def install(app: FastAPI) -> None:
    """Templates (error pages use them), the vendored static files, the sign-in redirect."""
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(Unauthorized, _on_unauthorized)
