"""Write docs/cli.md from the command line's own definitions (``python scripts/gen_cli_docs.py``).

tests/test_docs.py fails when docs/cli.md is not what this script writes, so the reference
cannot fall behind the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from accord.cli import app

HEADER = """# Command line reference

Generated from the commands themselves by `python scripts/gen_cli_docs.py`; do not edit by hand.
Every command reads its settings from `ACCORD_` environment variables (see configuration.md).
"""


def _params(command: Any) -> list[str]:
    rows = []
    for param in command.params:
        if param.name in {"install_completion", "show_completion", "help"}:
            continue
        if getattr(param, "param_type_name", "") == "argument":
            name = param.name.upper()
            kind = "argument"
        else:
            name = ", ".join(param.opts)
            kind = "option"
        text = (getattr(param, "help", None) or "").replace("\n", " ").strip()
        default = getattr(param, "default", None)
        shown = f" (default: `{default}`)" if default not in (None, False, (), "") else ""
        rows.append(f"| `{name}` | {kind} | {text}{shown} |")
    return rows


def _walk(command: Any, path: list[str], out: list[str]) -> None:
    subcommands = getattr(command, "commands", None)
    if subcommands:
        if path:
            out.append(f"\n## `{' '.join(path)}`\n\n{(command.help or '').strip()}\n")
        for name in sorted(subcommands):
            _walk(subcommands[name], [*path, name], out)
        return
    out.append(f"\n### `{' '.join(path)}`\n")
    help_text = (command.help or "").strip()
    if help_text:
        out.append(f"{help_text}\n")
    rows = _params(command)
    if rows:
        out.append("| name | kind | meaning |\n|---|---|---|")
        out.extend(rows)


def render() -> str:
    out = [HEADER]
    _walk(typer.main.get_command(app), ["accord"], out)
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    target.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
