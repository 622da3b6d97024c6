"""``accord import`` and ``accord export``: FtM entities in and out of a holding.

Both act as a user (``--as`` or ``ACCORD_AS``), so the same authorisation and audit
apply as over the HTTP API.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import orjson
import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from accord.cli.base import AS_OPTION, acting_principal, settings
from accord.core.errors import InvalidInput
from accord.services.ingest.csvmap import load_mapping
from accord.services.ingest.export import export_entities
from accord.services.ingest.importer import ImportOptions, default_workers, import_entities
from accord.services.ingest.pipeline import Rejected
from accord.services.ingest.validate import make_defaults
from accord.services.runtime import Runtime

__all__ = ["register"]

def _format_of(path: Path, given: str | None) -> str:
    chosen = given or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
    if chosen not in ("jsonl", "csv"):
        raise InvalidInput(f"--format must be jsonl or csv, not '{chosen}'")
    return chosen


def import_cmd(
    file_arg: str = typer.Argument(
        ..., metavar="FILE", help="JSON lines of FtM entities, or CSV with --mapping."
    ),
    holding: str = typer.Option(..., "--holding", help="Holding to import into."),
    as_user: str = AS_OPTION,
    format: str | None = typer.Option(None, help="jsonl or csv (default: from the file name)."),
    mapping: str | None = typer.Option(None, help="Column mapping of a CSV (.yml or .json)."),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Import the valid lines; write the others to --reject-file."
    ),
    reject_file: str | None = typer.Option(
        None, help="Where rejected lines go (default: FILE.rejects.jsonl)."
    ),
    handling_code: str | None = typer.Option(None, help="Default handling code H0–H3."),
    evaluation: str | None = typer.Option(None, help="Default evaluation, e.g. B2."),
    subject_category: str | None = typer.Option(None, help="Default data-subject category."),
    legal_basis: str | None = typer.Option(None, help="Default legal basis."),
    review_date: str | None = typer.Option(None, help="Default review date (YYYY-MM-DD)."),
    workers: int | None = typer.Option(
        None, min=1, help="Validating processes (default: all cores for files over 8 MB)."
    ),
    progress: bool = typer.Option(True, help="Show a progress bar."),
) -> None:
    """Import FollowTheMoney entities into a holding, all or nothing."""
    file = Path(file_arg)
    chosen = _format_of(file, format)
    defaults = make_defaults(
        handling_code=handling_code,
        evaluation=evaluation,
        subject_category=subject_category,
        legal_basis=legal_basis,
        review_date=review_date,
    )
    loaded = load_mapping(Path(mapping)) if mapping is not None else None
    if not file.is_file():
        raise InvalidInput(f"no file {file}")
    size = file.stat().st_size
    rejects_path = (
        Path(reject_file) if reject_file else file.with_name(file.name + ".rejects.jsonl")
    )
    runtime = Runtime.from_settings(settings())
    try:
        principal = acting_principal(runtime.db, as_user)
        with (
            file.open("rb") as stream,
            _rejects(rejects_path if skip_invalid else None) as rejects,
            Progress(
                TextColumn("importing"),
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                disable=not progress or not sys.stderr.isatty(),
                console=None,
            ) as bar,
        ):
            task = bar.add_task("import", total=size)
            result = import_entities(
                runtime,
                principal,
                holding,
                stream,
                ImportOptions(
                    format="csv" if chosen == "csv" else "jsonl",
                    mapping=loaded,
                    skip_invalid=skip_invalid,
                    defaults=defaults,
                    file_name=file.name,
                    workers=workers or default_workers(size),
                    on_reject=rejects.write if rejects else None,
                    on_bytes=lambda n: bar.advance(task, n),
                ),
            )
    finally:
        runtime.close()
    typer.echo(
        f"imported {result.inserted + result.replaced} entities into {holding} "
        f"({result.inserted} new, {result.replaced} replaced, {result.rejected} rejected)"
    )
    if result.rejected:
        typer.echo(f"rejected lines and their reasons: {rejects_path}")


class _RejectFile:
    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def write(self, rejected: Rejected) -> None:
        line, problems, raw = rejected
        errors = [{"field": f, "message": m} for f, m in problems]
        record = {"line": line, "errors": errors, "raw": raw}
        self._stream.write(orjson.dumps(record) + b"\n")


class _rejects:
    """A reject file opened only when asked for (a context manager yielding it or None)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._stream: BinaryIO | None = None

    def __enter__(self) -> _RejectFile | None:
        if self._path is None:
            return None
        self._stream = self._path.open("wb")
        return _RejectFile(self._stream)

    def __exit__(self, *_exc: object) -> None:
        if self._stream is not None:
            self._stream.close()


def export_cmd(
    holding: str = typer.Option(..., "--holding", help="Holding to export."),
    as_user: str = AS_OPTION,
    out_arg: str | None = typer.Option(None, "--out", help="File to write (default: stdout)."),
) -> None:
    """Export a holding's entities as FtM JSON lines, with their metadata."""
    out = Path(out_arg) if out_arg else None
    runtime = Runtime.from_settings(settings())
    try:
        principal = acting_principal(runtime.db, as_user)
        if out is None:
            count = export_entities(runtime, principal, holding, sys.stdout.buffer)
        else:
            with out.open("wb") as stream:
                count = export_entities(runtime, principal, holding, stream)
    finally:
        runtime.close()
    if out is not None:
        typer.echo(f"exported {count} entities of {holding} to {out}")


def register(app: typer.Typer) -> None:
    app.command("import")(import_cmd)
    app.command("export")(export_cmd)
