"""The matcher's features, declared in one table: :data:`FEATURES`.

A feature reads one kind of evidence from two records and answers a
:class:`FeatureScore`: the similarity of the values compared (0…1), the signed log-odds it
adds to the score, and why. Each feature declares its outcomes and their weights
(:class:`Weight`), so the pruning bound of :mod:`.score` (:data:`PRUNING_BOUND`) and the
weight table in ``docs/matching.md`` (:func:`markdown_table`) are derived from the table,
not copied from it.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import token_set_ratio

from accord.matching.params import DEFAULT_THRESHOLD, NAME_EVIDENCE
from accord.matching.record import Record
from accord.matching.similarity import compare_names

__all__ = ["BASE", "BIRTH_DATE", "EXTRA_FEATURES", "FEATURES", "IDENTIFIER", "NAME",
           "PRUNING_BOUND", "SCHEMA", "STRONG_IDENTIFIERS", "Feature", "FeatureScore", "Weight",
           "compatible", "markdown_table"]


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """One feature's verdict: similarity, signed log-odds weight and an explanation."""

    score: float
    weight: float
    detail: str
    query: str | None = None
    candidate: str | None = None


@dataclass(frozen=True, slots=True)
class Weight:
    """One declared outcome of a feature: its signed log-odds ``weight``, the similarity
    ``score`` it reports, the ``detail`` it explains itself with (``{kind}`` is the
    identifier kind) and, for a graded feature, the least similarity that earns it."""

    weight: float
    score: float
    detail: str
    at_least: float = 0.0
    label: str = ""  # the outcome in the docs table, when ``detail`` is not enough

    def result(self, query: str | None, candidate: str | None, kind: str = ""
               ) -> FeatureScore:
        detail = self.detail.replace("{kind}", kind) if kind else self.detail
        return FeatureScore(self.score, self.weight, detail, query, candidate)


FeatureFunc = Callable[[Record, Record], FeatureScore | None]


def _weights(**weights: Weight) -> Mapping[str, Weight]:
    return weights  # read-only by its type (a plain dict: looked up on the hot path)


# log-odds of the default threshold: a name similarity of NAME_EVIDENCE.threshold alone
# scores exactly DEFAULT_THRESHOLD
BASE = math.log(DEFAULT_THRESHOLD / (1 - DEFAULT_THRESHOLD))
# identifier kinds that identify (a document, an account, a register entry); the others
# (phone, email) are weaker and compare only with their own kind
STRONG_IDENTIFIERS = frozenset({"id", "passport", "tax", "ssn", "registration", "lei", "iban",
                                "imo", "wikidata", "bic"})
_NEAR_ID_MIN_LENGTH = 6  # an identifier one keystroke away counts from this length


@dataclass(frozen=True)
class Feature:
    """A row of :data:`FEATURES`: the evidence ``func`` reads (its docstring says what),
    its declared ``weights``, whether it only *supports* a similar name (positive weight
    fades as the names differ), and whether :func:`~accord.matching.score.score_with_name`
    reads it *before* deciding to prune (the rest can add at most :data:`PRUNING_BOUND`)."""

    name: str
    func: FeatureFunc
    weights: Mapping[str, Weight] = field(default_factory=dict)
    supporting: bool = True
    early: bool = False
    summary: str = ""  # the weights in words, when they are not a list of outcomes

    @property
    def doc(self) -> str:
        """What evidence the feature reads (its function's docstring)."""
        return inspect.getdoc(self.func) or ""

    @property
    def max_gain(self) -> float:
        """The largest positive log-odds the feature can add (0 if none)."""
        return max([0.0, *(w.weight for w in self.weights.values())])

    def describe(self) -> str:
        """The weights in words, for the table in ``docs/matching.md``."""
        if self.summary:
            return self.summary
        return "; ".join(f"{w.label or w.detail} {'+' if w.weight >= 0 else '−'}"
                         f"{abs(w.weight):g}" for w in self.weights.values())


def _name_summary() -> str:
    p = NAME_EVIDENCE
    return (f"`{p.slope:g} × (sim − {p.threshold:g})` at or above the threshold, "
            f"`{p.slope_below:g} × (sim − {p.threshold:g})` below, floored at −{-p.floor:g} "
            f"(−{-p.floor_partial:g} when one word pair is ≥ {p.partial_word:g})")


