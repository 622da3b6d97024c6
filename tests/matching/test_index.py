"""Screening index: planted variants are found, removal works, queries stay bounded."""

from __future__ import annotations

import random

from accord.demo.synth import PersonFactory, render_person
from accord.demo.variants import make_variant
from accord.matching import Record, ScreeningIndex, score_pair
from tests.matching.factory import person

_GIVEN = ["Marko", "Ana", "Ilir", "Besa", "Goran", "Jelena", "Arben", "Selma", "Nikola", "Edina"]
_FAMILY = ["Petrović", "Hoxha", "Kovač", "Shehu", "Ilievski", "Hodžić", "Krasniqi", "Jurić",
           "Nikolić", "Berisha", "Marković", "Gashi", "Stojanović", "Begić", "Kelmendi"]


def _population(size: int, seed: int = 1) -> list[Record]:
    rng = random.Random(seed)
    return [person(f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}",
                   f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   key=str(i)) for i in range(size)]


def _index(records: list[Record]) -> ScreeningIndex:
    index = ScreeningIndex(max_candidates=40)
    index.add_many(enumerate(records))
    return index


def test_finds_planted_variants() -> None:
    records = _population(3000)
    records.append(person("Đorđe Đorđević", "1971-02-03", key="planted"))
    index = _index(records)
    planted = len(records) - 1
    for query in ["Djordje Djordjevic", "Ђорђе Ђорђевић", "DORDEVIC Dorde", "Gjorgje Gjorgjeviq",
                  "Đorđe Đorđevć"]:
        results = index.search(person(query, "1971-02-03"), limit=3)
        assert results and results[0][0] == planted, query
    assert index.search(person("Đorđe Đorđević", "1971-02-03"), limit=1)[0][1].score < 1.0


def test_identifier_finds_a_renamed_record() -> None:
    index = ScreeningIndex()
    index.add(7, person("Dardan Kryeziu", id_number="AB1234567"))
    results = index.search(person("Dardanel Kryeziu", id_number="ab 123 4567"))
    assert [key for key, _ in results] == [7]


def test_remove_and_replace() -> None:
    index = _index(_population(500))
    index.add(10_000, person("Teuta Berisha", "1990-01-01"))
    assert index.search(person("Теута Бериша", "1990-01-01"))[0][0] == 10_000
    assert index.remove(10_000) and not index.remove(10_000)
    assert all(key != 10_000 for key, _ in index.search(person("Теута Бериша", "1990-01-01")))
    index.add(5, person("Blerta Shkreli", "1965-01-15"))
    assert index.search(person("Blerta Škreli", "1965-01-15"))[0][0] == 5
    assert len(index) == 500


def test_query_never_scans_everything() -> None:
    records = _population(5000)
    index = _index(records)
    for query in records[:50]:
        index.search(query, limit=5)
        assert index.last_candidates <= index.max_candidates
    index.search(person("Marko Stanković"), limit=5)
    assert index.last_candidates <= 40


def test_person_query_does_not_return_organizations() -> None:
    index = ScreeningIndex()
    index.add(1, Record.from_entity({"id": "o", "schema": "Company",
                                     "properties": {"name": ["Marko Petrović d.o.o."]}}))
    index.add(2, person("Marko Stanković"))
    assert [key for key, _ in index.search(person("Marko Stanković"))] == [2]


def test_pruned_search_ranks_as_full_scoring() -> None:
    """Search compares each distinct candidate name once and stops scoring a candidate as
    soon as it provably stays below the threshold: its results are exactly what full
    :func:`score_pair` of every candidate gives."""
    factory = PersonFactory(3)
    rng = random.Random(3)
    raws = [factory.draw() for _ in range(4000)]
    index = ScreeningIndex(max_candidates=200)
    index.add_many((n, Record.from_entity(render_person(raw, f"p-{n}")))
                   for n, raw in enumerate(raws))
    for n in rng.sample(range(len(raws)), 150):
        query = Record.from_entity(make_variant(raws[n], f"q-{n}", rng))
        for threshold in (0.5, 0.7, 0.9):
            full = []
            for key in index.candidates(query):
                record = index.get(key)
                assert record is not None
                match = score_pair(query, record, threshold)
                if match.score >= threshold:
                    full.append((key, match))
            full.sort(key=lambda item: (-item[1].score, item[0]))
            got = index.search(query, limit=5, threshold=threshold)
            assert [(k, m.score, m.features) for k, m in got] == \
                [(k, m.score, m.features) for k, m in full[:5]]
