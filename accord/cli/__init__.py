"""The ``accord`` command line (Typer). Commands call services, never the API or web layers."""

from __future__ import annotations

import importlib

import typer

from accord.cli.base import (
    AccordGroup,
    audit_app,
    bench_app,
    demo_app,
    retention_app,
    token_app,
    user_app,
)

__all__ = ["app", "main"]

app = typer.Typer(
    cls=AccordGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Accord: coordination for counter-terrorism agencies.",
)
app.add_typer(bench_app, name="bench")
app.add_typer(demo_app, name="demo")
app.add_typer(user_app, name="user")
user_app.add_typer(token_app, name="token")
app.add_typer(audit_app, name="audit")
app.add_typer(retention_app, name="retention")

# Each module adds its commands with ``register(app)``.
_MODULES = [
    "server_cmd",
    "audit_cmd",
    "retention_cmd",
    "synth_cmd",
    "eval_cmd",
    "user_cmd",
    "demo_cmd",
    "data_cmd",
    "screen_cmd",
    "bench_cmd",
]

for _name in _MODULES:
    importlib.import_module(f"accord.cli.{_name}").register(app)


def main() -> None:
    app()
