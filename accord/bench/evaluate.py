"""Metrics for labelled pairs: precision/recall/F1 at a threshold, best F1, per category."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.matching.record import Record
from accord.matching.score import DEFAULT_THRESHOLD, score_pair

__all__ = ["CategoryStats", "EvalReport", "LabelledPair", "evaluate", "metrics", "score_pairs"]


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two entities (FtM dicts), the truth, and an optional category."""

    left: dict[str, Any]
    right: dict[str, Any]
    match: bool
    category: str = ""


@dataclass(frozen=True, slots=True)
class CategoryStats:
    n: int
    precision: float | None
    recall: float | None
    false_positives: int = 0  # what a negative-only category is judged by


@dataclass(frozen=True, slots=True)
class EvalReport:
    n: int
    threshold: float
    precision: float
    recall: float
    f1: float
    best_f1: float
    best_threshold: float
    by_category: dict[str, CategoryStats] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n, "threshold": self.threshold, "precision": round(self.precision, 4),
            "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "best_f1": round(self.best_f1, 4), "best_threshold": round(self.best_threshold, 4),
        }
        if self.by_category:
            out["by_category"] = {
                k: {"n": v.n, "precision": _round(v.precision), "recall": _round(v.recall),
                    "false_positives": v.false_positives}
                for k, v in sorted(self.by_category.items())
            }
        return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def metrics(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 when undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _confusion(scores: Sequence[float], labels: Sequence[bool],
               threshold: float) -> tuple[int, int, int]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if y and s >= threshold)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if not y and s >= threshold)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if y and s < threshold)
    return tp, fp, fn


def evaluate(scores: Sequence[float], labels: Sequence[bool], categories: Sequence[str],
             threshold: float = DEFAULT_THRESHOLD) -> EvalReport:
    """Summarise ``scores`` against ``labels``; categories may be empty strings."""
    precision, recall, f1 = metrics(*_confusion(scores, labels, threshold))
    best_f1, best_threshold = f1, threshold
    for candidate in sorted(set(scores)):
        value = metrics(*_confusion(scores, labels, candidate))[2]
        if value > best_f1:
            best_f1, best_threshold = value, candidate
    by_category: dict[str, CategoryStats] = {}
    for name in sorted({c for c in categories if c}):
        idx = [i for i, c in enumerate(categories) if c == name]
        tp, fp, fn = _confusion([scores[i] for i in idx], [labels[i] for i in idx], threshold)
        by_category[name] = CategoryStats(
            len(idx), tp / (tp + fp) if tp + fp else None, tp / (tp + fn) if tp + fn else None, fp)
    return EvalReport(len(scores), threshold, precision, recall, f1, best_f1, best_threshold,
                      by_category)


def score_pairs(pairs: Sequence[LabelledPair],
                scorer: Callable[[dict[str, Any], dict[str, Any]], float] | None = None,
                ) -> list[float]:
    """Score each pair with ``scorer`` (default: Accord's :func:`score_pair`)."""
    if scorer is None:
        return [score_pair(Record.from_entity(p.left), Record.from_entity(p.right)).score
                for p in pairs]
    return [scorer(p.left, p.right) for p in pairs]
