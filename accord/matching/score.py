"""Explainable pair scoring.

Each feature adds a signed amount of evidence (log-odds) to a base set by the name
similarity; the score is the logistic of the sum, so it lies in (0, 1) and ranks:
the same name with the same birth date and the same id number scores higher than
the same name alone.  ``FeatureScore.weight`` is that signed contribution and
``FeatureScore.score`` the similarity of the values compared (0…1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import token_set_ratio

from accord.matching.record import Record
from accord.matching.similarity import compare_names

__all__ = ["DEFAULT_THRESHOLD", "NAME_THRESHOLD", "FeatureScore", "Match", "name_feature",
           "score_pair", "score_with_name"]

DEFAULT_THRESHOLD = 0.7
NAME_THRESHOLD = 0.88  # name similarity that alone lands exactly on DEFAULT_THRESHOLD
_NAME_SLOPE = 12.0
_NAME_SLOPE_BELOW = 30.0
_NAME_FLOOR = -5.0  # different names: strong, not unbounded, counter-evidence
_NAME_FLOOR_PARTIAL = -3.0
_GATE_WIDTH = 0.05  # supporting evidence fades out below NAME_THRESHOLD over this width
_NEAR_ID_GATE = 0.75  # an id number one keystroke away mostly opens the gate
_BASE = math.log(DEFAULT_THRESHOLD / (1 - DEFAULT_THRESHOLD))
_STRONG_IDS = frozenset({"id", "passport", "tax", "ssn", "registration", "lei", "iban", "imo",
                         "wikidata", "bic"})


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """One feature's verdict: similarity, signed log-odds weight and an explanation."""

    score: float
    weight: float
    detail: str
    query: str | None = None
    candidate: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """Result of comparing two records."""

    score: float
    features: dict[str, FeatureScore] = field(default_factory=dict)
    threshold: float = DEFAULT_THRESHOLD

    @property
    def is_match(self) -> bool:
        return self.score >= self.threshold


def _name(a: Record, b: Record) -> FeatureScore:
    organization = a.kind != "person" or b.kind != "person"
    best, pair = -1.0, ("", "")
    detail: tuple[tuple[str, str, float], ...] = ()
    for x in a.names:
        for y in b.names:
            value, aligned = compare_names(x, y, organization)
            if value > best:
                best, detail, pair = value, aligned, (x.raw, y.raw)
    if best < 0:
        return FeatureScore(0.0, -_BASE, "no comparable name", None, None)
    text = ", ".join(f"{p}~{q} {s:.2f}" for p, q, s in detail)
    slope = _NAME_SLOPE if best >= NAME_THRESHOLD else _NAME_SLOPE_BELOW
    # names sharing a well-matched word (same family, other given name) are weaker
    # counter-evidence than names with nothing in common
    floor = _NAME_FLOOR_PARTIAL if any(s >= 0.85 for _, _, s in detail) else _NAME_FLOOR
    weight = max(floor, slope * (best - NAME_THRESHOLD))
    return FeatureScore(round(best, 4), weight, f"words aligned: {text}", pair[0], pair[1])


def _compare_dates(x: str, y: str) -> tuple[float, float, str]:
    if x == y:
        if len(x) == 10:
            return 1.0, 1.5, "same date"
        return 0.8, 0.3, "same (partial) date"
    if len(x) < 10 or len(y) < 10:
        if x[:4] == y[:4]:
            return 0.6, 0.2, "same year, one date partial"
        return 0.0, -3.0, "different year"
    if x[:4] == y[:4] and x[5:7] == y[8:10] and x[8:10] == y[5:7]:
        return 0.7, 0.4, "day and month swapped"
    if OSA.distance(x, y) == 1:
        return 0.5, -0.8, "one digit differs"
    if x[:7] == y[:7]:
        return 0.4, -1.2, "same month, other day"
    if x[:4] == y[:4]:
        return 0.2, -2.0, "same year only"
    return 0.0, -3.0, "different date"


def _dates(a: Record, b: Record) -> FeatureScore | None:
    if not a.dates or not b.dates:
        return None
    best = max(((_compare_dates(x, y), x, y) for x in a.dates for y in b.dates),
               key=lambda t: t[0][1])
    (score, weight, detail), x, y = best
    return FeatureScore(score, weight, detail, x, y)


def _identifiers(a: Record, b: Record) -> FeatureScore | None:
    if not a.identifiers or not b.identifiers:
        return None
    values_b = {v: k for k, v in b.identifiers}
    for kind, value in a.identifiers:
        other = values_b.get(value)
        if other is not None and (other == kind or (kind in _STRONG_IDS and other in
                                                    _STRONG_IDS)):
            weight = 5.0 if kind in _STRONG_IDS else 2.5
            return FeatureScore(1.0, weight, f"same {kind}", value, value)
    near: tuple[str, str, str] | None = None
    conflict: tuple[str, str, str] | None = None
    for kind, value in a.identifiers:
        for kind_b, value_b in b.identifiers:
            if kind != kind_b or kind not in _STRONG_IDS:
                continue
            if len(value) >= 6 and OSA.distance(value, value_b) == 1:
                near = (kind, value, value_b)
            elif conflict is None:
                conflict = (kind, value, value_b)
    if near is not None:
        return FeatureScore(0.8, 3.0, f"{near[0]} differs by one character", near[1], near[2])
    if conflict is not None:
        return FeatureScore(0.0, -2.5, f"different {conflict[0]}", conflict[1], conflict[2])
    return None


