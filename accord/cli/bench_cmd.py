"""``accord bench ingest`` and ``accord bench screen``: the benchmarks of ``accord.bench``."""

from __future__ import annotations

import typer

from accord.bench.ingest import bench_ingest
from accord.bench.screen import bench_screen
from accord.cli.base import bench_app

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    bench_app.command("ingest")(bench_ingest)
    bench_app.command("screen")(bench_screen)
