"""Screening results in words: a band with its reason, field labels, the query's and the
record's own spellings (never the matcher's internal normal forms), and "not on the
record" where a queried field is missing.

The band of a full or shared hit is read from its score and what agreed: **strong** when
the score is at least 0.90 and something beyond the name agrees (date of birth, document
number), **review** otherwise. Messages are msgids; the template translates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from accord.services.screening.screen import EntityResult
from accord.web.views import N_

__all__ = ["FIELD_LABELS", "Row", "Worded", "worded"]

STRONG_SCORE = 0.90

# Field labels in words: matcher features and the properties shown with a hit.
FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "birth_date": N_("Date of birth"),
    "identifier": N_("Document number"),
    "country": N_("Nationality or country"),
    "gender": N_("Gender"),
    "address": N_("Address"),
    "legal_form": N_("Legal form"),
    "schema": N_("Kind of entity"),
    "birthDate": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "idNumber": N_("Identity number"),
    "passportNumber": N_("Passport number"),
}

# The matcher's verdicts (its fixed texts) in words.
_VERDICTS: dict[str, str] = {
    "same date": N_("same date"),
    "same (partial) date": N_("same year and month"),
    "same year, one date partial": N_("same year; one date is incomplete"),
    "different year": N_("different year"),
    "day and month swapped": N_("day and month swapped"),
    "one digit differs": N_("one digit differs"),
    "same month, other day": N_("same month, other day"),
    "same year only": N_("same year only"),
    "different date": N_("different date"),
    "shared country": N_("a country in common"),
    "no country in common": N_("no country in common"),
    "same gender": N_("same"),
    "different gender": N_("different"),
    "address word overlap": N_("address words overlap"),
    "same legal form": N_("same"),
    "different legal form": N_("different"),
    "person vs organisation": N_("a person and an organisation"),
    "no comparable name": N_("no comparable name"),
}

# Which queried property each feature answers (for "not on the record").
_QUERIED = (("birthDate", "birth_date"), ("nationality", "country"), ("idNumber", "identifier"))


def _words(name: str) -> list[str]:
    return sorted(re.findall(r"\w+", name.casefold()))


def _name_verdict(score: float, query: str | None, record: str | None) -> str:
    if query is not None and record is not None and _words(query) == _words(record):
        return N_("same name")  # the same words, in any order or case
    if score >= 0.97:
        return N_("same name in another spelling or script")
    if score >= 0.9:
        return N_("nearly the same name: a letter or two differ")
    if score >= 0.8:
        return N_("similar name")
    return N_("names partly agree")


def _verdict(feature: str, explanation: dict[str, Any]) -> str:
    detail = str(explanation.get("detail", ""))
    if feature == "name":
        return _name_verdict(float(explanation.get("score", 0.0)), explanation.get("query"),
                             explanation.get("candidate"))
    if feature == "identifier":
        if detail.startswith("same"):
            return N_("same number")
        if "differs by one" in detail:
            return N_("one character differs")
        return N_("different number")
    return _VERDICTS.get(detail, detail)


@dataclass(frozen=True, slots=True)
class Row:
    label: str  # msgid
    query: str
    record: str
    verdict: str  # msgid
    agrees: bool | None  # None: not on the record


@dataclass(frozen=True, slots=True)
class Worded:
    band: str  # "strong" | "review"
    band_label: str  # msgid
    reasons: list[str] = field(default_factory=list)  # msgids, joined by the template
    rows: list[Row] = field(default_factory=list)


def worded(result: EntityResult, query: dict[str, Any]) -> Worded:
    """The band, its reason and one row per compared or missing field of ``result``."""
    explanations = result.explanations
    rows: list[Row] = []
    agreeing: list[str] = []
    differing: list[str] = []
    for feature, explanation in explanations.items():
        weight = float(explanation.get("weight", 0.0))
        agrees = weight > 0
        label = FIELD_LABELS.get(feature, feature)
        rows.append(Row(label, str(explanation.get("query") or ""),
                        str(explanation.get("candidate") or ""), _verdict(feature, explanation),
                        agrees))
        if feature != "name":
            (agreeing if agrees else differing).append(feature)
    properties = query.get("properties", {})
    for prop, feature in _QUERIED:
        if properties.get(prop) and feature not in explanations:
            rows.append(Row(FIELD_LABELS[feature], ", ".join(properties[prop]), "",
                            N_("not on the record"), None))
    strong = result.score >= STRONG_SCORE and any(
        f in agreeing for f in ("birth_date", "identifier"))
    missing = [feature for prop, feature in _QUERIED
               if properties.get(prop) and feature not in explanations]
    reasons = _reasons(explanations.get("name"), agreeing, differing, missing)
    if strong:
        return Worded("strong", N_("Strong"), reasons, rows)
    return Worded("review", N_("Review"), reasons, rows)


_AGREE = {
    frozenset({"birth_date"}): N_("name and date of birth agree"),
    frozenset({"identifier"}): N_("name and document number agree"),
    frozenset({"birth_date", "identifier"}): N_("name, date of birth and document number agree"),
}
_DIFFERS = {"birth_date": N_("date of birth differs"),
            "identifier": N_("document number differs"),
            "country": N_("no country in common"),
            "gender": N_("gender differs")}
_MISSING = {"birth_date": N_("date of birth not on the record"),
            "identifier": N_("document number not on the record"),
            "country": N_("nationality not on the record")}
_SPELLING = {
    "same name in another spelling or script": N_("spelled another way"),
    "nearly the same name: a letter or two differ": N_("a letter or two differ"),
    "similar name": N_("the names are only similar"),
    "names partly agree": N_("the names only partly agree"),
}


def _reasons(name: dict[str, Any] | None, agreeing: list[str], differing: list[str],
             missing: list[str]) -> list[str]:
    """'name and date of birth agree', 'name only, a letter or two differ', …"""
    spelling = _SPELLING.get(_verdict("name", name)) if name is not None else None
    strong_fields = frozenset(agreeing) & {"birth_date", "identifier"}
    if strong_fields:
        reasons = [_AGREE[strong_fields]] + ([spelling] if spelling else [])
    else:
        reasons = [N_("name only"), spelling or N_("same spelling")]
    reasons += [_DIFFERS[f] for f in differing if f in _DIFFERS]
    return reasons + [_MISSING[f] for f in missing]
