"""Per-scope candidate selection: a search over some scopes (holdings) chooses its
candidates among their records only, so records of other scopes cannot crowd them out."""

from __future__ import annotations

import random

from accord.demo.synth import PersonFactory, render_person
from accord.demo.variants import make_variant
from accord.matching import Record, ScreeningIndex
from accord.matching.index import _COMPACT_AT
from tests.matching.factory import person

QUERY = person("Fatos Krasniqi", "1984-06-21", "al", gender="male")


def _namesakes(count: int) -> list[Record]:
    """Records that agree with QUERY on everything the ranking looks at."""
    return [person("Fatos Krasniqi", "1984-06-21", "al", gender="male", key=f"h{n}")
            for n in range(count)]


def test_other_scope_cannot_crowd_out_the_cap() -> None:
    index = ScreeningIndex()  # the shipped cap: 120 candidates
    # the caller's own record: same name and date, but no gender or country, so 200
    # namesakes that agree with the query on both rank above it over the whole index
    index.add(1, person("Fatos Krasniqi", "1984-06-21"), scope="b-own")
    index.add_many(((100 + n, r) for n, r in enumerate(_namesakes(200))), scope="a-hidden")
    assert 1 not in index.candidates(QUERY)  # the whole index: crowded out
    assert index.candidates(QUERY, {"b-own"}) == [1]
    [(key, match)] = index.search(QUERY, scopes={"b-own"})
    assert key == 1 and match.score >= 0.7
    assert index.last_candidates == 1
    both = index.candidates(QUERY, {"b-own", "a-hidden"})
    assert len(both) == index.max_candidates and 1 not in both


def test_other_scope_cannot_push_a_key_over_max_posting() -> None:
    index = ScreeningIndex(max_posting=50)
    index.add(1, QUERY, scope="b-own")
    index.add_many(((100 + n, r) for n, r in enumerate(_namesakes(120))), scope="a-hidden")
    assert index.search(QUERY) == []  # every key of the name is shared by 121 > 50 records
    assert [key for key, _ in index.search(QUERY, scopes={"b-own"})] == [1]
    assert index.search(QUERY, scopes={"a-hidden"}) == []  # its own 120 are still too many


def test_unknown_or_empty_scopes_see_nothing() -> None:
    index = ScreeningIndex()
    index.add(1, QUERY, scope="b-own")
    assert index.search(QUERY, scopes=set()) == []
    assert index.search(QUERY, scopes={"no-such-scope"}) == []
    assert index.candidates(QUERY, {"b-own", "no-such-scope"}) == [1]


def test_dead_rows_take_no_candidate_place() -> None:
    index = ScreeningIndex(max_candidates=10)
    index.add_many(((100 + n, r) for n, r in enumerate(_namesakes(30))), scope="b-own")
    index.add(1, person("Fatos Krasniqi", "1984-06-21"), scope="b-own")
    for n in range(30):
        index.remove(100 + n)
    assert index.candidates(QUERY, {"b-own"}) == [1]
    assert index.candidates(QUERY) == [1]


def _world(seed: int) -> tuple[list[tuple[int, str, Record]], list[Record]]:
    """Synthetic persons spread over four scopes plus a flood of namesakes of a few of
    them in a fifth; and planted variants of some persons as queries."""
    factory = PersonFactory(seed)
    rng = random.Random(seed)
    raws = [factory.draw() for _ in range(2500)]
    items = [(n, rng.choice("pqrs"), Record.from_entity(render_person(raw, f"p-{n}")))
             for n, raw in enumerate(raws)]
    flooded = rng.sample(range(len(raws)), 8)
    items += [(10_000 + 100 * k + copy, "flood",
               Record.from_entity(render_person(raws[n], f"f-{k}-{copy}")))
              for k, n in enumerate(flooded) for copy in range(90)]
    rng.shuffle(items)
    queries = [Record.from_entity(make_variant(raws[n], f"q-{n}", rng))
               for n in flooded + rng.sample(range(len(raws)), 60)]
    return items, queries


def _build(items: list[tuple[int, str, Record]], removed: set[int]) -> ScreeningIndex:
    index = ScreeningIndex(max_candidates=25, max_posting=60)
    bulk, late = items[:-300], items[-300:]
    index.add_scoped(bulk)  # merged into the sorted arrays
    for key, scope, record in late:  # left in the side table
        index.add(key, record, scope)
    for key in removed:
        index.remove(key)
    return index


def test_scoped_search_equals_an_index_of_the_visible_scopes_only() -> None:
    """Whatever the other scopes hold, a scoped search ranks, caps and scores exactly as
    an index built from the visible scopes' records alone."""
    items, queries = _world(11)
    rng = random.Random(5)
    removed = {key for key, _s, _r in rng.sample(items, 150)}
    whole = _build(items, removed)
    for scopes in ({"p"}, {"q", "r"}, {"p", "q", "r", "s"}, {"s", "flood"}):
        alone = _build([item for item in items if item[1] in scopes], removed)
        for query in queries:
            assert whole.candidates(query, scopes) == alone.candidates(query)
            for threshold in (0.5, 0.8):
                got = whole.search(query, limit=10, threshold=threshold, scopes=scopes)
                want = alone.search(query, limit=10, threshold=threshold)
                assert [(k, m.score, m.features) for k, m in got] == \
                    [(k, m.score, m.features) for k, m in want]


def test_many_removals_compact_the_postings() -> None:
    """Dead rows still count toward ``max_posting`` until a merge drops their keys; many
    removals force that merge, so erased namesakes stop hiding the living ones."""
    index = ScreeningIndex(max_posting=50)
    index.add_many(((100 + n, r) for n, r in enumerate(_namesakes(60))), scope="b-own")
    for n in range(20):
        index.remove(100 + n)
    assert index.search(QUERY) == []  # 60 rows share each key: over the limit
    others = [person(f"Besa Hoxha {n}", key=f"o{n}") for n in range(_COMPACT_AT)]
    index.add_many(((1_000 + n, r) for n, r in enumerate(others)), scope="b-own")
    for n in range(_COMPACT_AT - 20 + 1):
        index.remove(1_000 + n)
    assert len(index.search(QUERY, limit=100)) == 40