def _countries(a: Record, b: Record) -> FeatureScore | None:
    if not a.countries or not b.countries:
        return None
    common = a.countries & b.countries
    qa, qb = ",".join(sorted(a.countries)), ",".join(sorted(b.countries))
    if common:
        return FeatureScore(1.0, 0.3, "shared country", qa, qb)
    return FeatureScore(0.0, -1.0, "no country in common", qa, qb)


def _gender(a: Record, b: Record) -> FeatureScore | None:
    if a.gender is None or b.gender is None:
        return None
    if a.gender == b.gender:
        return FeatureScore(1.0, 0.1, "same gender", a.gender, b.gender)
    return FeatureScore(0.0, -3.0, "different gender", a.gender, b.gender)


def _address(a: Record, b: Record) -> FeatureScore | None:
    if not a.addresses or not b.addresses:
        return None
    best, x, y = max((token_set_ratio(x, y) / 100.0, x, y) for x in a.addresses
                     for y in b.addresses)
    weight = 1.5 if best >= 0.95 else 1.0 if best >= 0.85 else 0.3 if best >= 0.7 else -0.3
    return FeatureScore(round(best, 3), weight, "address word overlap", x, y)


def _legal_form(a: Record, b: Record) -> FeatureScore | None:
    forms_a = {n.legal for n in a.names if n.legal}
    forms_b = {n.legal for n in b.names if n.legal}
    if not forms_a or not forms_b:
        return None
    qa, qb = ",".join(sorted(forms_a)), ",".join(sorted(forms_b))
    if forms_a & forms_b:
        return FeatureScore(1.0, 0.2, "same legal form", qa, qb)
    return FeatureScore(0.0, -0.7, "different legal form", qa, qb)


_EXTRA_FEATURES = (("birth_date", _dates), ("identifier", _identifiers),
                   ("country", _countries), ("gender", _gender), ("address", _address),
                   ("legal_form", _legal_form))


def compatible(a: Record, b: Record) -> bool:
    """A person never matches an organisation (``LegalEntity``/``Thing`` match either)."""
    return not ({a.kind, b.kind} == {"person", "org"} and "LegalEntity" not in
                (a.schema, b.schema))


def score_pair(a: Record, b: Record, threshold: float = DEFAULT_THRESHOLD) -> Match:
    """Compare two records; symmetric: ``score_pair(a, b).score == score_pair(b, a).score``."""
    if not compatible(a, b):
        feature = FeatureScore(0.0, -10.0, "person vs organisation", a.schema, b.schema)
        return Match(0.0, {"schema": feature}, threshold)
    match = score_with_name(a, b, name_feature(a, b), threshold)
    assert match is not None  # no floor: never pruned
    return match


def name_feature(a: Record, b: Record) -> FeatureScore:
    """The name feature of :func:`score_pair` alone (the costly part; screening computes it
    once per distinct candidate name)."""
    return _name(a, b)


# Largest positive weight country, gender, address and legal form can add together.
_MAX_REST = 0.3 + 0.1 + 1.5 + 0.2


def score_with_name(a: Record, b: Record, name: FeatureScore,
                    threshold: float = DEFAULT_THRESHOLD,
                    floor: float | None = None) -> Match | None:
    """:func:`score_pair` of two compatible records given their ``name`` feature.

    With ``floor``, returns ``None`` as soon as the score provably stays below ``floor``
    (after name, identifier and birth date, the rest can add at most ``_MAX_REST``)."""
    # Same birth date, country… support a similar name (or a shared identifier);
    # they cannot make a different name match on their own.
    gate = min(1.0, max(0.0, (name.score - NAME_THRESHOLD + _GATE_WIDTH) / _GATE_WIDTH))
    logit = _BASE + name.weight
    ident = _identifiers(a, b)
    if ident is not None and ident.weight > 0:
        gate = max(gate, 1.0 if ident.score == 1.0 else _NEAR_ID_GATE)
    dates = _dates(a, b)
    if floor is not None:
        bound = logit + gate * _MAX_REST + 1e-9
        for result in (ident, dates):
            if result is not None:
                bound += result.weight * gate if result is dates and result.weight > 0 \
                    else result.weight
        if round(1.0 / (1.0 + math.exp(-bound)), 4) < floor:
            return None
    features = {"name": name}
    for key, func in _EXTRA_FEATURES:
        result = dates if key == "birth_date" else ident if key == "identifier" else func(a, b)
        if result is not None:
            if result.weight > 0 and key != "identifier" and gate < 1.0:
                result = FeatureScore(result.score, result.weight * gate,
                                      result.detail + " (discounted: names differ)",
                                      result.query, result.candidate)
            features[key] = result
            logit += result.weight
    score = 1.0 / (1.0 + math.exp(-logit))
    return Match(round(score, 4), features, threshold)
