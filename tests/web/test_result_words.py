"""The worded band and reasons of a screening hit, from the matcher's real explanations."""

from __future__ import annotations

from typing import Any

from accord.matching import Record, score_pair
from accord.model import Visibility
from accord.services.screening.screen import EntityResult
from accord.web.result_words import worded


def _hit(query: dict[str, list[str]], record: dict[str, list[str]]) -> tuple[EntityResult,
                                                                             dict[str, Any]]:
    q = {"schema": "Person", "properties": query}
    match = score_pair(Record.from_entity({"id": "q", **q}),
                       Record.from_entity({"id": "r", "schema": "Person",
                                           "properties": record}))
    explanations = {name: {"detail": f.detail, "score": f.score, "weight": f.weight,
                           "query": f.query, "candidate": f.candidate}
                    for name, f in match.features.items()}
    result = EntityResult("r", record["name"][0], "Person", record, "h", "a", Visibility.FULL,
                          match.score, True, explanations)
    return result, q


def test_name_and_date_agree_is_strong() -> None:
    words = worded(*_hit({"name": ["Goran Gjorgjievski"], "birthDate": ["1978-06-23"]},
                         {"name": ["Goran Gjorgjievski"], "birthDate": ["1978-06-23"]}))
    assert (words.band, words.reasons) == ("strong", ["name and date of birth agree"])
    [name, dob] = words.rows
    assert (name.label, name.verdict, name.agrees) == ("Name", "same name", True)
    assert (dob.label, dob.query, dob.record, dob.verdict) == (
        "Date of birth", "1978-06-23", "1978-06-23", "same date")


def test_name_only_with_a_typo_is_review_and_says_why() -> None:
    words = worded(*_hit({"name": ["Strahinja Milutinović"], "birthDate": ["1995-05-19"]},
                         {"name": ["Strahinja Milutinovć"]}))
    assert words.band == "review"
    assert words.reasons[0] == "name only"
    assert words.reasons[-1] == "date of birth not on the record"
    missing = words.rows[-1]
    assert (missing.label, missing.verdict, missing.agrees) == (
        "Date of birth", "not on the record", None)
    # the spellings as written, never the matcher's normal form
    assert (words.rows[0].query, words.rows[0].record) == (
        "Strahinja Milutinović", "Strahinja Milutinovć")


def test_a_different_date_is_named_and_never_strong() -> None:
    words = worded(*_hit({"name": ["Valon Kastrati"], "birthDate": ["1991-07-02"]},
                         {"name": ["Valon Kastrati"], "birthDate": ["1960-01-01"]}))
    assert words.band == "review"
    assert "date of birth differs" in words.reasons