def _name(a: Record, b: Record) -> FeatureScore:
    """Name similarity: the best pair of the two records' names (``name``, ``alias``,
    ``previousName``, first and last name), words aligned one-to-one."""
    organization = a.kind != "person" or b.kind != "person"
    best, pair = -1.0, ("", "")
    detail: tuple[tuple[str, str, float], ...] = ()
    for x in a.names:
        for y in b.names:
            value, aligned = compare_names(x, y, organization)
            if value > best:
                best, detail, pair = value, aligned, (x.raw, y.raw)
    if best < 0:
        return FeatureScore(0.0, -BASE, "no comparable name", None, None)
    text = ", ".join(f"{p}~{q} {s:.2f}" for p, q, s in detail)
    p = NAME_EVIDENCE
    slope = p.slope if best >= p.threshold else p.slope_below
    # names sharing a well-matched word (same family, other given name) are weaker
    # counter-evidence than names with nothing in common
    floor = p.floor_partial if any(s >= p.partial_word for _, _, s in detail) else p.floor
    weight = max(floor, slope * (best - p.threshold))
    return FeatureScore(round(best, 4), weight, f"words aligned: {text}", pair[0], pair[1])


_DATE = _weights(
    same=Weight(1.5, 1.0, "same date", label="same full date"),
    swapped=Weight(0.4, 0.7, "day and month swapped"),
    same_partial=Weight(0.3, 0.8, "same (partial) date"),
    same_year_partial=Weight(0.2, 0.6, "same year, one date partial"),
    one_digit=Weight(-0.8, 0.5, "one digit differs"),
    same_month=Weight(-1.2, 0.4, "same month, other day"),
    same_year=Weight(-2.0, 0.2, "same year only"),
    different_year=Weight(-3.0, 0.0, "different year", label="different year (partial)"),
    different=Weight(-3.0, 0.0, "different date"),
)


def _compare_dates(x: str, y: str) -> Weight:
    if x == y:
        return _DATE["same"] if len(x) == 10 else _DATE["same_partial"]
    if len(x) < 10 or len(y) < 10:
        return _DATE["same_year_partial"] if x[:4] == y[:4] else _DATE["different_year"]
    if x[:4] == y[:4] and x[5:7] == y[8:10] and x[8:10] == y[5:7]:
        return _DATE["swapped"]
    if OSA.distance(x, y) == 1:
        return _DATE["one_digit"]
    if x[:7] == y[:7]:
        return _DATE["same_month"]
    if x[:4] == y[:4]:
        return _DATE["same_year"]
    return _DATE["different"]


def _dates(a: Record, b: Record) -> FeatureScore | None:
    """Birth (or incorporation) dates, ISO ``YYYY[-MM[-DD]]``: the best-agreeing pair; a
    partial date agrees with a full one of its year, a swapped day and month is a
    clerical slip, any other difference argues against."""
    if not a.dates or not b.dates:
        return None
    best = max(((_compare_dates(x, y), x, y) for x in a.dates for y in b.dates),
               key=lambda t: t[0].weight)
    weight, x, y = best
    return FeatureScore(weight.score, weight.weight, weight.detail, x, y)


_IDENTIFIER = _weights(
    same=Weight(5.0, 1.0, "same {kind}", label="same id/passport/tax/registration… number"),
    same_weak=Weight(2.5, 1.0, "same {kind}", label="same phone/email"),
    near=Weight(3.0, 0.8, "{kind} differs by one character",
                label=f"one character off (≥ {_NEAR_ID_MIN_LENGTH} characters)"),
    different=Weight(-2.5, 0.0, "different {kind}", label="different number of the same kind"),
)


def _identifiers(a: Record, b: Record) -> FeatureScore | None:
    """Identifiers (id, passport, tax, registration, LEI, IBAN, IMO… numbers; phones,
    e-mail), normalised: the same value under the same kind, or under two strong kinds
    (an id number filed as a passport number); else a strong one a keystroke away; else a
    different value of the same strong kind argues against."""
    if not a.identifiers or not b.identifiers:
        return None
    values_b = {v: k for k, v in b.identifiers}
    for kind, value in a.identifiers:
        other = values_b.get(value)
        if other is not None and (other == kind or (kind in STRONG_IDENTIFIERS and other in
                                                    STRONG_IDENTIFIERS)):
            same = _IDENTIFIER["same" if kind in STRONG_IDENTIFIERS else "same_weak"]
            return same.result(value, value, kind)
    near: tuple[str, str, str] | None = None
    conflict: tuple[str, str, str] | None = None
    for kind, value in a.identifiers:
        for kind_b, value_b in b.identifiers:
            if kind != kind_b or kind not in STRONG_IDENTIFIERS:
                continue
            if len(value) >= _NEAR_ID_MIN_LENGTH and OSA.distance(value, value_b) == 1:
                near = (kind, value, value_b)
            elif conflict is None:
                conflict = (kind, value, value_b)
    if near is not None:
        return _IDENTIFIER["near"].result(near[1], near[2], near[0])
    if conflict is not None:
        return _IDENTIFIER["different"].result(conflict[1], conflict[2], conflict[0])
    return None


_COUNTRY = _weights(shared=Weight(0.3, 1.0, "shared country"),
                    none=Weight(-1.0, 0.0, "no country in common"))


