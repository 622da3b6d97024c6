"""The matcher's declared table: every feature documented, weights consistent, the pruning
bound derived from the table and sound, the docs table generated from it, and the
linguistic data files checked for provenance."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import pytest

from accord.matching import DEFAULT_THRESHOLD, Record, score_pair
from accord.matching.features import (
    BASE,
    FEATURES,
    PRUNING_BOUND,
    markdown_table,
)
from accord.matching.lexicon import DATA_FILES, PARTICLES, check, load
from accord.matching.names import parse_name
from accord.matching.normalize import skeleton
from accord.matching.params import EDIT, GATE, NAME, NAME_EVIDENCE, WORD
from accord.matching.score import name_feature, score_with_name
from tests.matching.factory import person

DOCS = Path(__file__).resolve().parents[2] / "docs" / "matching.md"
LATE = ("country", "gender", "address", "legal_form")  # read after the pruning decision


def test_docs_weight_table_is_generated_from_the_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin, end = "<!-- features:begin (generated) -->\n", "\n<!-- features:end -->"
    table = text[text.index(begin) + len(begin): text.index(end)]
    assert table == markdown_table(), "regenerate the table: see docs/matching.md §4"


def test_every_feature_is_documented_once() -> None:
    names = [f.name for f in FEATURES]
    assert len(names) == len(set(names))
    for feature in FEATURES:
        assert len(feature.doc) > 30, f"{feature.name}: say what evidence it reads"
        assert feature.weights or feature.summary, feature.name
        for weight in feature.weights.values():
            assert weight.detail.strip(), feature.name
            assert math.isfinite(weight.weight) and 0.0 <= weight.score <= 1.0


def test_supporting_features_can_argue_both_ways() -> None:
    for feature in FEATURES:
        if feature.supporting:
            weights = [w.weight for w in feature.weights.values()]
            assert max(weights) > 0 > min(weights), feature.name


def test_pruning_bound_is_the_sum_of_the_late_features_best_weights() -> None:
    late = [f for f in FEATURES if f.name in LATE]
    assert [f.name for f in FEATURES if not f.early] == list(LATE)
    assert all(f.supporting for f in late)  # the gate scales them: bound x gate is sound
    assert PRUNING_BOUND == sum(max(w.weight for w in f.weights.values()) for f in late)


def _company(name: str, **props: list[str]) -> Record:
    return Record.from_entity({"id": name, "schema": "Company",
                               "properties": {"name": [name], **props}})


def test_pruning_bound_is_attained() -> None:
    """Two records agreeing on every late feature add exactly the bound: it is tight."""
    props = {"country": ["rs"], "gender": ["male"], "address": ["Knez Mihailova 1 Beograd"]}
    match = score_pair(_company("Vektor Promet d.o.o.", **props),
                       _company("Vektor Promet DOO", **props))
    assert set(LATE) <= set(match.features)
    added = sum(match.features[name].weight for name in LATE)
    assert added == pytest.approx(PRUNING_BOUND)


NAMES = ["Zoran Đukanović", "Zoran Djukanovic", "Zoran Đukić", "Zoran Jukanović", "Marko Stanković"]
DATES = [None, "1970-05-04", "1970-04-05", "1971-05-04", "1970"]
IDS = [None, "0405970710011", "0405970710012", "9999999999999"]


def _record(name: str, dob: str | None, id_number: str | None, full: bool) -> Record:
    props: dict[str, Any] = {"name": [name]}
    if dob:
        props["birthDate"] = [dob]
    if id_number:
        props["idNumber"] = [id_number]
    if full:
        props |= {"nationality": ["rs"], "gender": ["male"], "address": ["Bulevar 1 Niš"]}
    return Record.from_entity({"id": name, "schema": "Person", "properties": props})


def test_pruning_never_drops_what_full_scoring_keeps() -> None:
    query = _record("Zoran Đukanović", "1970-05-04", "0405970710011", True)
    pruned_some = False
    for name, dob, id_number in itertools.product(NAMES, DATES, IDS):
        candidate = _record(name, dob, id_number, True)
        full = score_pair(query, candidate)
        for floor in (0.5, 0.7, 0.9, 0.97):
            pruned = score_with_name(query, candidate, name_feature(query, candidate),
                                     floor=floor)
            if pruned is None:
                pruned_some = True
                assert full.score < floor, (name, dob, id_number, floor)
            else:
                assert pruned == full
    assert pruned_some


def test_weights_and_parameters_are_consistent() -> None:
    # a name exactly at the name threshold, alone, scores exactly the default threshold
    assert 1 / (1 + math.exp(-BASE)) == pytest.approx(DEFAULT_THRESHOLD)
    p = NAME_EVIDENCE
    assert p.floor < p.floor_partial < 0 < p.slope <= p.slope_below
    assert p.threshold - GATE.width > 0 and 0 < GATE.near_identifier <= 1
    alone = score_pair(person("Zoran Đukanović"), person("Зоран Ђукановић"))
    assert alone.features["name"].weight == pytest.approx(
        p.slope * (alone.features["name"].score - p.threshold))
    # cheap replacements are cheaper than a replaced letter; ICAO folding cheapest
    assert all(0 < cost < EDIT.substitution for cost in EDIT.cheap.values())
    assert EDIT.doubled < EDIT.transposition < EDIT.inner_vowel <= EDIT.inner_consonant
    assert EDIT.inner_consonant < EDIT.edge
    # special word scores: above the name threshold when they mean "the same name",
    # below it when they mean "another name"
    for same in (WORD.equivalent, WORD.definite, WORD.particle, WORD.initial,
                 WORD.arabic_same, WORD.arabic_vowels):
        assert p.threshold < same < 1
    assert WORD.distinct_names < WORD.other_family < p.threshold
    assert 0 < NAME.worst_weight < 1 and NAME.one_word_cap < p.threshold


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_entry_names_its_source(name: str) -> None:
    data = load(name)
    assert data["version"] == 1 and len(data["description"]) > 40
    entries = [e for value in data.values() if isinstance(value, list) for e in value]
    assert entries and all(e["source"] in data["sources"] for e in entries)
    assert set(data["sources"]) == {e["source"] for e in entries}  # none declared unused


def test_a_data_file_without_provenance_is_refused() -> None:
    good = {"version": 1, "sources": {"rule": "a rule"}, "things": [{"source": "rule"}]}
    assert check("x", good) == good
    with pytest.raises(ValueError, match="names no declared source"):
        check("x", good | {"things": [{"word": "y"}]})
    with pytest.raises(ValueError, match="names no declared source"):
        check("x", good | {"things": [{"source": "elsewhere"}]})
    with pytest.raises(ValueError, match="version"):
        check("x", good | {"version": 2})
    with pytest.raises(ValueError, match="says nothing"):
        check("x", good | {"sources": {"rule": " "}})


def test_particles_are_one_list() -> None:
    words = [p.word for p in PARTICLES]
    assert len(words) == len(set(words))


def test_a_spelling_belongs_to_one_given_name_group() -> None:
    owner: dict[str, str] = {}
    for group in load("given_names")["groups"]:
        canonical = group["names"][0]
        for name in group["names"]:
            key = skeleton(name)
            assert owner.setdefault(key, canonical) == canonical, (name, owner[key])


def test_legal_forms_parse_from_the_data_file() -> None:
    for form in load("legal_forms")["forms"]:
        parsed = parse_name(f"Vektor {form['word'].upper()}", organization=True)
        assert parsed.legal == form["form"] and parsed.words == ("vektor",), form
