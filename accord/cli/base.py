"""What every command shares: the command groups, error handling, and opening the database."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from sqlalchemy.exc import SQLAlchemyError
from typer._click.core import Context
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from accord.core.errors import AppError
from accord.core.settings import Settings, get_settings
from accord.services.audit import channel
from accord.services.identity.calls import acting_principal
from accord.store.db import Database

__all__ = [
    "AS_OPTION",
    "AccordGroup",
    "acting_principal",
    "audit_app",
    "bench_app",
    "database",
    "demo_app",
    "echo_error",
    "open_database",
    "retention_app",
    "settings",
    "token_app",
    "user_app",
]


def echo_error(error: AppError) -> None:
    """One clear line (and the first problems, each naming line and field) on stderr."""
    typer.echo(f"error: {error.message}", err=True)
    for detail in error.details[:20]:
        where = ", ".join(f"{k} {detail[k]}" for k in ("line", "field") if detail.get(k))
        typer.echo(f"  {where}: {detail.get('message', '')}" if where else f"  {detail}", err=True)
    if len(error.details) > 20:
        typer.echo(f"  … and {len(error.details) - 20} more", err=True)


class AccordGroup(TyperGroup):
    """A command group that turns errors into one line and a non-zero exit, never a traceback."""

    def invoke(self, ctx: Context) -> Any:
        try:
            with channel.command_line():  # audit events name the operator and channel cli
                return super().invoke(ctx)
        except AppError as error:
            echo_error(error)
            raise typer.Exit(code=1) from None
        except (ClickException, typer.Abort, typer.Exit):
            raise
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            typer.echo(f"error: database: {reason}", err=True)
            raise typer.Exit(code=1) from None
        except BrokenPipeError:
            # The reader went away (``accord … | head``): stop quietly, like other tools.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(code=141) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(code=130) from None
        except Exception as error:
            if os.environ.get("ACCORD_DEBUG"):
                raise
            typer.echo(
                f"error: unexpected {type(error).__name__}: {error} "
                "(set ACCORD_DEBUG=1 to see the traceback)",
                err=True,
            )
            raise typer.Exit(code=1) from None


def _group(help_text: str) -> typer.Typer:
    return typer.Typer(cls=AccordGroup, no_args_is_help=True, help=help_text)


bench_app = _group("Benchmarks that print measured figures.")
demo_app = _group("The demo scenario.")
user_app = _group("Users of an agency.")
token_app = _group("API bearer tokens.")
audit_app = _group("The tamper-evident audit trail.")
retention_app = _group("Review dates and erasure.")


def settings() -> Settings:
    return get_settings()


def open_database(config: Settings | None = None) -> Database:
    """The database the settings name (it must have been created with ``accord init``), its
    audit head anchored as the settings say (what a command appends is anchored when it
    disposes of the database)."""
    from accord.services.audit.anchor import attach_anchoring

    config = config or settings()
    db = Database(config.database_url)
    attach_anchoring(db, config)
    return db


@contextmanager
def database(config: Settings | None = None) -> Iterator[Database]:
    """``open_database`` for the length of a ``with`` block; disposed (and anchored) after."""
    db = open_database(config)
    try:
        yield db
    finally:
        db.dispose()


AS_OPTION = typer.Option(
    ..., "--as", envvar="ACCORD_AS", help="Username to act as (or ACCORD_AS); its rights apply."
)
