"""The permission matrix: every route of the app × role × own/foreign object.

ADD A ROW HERE FOR EVERY NEW ROUTE (method, path exactly as in the route table). A route of
``app.routes`` without a row fails ``test_every_route_is_in_the_matrix``.

Each request is made by a user of agency A (or anonymously). Path parameters are filled
from ``Fixtures``: *own* objects belong to agency A; *foreign* objects belong to agency B
and are NOT visible to A (holding ``b-group``: shared, but only with B itself), so a
foreign read must be refused exactly like a missing object. A row says which roles are
allowed on own objects (``own``) and on foreign ones (``foreign``, default: nobody); every
other role must be refused (401 anonymous, 403 wrong role, 404 invisible object).
``public`` rows (sign-in, health, static files, the API description) only have to answer
without a server error. Cross-agency requests always carry a justification header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ANON = "anonymous"
ROLES = (ANON, "analyst", "supervisor", "auditor", "admin")
NOBODY: frozenset[str] = frozenset()
READERS = frozenset({"analyst", "supervisor"})  # may read entities and screen
SUPERVISOR = frozenset({"supervisor"})
AUDITOR = frozenset({"auditor"})
ADMIN = frozenset({"admin"})
DECIDERS = frozenset({"supervisor", "admin"})  # decide account requests (not their own)
SIGNED_IN = frozenset({"analyst", "supervisor", "auditor", "admin"})


@dataclass(frozen=True)
class Fixtures:
    """The objects path parameters and bodies are filled from, for one side (own/foreign)."""

    side: str  # "own" (agency A) or "foreign" (agency B, invisible to A)
    holding_id: str
    entity_id: str  # an entity of that holding, past its review date
    username: str  # a spare user of that agency (safe to disable)
    token_id: int  # a spare token of that agency (safe to revoke)
    request_id: int  # a pending request for an admin account of that agency (by the operator)

    def path_params(self) -> dict[str, str]:
        return {
            "holding_id": self.holding_id,
            "entity_id": self.entity_id,
            "dataset": self.holding_id,
            "username": self.username,
            "token_id": str(self.token_id),
            "request_id": str(self.request_id),
        }


Body = Callable[[Fixtures], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    own: frozenset[str] = NOBODY  # roles allowed on agency A's objects (or with no object)
    foreign: frozenset[str] = NOBODY  # roles allowed on agency B's invisible objects
    json: Body | None = None
    form: Body | None = None
    content: Callable[[Fixtures], tuple[bytes, str]] | None = None  # raw body, content type
    query: dict[str, str] = field(default_factory=dict)
    per_side: bool = False  # the body names an object: try it with own and foreign objects
    public: bool = False  # no authorisation to prove: only "no server error"
    url: str | None = None  # a concrete URL instead of the route's path (mounts)
    fresh: bool = False  # succeeds only once (approving): each role gets a fresh database


def _match_body(_f: Fixtures) -> dict[str, Any]:
    person = {"schema": "Person", "properties": {"name": ["Arben Xhaferi"]}}
    return {"queries": {"q1": person}, "justification": "permission matrix check"}


def _screen_form(f: Fixtures) -> dict[str, Any]:
    return {"name": "Arben Xhaferi", "dataset": f.holding_id, "justification": "matrix check"}


def _policy_body(_f: Fixtures) -> dict[str, Any]:
    return {"policy": "shared", "sharing_group": None}


def _erase_body(f: Fixtures) -> dict[str, Any]:
    return {"entities": [{"holding_id": f.holding_id, "entity_id": f.entity_id}]}


def _erase_form(f: Fixtures) -> dict[str, Any]:
    return {"holding_id": f.holding_id, "entity_id": f.entity_id}


def _import_lines(_f: Fixtures) -> tuple[bytes, str]:
    line = b'{"id": "matrix-1", "schema": "Person", "properties": {"name": ["Arben Krasniqi"]}}\n'
    return line, "application/x-ndjson"


def _new_user(_f: Fixtures) -> dict[str, Any]:
    return {"username": "matrix-new", "password": "matrix-password-1", "role": "analyst"}


def _own_token(_f: Fixtures) -> dict[str, Any]:
    return {"name": "matrix"}


PUBLIC = Rule(public=True)

MATRIX: dict[tuple[str, str], Rule] = {
    # operations and the API description
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/api/openapi.json"): PUBLIC,
    ("HEAD", "/api/openapi.json"): PUBLIC,
    ("GET", "/static"): Rule(public=True, url="/static/htmx.min.js"),
    # sign-in (the web engineer's tests cover throttling, CSRF and rotation)
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/"): Rule(own=SIGNED_IN),
    # screening (yente /match, W3C reconciliation)
    ("POST", "/match/{dataset}"): Rule(own=READERS, json=_match_body),
    ("GET", "/reconcile/{dataset}"): Rule(own=READERS),
    ("POST", "/reconcile/{dataset}"): Rule(own=READERS),
    ("GET", "/reconcile/{dataset}/suggest/entity"): Rule(
        own=READERS, query={"prefix": "Arb", "justification": "permission matrix check"}
    ),
    ("GET", "/reconcile/{dataset}/suggest/type"): Rule(own=READERS),
    ("GET", "/reconcile/{dataset}/suggest/property"): Rule(own=READERS),
    ("GET", "/screen"): Rule(own=READERS),
    ("POST", "/screen"): Rule(own=READERS, form=_screen_form, per_side=True),
    # entities and holdings (access)
    ("GET", "/api/access/holdings"): Rule(own=READERS),
    ("GET", "/api/holdings/{holding_id}/entities"): Rule(own=READERS),
    ("POST", "/api/holdings/{holding_id}/entities"): Rule(own=READERS, content=_import_lines),
    ("GET", "/api/entities/{holding_id}/{entity_id}"): Rule(own=READERS),
    ("GET", "/api/holdings/{holding_id}/policy"): Rule(own=READERS),
    ("PUT", "/api/holdings/{holding_id}/policy"): Rule(own=SUPERVISOR, json=_policy_body),
    # audit trail
    ("GET", "/api/audit/events"): Rule(own=AUDITOR),
    ("GET", "/api/audit/export"): Rule(own=AUDITOR),
    ("GET", "/api/audit/verify"): Rule(own=AUDITOR),
    # probing notices (the owner's supervisors and auditors)
    ("GET", "/api/probing/notices"): Rule(own=SUPERVISOR | AUDITOR),
    ("GET", "/probing"): Rule(own=SUPERVISOR | AUDITOR),
    # retention
    ("GET", "/api/retention/due"): Rule(own=SUPERVISOR),
    ("POST", "/api/retention/erase"): Rule(own=SUPERVISOR, json=_erase_body, per_side=True),
    # auditor's and supervisor's pages
    ("GET", "/audit"): Rule(own=AUDITOR),
    ("GET", "/retention"): Rule(own=SUPERVISOR),
    ("POST", "/retention/erase"): Rule(own=SUPERVISOR, form=_erase_form, per_side=True),
    # administration (JSON API and pages)
    ("GET", "/api/admin/users"): Rule(own=ADMIN),
    ("POST", "/api/admin/users"): Rule(own=ADMIN, json=_new_user),
    ("POST", "/api/admin/users/{username}/disable"): Rule(own=ADMIN),
    ("GET", "/api/admin/tokens"): Rule(own=ADMIN),
    ("POST", "/api/admin/tokens/{token_id}/revoke"): Rule(own=ADMIN),
    ("GET", "/admin/users"): Rule(own=ADMIN),
    ("POST", "/admin/users"): Rule(own=ADMIN, form=_new_user),
    ("POST", "/admin/users/{username}/disable"): Rule(own=ADMIN),
    ("GET", "/admin/tokens"): Rule(own=ADMIN),
    ("POST", "/admin/tokens/{token_id}/revoke"): Rule(own=ADMIN),
    # account requests (supervisor, auditor, admin accounts): a second person decides
    ("GET", "/api/admin/account-requests"): Rule(own=DECIDERS),
    ("POST", "/api/admin/account-requests/{request_id}/approve"): Rule(own=DECIDERS, fresh=True),
    ("POST", "/api/admin/account-requests/{request_id}/reject"): Rule(own=DECIDERS, fresh=True),
    ("GET", "/admin/requests"): Rule(own=DECIDERS),
    ("POST", "/admin/requests/{request_id}/approve"): Rule(own=DECIDERS, fresh=True),
    ("POST", "/admin/requests/{request_id}/reject"): Rule(own=DECIDERS, fresh=True),
    # every user's own tokens. Creating one needs a browser session: with the matrix's
    # bearer tokens every role is refused (403); tests/web/test_tokens.py shows the session
    # path. The spare token of {token_id} belongs to nobody the matrix signs in as: 404.
    ("GET", "/api/tokens"): Rule(own=SIGNED_IN),
    ("POST", "/api/tokens"): Rule(json=_own_token),
    ("POST", "/api/tokens/{token_id}/revoke"): Rule(),
    ("GET", "/tokens"): Rule(own=SIGNED_IN),
    ("POST", "/tokens"): Rule(form=_own_token),
    ("POST", "/tokens/{token_id}/revoke"): Rule(),
}
