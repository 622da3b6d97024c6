"""``accord synth``: synthetic persons of the region as FtM JSON lines (deterministic)."""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import typer

from accord.demo.synth import generate_bank_accounts, generate_persons
from accord.demo.variants import iter_linked

__all__ = ["register"]


@contextlib.contextmanager
def _open_out(target: str) -> Iterator[IO[str]]:
    if target == "-":
        yield sys.stdout
        return
    with Path(target).open("w", encoding="utf-8", newline="\n") as handle:
        yield handle


def _line(entity: dict[str, Any]) -> str:
    return json.dumps(entity, ensure_ascii=False, separators=(",", ":")) + "\n"


def synth(
    size: int = typer.Option(1000, "--size", min=0, help="Number of persons to generate."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed gives the same output."),
    out: str = typer.Option("-", "--out", help="Output file for FtM JSON lines ('-' = stdout)."),
    duplicates_into: str | None = typer.Option(
        None,
        "--duplicates-into",
        help="Also write a second holding: variants of a share of the persons plus others.",
    ),
    truth: str | None = typer.Option(
        None, "--truth", help="CSV of (left_id, right_id) pairs that are the same person."
    ),
    dup_rate: float = typer.Option(
        0.3, "--dup-rate", min=0.0, max=1.0, help="Share of persons repeated in the second file."
    ),
    bank_accounts: bool = typer.Option(
        False, "--bank-accounts", help="Add BankAccount (IBAN) and Ownership entities."
    ),
) -> None:
    """Generate synthetic persons of the Western Balkans (all data invented)."""
    if truth is not None and duplicates_into is None:
        raise typer.BadParameter("--truth needs --duplicates-into", param_hint="--truth")
    with _open_out(out) as left_out:
        if duplicates_into is None:
            persons = generate_persons(size, seed)
        else:
            persons = _write_linked(size, seed, dup_rate, duplicates_into, truth)

        def written() -> Iterator[dict[str, Any]]:
            for person in persons:
                left_out.write(_line(person))
                yield person

        if bank_accounts:
            for entity in generate_bank_accounts(written(), seed):
                left_out.write(_line(entity))
        else:
            for _ in written():
                pass


def _write_linked(
    size: int, seed: int, dup_rate: float, right_path: str, truth: str | None
) -> Iterator[dict[str, Any]]:
    """Yield left persons while writing the right holding (and the truth) alongside."""
    with contextlib.ExitStack() as stack:
        right_out = stack.enter_context(_open_out(right_path))
        pairs = None
        if truth is not None:
            pairs = csv.writer(
                stack.enter_context(Path(truth).open("w", encoding="utf-8", newline=""))
            )
            pairs.writerow(["left_id", "right_id"])
        for row in iter_linked(size, seed, dup_rate):
            right_out.write(_line(row.right))
            if pairs is not None and row.duplicate:
                pairs.writerow([row.left["id"], row.right["id"]])
            yield row.left


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)