def _countries(a: Record, b: Record) -> FeatureScore | None:
    """Countries (nationality, citizenship, country, jurisdiction, main country): any in
    common."""
    if not a.countries or not b.countries:
        return None
    qa, qb = ",".join(sorted(a.countries)), ",".join(sorted(b.countries))
    return _COUNTRY["shared" if a.countries & b.countries else "none"].result(qa, qb)


_GENDER = _weights(same=Weight(0.1, 1.0, "same gender"),
                   different=Weight(-3.0, 0.0, "different gender"))


def _gender(a: Record, b: Record) -> FeatureScore | None:
    """Gender, when both records state it."""
    if a.gender is None or b.gender is None:
        return None
    return _GENDER["same" if a.gender == b.gender else "different"].result(a.gender, b.gender)


_ADDRESS = _weights(
    same=Weight(1.5, 1.0, "address word overlap", 0.95, "word overlap ≥ 0.95"),
    close=Weight(1.0, 1.0, "address word overlap", 0.85, "≥ 0.85"),
    some=Weight(0.3, 1.0, "address word overlap", 0.7, "≥ 0.7"),
    other=Weight(-0.3, 1.0, "address word overlap", 0.0, "else"),
)


def _address(a: Record, b: Record) -> FeatureScore | None:
    """Addresses: the word overlap (token-set ratio) of the best pair, graded."""
    if not a.addresses or not b.addresses:
        return None
    best, x, y = max((token_set_ratio(x, y) / 100.0, x, y) for x in a.addresses
                     for y in b.addresses)
    grade = next(w for w in _ADDRESS.values() if best >= w.at_least)
    return FeatureScore(round(best, 3), grade.weight, grade.detail, x, y)


_LEGAL_FORM = _weights(same=Weight(0.2, 1.0, "same legal form"),
                       different=Weight(-0.7, 0.0, "different legal form"))


def _legal_form(a: Record, b: Record) -> FeatureScore | None:
    """Organisations' legal forms recognised in their names (``d.o.o.`` and ``LLC`` are
    both ``llc``): any in common."""
    forms_a = {n.legal for n in a.names if n.legal}
    forms_b = {n.legal for n in b.names if n.legal}
    if not forms_a or not forms_b:
        return None
    qa, qb = ",".join(sorted(forms_a)), ",".join(sorted(forms_b))
    return _LEGAL_FORM["same" if forms_a & forms_b else "different"].result(qa, qb)


def compatible(a: Record, b: Record) -> bool:
    """A person never matches an organisation (``LegalEntity``/``Thing`` match either)."""
    return not ({a.kind, b.kind} == {"person", "org"} and "LegalEntity" not in
                (a.schema, b.schema))


_SCHEMA = _weights(conflict=Weight(-10.0, 0.0, "person vs organisation",
                                   label="a Person against an Organization/Company "
                                         "(the score is 0)"))


def _schema(a: Record, b: Record) -> FeatureScore | None:
    """Schemata: a person against an organisation is never a match, whatever else agrees
    (``LegalEntity`` and ``Thing`` may be either)."""
    if compatible(a, b):
        return None
    return _SCHEMA["conflict"].result(a.schema, b.schema)


NAME = Feature("name", _name, supporting=False, early=True, summary=_name_summary())
BIRTH_DATE = Feature("birth_date", _dates, _DATE, early=True)
IDENTIFIER = Feature("identifier", _identifiers, _IDENTIFIER, supporting=False, early=True)
SCHEMA = Feature("schema", _schema, _SCHEMA, supporting=False, early=True)
# The table. Order is the order of a match's explanations and of the sum of log-odds.
FEATURES: tuple[Feature, ...] = (
    NAME,
    BIRTH_DATE,
    IDENTIFIER,
    Feature("country", _countries, _COUNTRY),
    Feature("gender", _gender, _GENDER),
    Feature("address", _address, _ADDRESS),
    Feature("legal_form", _legal_form, _LEGAL_FORM),
    SCHEMA,
)
# The features a compatible pair adds after the name, in order.
EXTRA_FEATURES = tuple(f for f in FEATURES if f is not NAME and f is not SCHEMA)
# The most the features read after the pruning decision can add together (each supports a
# similar name only, so the gate scales it).
PRUNING_BOUND = sum(f.max_gain for f in EXTRA_FEATURES if not f.early)


def markdown_table() -> str:
    """The feature table of ``docs/matching.md`` (checked by a test)."""
    rows = ["| feature | evidence | weights (log-odds) |", "|---|---|---|"]
    for feature in FEATURES:
        evidence = " ".join(feature.doc.split())
        rows.append(f"| `{feature.name}` | {evidence} | {feature.describe()} |")
    return "\n".join(rows)
