"""Where an act comes from: the channel and the real actor that every audit event records.

- ``web`` — a browser session; the real actor is the signed-in user.
- ``token:<id>`` — an API token; the real actor is the token's owner (a token's raw value is
  only ever shown to its owner; one issued at the command line is shown to the operator who
  ran it, and its ``token.create`` event names that operator).
- ``cli`` — the command line; the real actor is the operating-system account that ran it
  (``cli:<os user>``), also when the command acts ``--as`` an Accord user.
- ``system`` — nobody in particular (a background task).

The command line marks itself with ``command_line()`` (``accord.cli.base.AccordGroup`` does,
for every command), so events written without a principal are attributed to its operator.
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from accord.model import Principal

__all__ = ["command_line", "operator", "origin"]

_AT_COMMAND_LINE: ContextVar[bool] = ContextVar("accord_command_line", default=False)


def operator() -> str:
    """``cli:<os user>``: the account running this process (its uid, not ``$USER``)."""
    uid = os.geteuid()
    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:
        name = f"uid{uid}"
    return f"cli:{name}"


@contextmanager
def command_line() -> Iterator[None]:
    token = _AT_COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _AT_COMMAND_LINE.reset(token)


def origin(principal: Principal | None) -> tuple[str, str]:
    """(channel, real actor) of an act by ``principal`` (None: the operator or the system)."""
    if principal is None:
        return ("cli", operator()) if _AT_COMMAND_LINE.get() else ("system", "system")
    if principal.via == "token":
        return f"token:{principal.token_id}", principal.username
    if principal.via == "cli":
        return "cli", principal.real_actor or operator()
    return "web", principal.username
