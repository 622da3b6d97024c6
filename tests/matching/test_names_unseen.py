"""Rule tests use names that appear in no benchmark file.

A rule proven on a benchmark's own names proves only that the benchmark was remembered.
Every string literal in ``tests/matching`` is compared (case-folded, spaces collapsed) with
every name in ``benchmarks/data`` (CSV ``name1``/``name2``, JSON-lines entity names).
"""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks" / "data"
TESTS = ROOT / "tests" / "matching"


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _entity_names(entity: dict[str, object]) -> list[str]:
    properties = entity.get("properties")
    if not isinstance(properties, dict):
        return []
    return [str(v) for key in ("name", "alias", "weakAlias", "previousName")
            for v in properties.get(key, [])]


def benchmark_names() -> set[str]:
    names: set[str] = set()
    for path in sorted(BENCHMARKS.iterdir()):
        if path.suffix == ".csv":
            with path.open(newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    names.update(_key(row[c]) for c in ("name1", "name2") if row.get(c))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    for side in ("left", "right"):
                        names.update(_key(n) for n in _entity_names(row[side]))
    return names


def _literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_benchmark_names_are_read() -> None:
    names = benchmark_names()
    assert len(names) > 1000
    assert {"name1", "name2"}.isdisjoint(names)


def test_no_rule_test_uses_a_benchmark_name() -> None:
    names = benchmark_names()
    found = {f"{path.name}: {literal}" for path in sorted(TESTS.glob("*.py"))
             for literal in _literals(path) if _key(literal) in names}
    assert not found, sorted(found)


def test_the_check_sees_a_copied_name(tmp_path: Path) -> None:
    copied = sorted(benchmark_names())[len(benchmark_names()) // 2]
    probe = tmp_path / "test_probe.py"
    probe.write_text(f"RULES = [({copied!r}, 'x')]\n", encoding="utf-8")
    assert any(_key(s) == copied for s in _literals(probe))
