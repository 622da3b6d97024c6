"""Regression guard: the dev benchmarks keep their F1 and per-category recall."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.bench.evaluate import evaluate, score_pairs
from accord.bench.evaluation import load_pairs
from accord.cli import app

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


def _report(name: str):  # type: ignore[no-untyped-def]
    pairs = load_pairs(DATA / name)
    scores = score_pairs(pairs)
    return evaluate(scores, [p.match for p in pairs], [p.category for p in pairs])


def test_names_dev_f1_and_category_recall() -> None:
    report = _report("balkan-names-dev.csv")
    assert report.f1 >= 0.98
    for name, stats in report.by_category.items():
        if stats.recall is not None:
            assert stats.recall >= 0.90, name


def test_entities_dev_f1() -> None:
    assert _report("balkan-entities-dev.jsonl").f1 >= 0.99


def test_cli_json_shape(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = CliRunner().invoke(app, ["eval", str(DATA / "balkan-entities-dev.jsonl"),
                                      "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"n", "threshold", "precision", "recall", "f1", "best_f1", "best_threshold",
            "by_category"} <= set(data)
    assert out.read_text().count("\n") == data["n"] + 1


@pytest.mark.parametrize(("content", "suffix", "needle"), [
    ('{"left": {"schema": "Person", "properties": {}}, "right": ', ".jsonl", ":1: invalid JSON"),
    ('{"left": {"schema": "Person", "properties": {}}}\n', ".jsonl", "missing field 'right'"),
    ("name1,is_match\nA B,true\n", ".csv", "missing column(s) name2"),
    ("name1,name2,is_match\nA B,C D,maybe\n", ".csv", ":2: field 'is_match'"),
])
def test_cli_bad_input_is_one_line(tmp_path: Path, content: str, suffix: str,
                                   needle: str) -> None:
    path = tmp_path / f"pairs{suffix}"
    path.write_text(content)
    result = CliRunner().invoke(app, ["eval", str(path), "--out", str(tmp_path / "s.csv")])
    assert result.exit_code != 0
    assert needle in result.output
    assert "Traceback" not in result.output


def test_cli_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.csv")])
    assert result.exit_code != 0 and "no such file" in result.output


def test_broad_dev_f1() -> None:
    # before the rules of morphology.py and orgforms.py: 0.765 (docs/matching.md)
    assert _report("broad-dev.csv").f1 >= 0.87
