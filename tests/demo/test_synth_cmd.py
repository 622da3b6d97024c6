from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli import app
from accord.demo.synth import generate_persons

runner = CliRunner()


def test_synth_stdout_matches_generator() -> None:
    result = runner.invoke(app, ["synth", "--size", "20", "--seed", "5"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines == list(generate_persons(20, 5))


def test_synth_is_deterministic_to_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (first, second):
        result = runner.invoke(app, ["synth", "--size", "50", "--seed", "9", "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_text(encoding="utf-8").splitlines()) == 50


def test_synth_duplicates_and_truth(tmp_path: Path) -> None:
    left, right, truth = tmp_path / "l.jsonl", tmp_path / "r.jsonl", tmp_path / "t.csv"
    result = runner.invoke(
        app,
        ["synth", "--size", "200", "--seed", "1", "--out", str(left),
         "--duplicates-into", str(right), "--truth", str(truth), "--dup-rate", "0.5"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    left_ids = {json.loads(x)["id"] for x in left.read_text(encoding="utf-8").splitlines()}
    right_ids = {json.loads(x)["id"] for x in right.read_text(encoding="utf-8").splitlines()}
    with truth.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert 60 < len(rows) < 140
    assert all(r["left_id"] in left_ids and r["right_id"] in right_ids for r in rows)


def test_synth_bank_accounts() -> None:
    result = runner.invoke(app, ["synth", "--size", "30", "--seed", "2", "--bank-accounts"])
    assert result.exit_code == 0, result.output
    schemas = {json.loads(line)["schema"] for line in result.output.splitlines()}
    assert schemas == {"Person", "BankAccount", "Ownership"}


def test_truth_without_duplicates_is_an_error() -> None:
    result = runner.invoke(app, ["synth", "--size", "3", "--truth", "t.csv"])
    assert result.exit_code != 0
