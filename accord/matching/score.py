"""Explainable pair scoring.

Each feature of :data:`~accord.matching.features.FEATURES` adds a signed amount of
evidence (log-odds) to a base set by the name similarity; the score is the logistic of
the sum, so it lies in (0, 1) and ranks: the same name with the same birth date and the
same id number scores higher than the same name alone. ``FeatureScore.weight`` is that
signed contribution and ``FeatureScore.score`` the similarity of the values compared (0…1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from accord.matching.features import (
    BASE,
    BIRTH_DATE,
    EXTRA_FEATURES,
    IDENTIFIER,
    NAME,
    PRUNING_BOUND,
    SCHEMA,
    FeatureScore,
    compatible,
)
from accord.matching.params import DEFAULT_THRESHOLD, GATE, NAME_EVIDENCE
from accord.matching.record import Record

__all__ = ["DEFAULT_THRESHOLD", "NAME_THRESHOLD", "FeatureScore", "Match", "compatible",
           "name_feature", "score_pair", "score_with_name"]

NAME_THRESHOLD = NAME_EVIDENCE.threshold  # name similarity that alone scores DEFAULT_THRESHOLD


@dataclass(frozen=True, slots=True)
class Match:
    """Result of comparing two records."""

    score: float
    features: dict[str, FeatureScore] = field(default_factory=dict)
    threshold: float = DEFAULT_THRESHOLD

    @property
    def is_match(self) -> bool:
        return self.score >= self.threshold


def score_pair(a: Record, b: Record, threshold: float = DEFAULT_THRESHOLD) -> Match:
    """Compare two records; symmetric: ``score_pair(a, b).score == score_pair(b, a).score``."""
    conflict = SCHEMA.func(a, b)
    if conflict is not None:
        return Match(0.0, {SCHEMA.name: conflict}, threshold)
    match = score_with_name(a, b, name_feature(a, b), threshold)
    assert match is not None  # no floor: never pruned
    return match


def name_feature(a: Record, b: Record) -> FeatureScore:
    """The name feature of :func:`score_pair` alone (the costly part; screening computes it
    once per distinct candidate name)."""
    result = NAME.func(a, b)
    assert result is not None  # a name is always compared
    return result



def score_with_name(a: Record, b: Record, name: FeatureScore,
                    threshold: float = DEFAULT_THRESHOLD,
                    floor: float | None = None) -> Match | None:
    """:func:`score_pair` of two compatible records given their ``name`` feature.

    With ``floor``, returns ``None`` as soon as the score provably stays below ``floor``
    (after name, identifier and birth date, the rest can add at most
    :data:`~accord.matching.features.PRUNING_BOUND`)."""
    # Same birth date, country… support a similar name (or a shared identifier);
    # they cannot make a different name match on their own.
    gate = min(1.0, max(0.0, (name.score - NAME_THRESHOLD + GATE.width) / GATE.width))
    logit = BASE + name.weight
    ident = IDENTIFIER.func(a, b)
    if ident is not None and ident.weight > 0:
        gate = max(gate, 1.0 if ident.score == 1.0 else GATE.near_identifier)
    dates = BIRTH_DATE.func(a, b)
    if floor is not None:
        bound = logit + gate * PRUNING_BOUND + 1e-9
        for result in (ident, dates):
            if result is not None:
                bound += result.weight * gate if result is dates and result.weight > 0 \
                    else result.weight
        if round(1.0 / (1.0 + math.exp(-bound)), 4) < floor:
            return None
    features = {NAME.name: name}
    for feature in EXTRA_FEATURES:
        result = dates if feature is BIRTH_DATE else ident if feature is IDENTIFIER \
            else feature.func(a, b)
        if result is not None:
            if result.weight > 0 and feature.supporting and gate < 1.0:
                result = FeatureScore(result.score, result.weight * gate,
                                      result.detail + " (discounted: names differ)",
                                      result.query, result.candidate)
            features[feature.name] = result
            logit += result.weight
    score = 1.0 / (1.0 + math.exp(-logit))
    return Match(round(score, 4), features, threshold)
