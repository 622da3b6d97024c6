"""Hypothesis properties: symmetry, range, and transliterations matching themselves."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.matching import DEFAULT_THRESHOLD, score_pair
from tests.matching.factory import person

# Serbian Latin -> Cyrillic for test generation only (digraphs first).
_TO_CYRILLIC = [("lj", "љ"), ("nj", "њ"), ("dž", "џ")] + list(zip(
    "abvgdđežzijklmnoprstćufhcčš", "абвгдђежзијклмнопрстћуфхцчш", strict=True))
_SYLLABLES = ["ma", "ko", "lju", "nje", "dža", "đo", "ći", "ča", "ša", "že", "ra", "vi", "no",
              "pe", "tro", "be", "go", "sla", "mi", "lo", "da", "ze", "hu", "fi"]
words = st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=4).map("".join)
names = st.lists(words, min_size=2, max_size=3).map(lambda ws: " ".join(w.title() for w in ws))
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def to_cyrillic(text: str) -> str:
    out = text.lower()
    for latin, cyrillic in _TO_CYRILLIC:
        out = out.replace(latin, cyrillic)
    return out.title()


@settings(max_examples=200, deadline=None)
@given(names, names, dates, dates)
def test_score_is_symmetric_and_bounded(a: str, b: str, da: str | None, db: str | None) -> None:
    left, right = person(a, da), person(b, db)
    forward, backward = score_pair(left, right).score, score_pair(right, left).score
    assert forward == backward
    assert 0.0 <= forward <= 1.0


@settings(max_examples=200, deadline=None)
@given(names)
def test_name_matches_its_cyrillic_transliteration(name: str) -> None:
    assert score_pair(person(name), person(to_cyrillic(name))).score >= DEFAULT_THRESHOLD


@settings(max_examples=100, deadline=None)
@given(names)
def test_name_matches_itself_reordered(name: str) -> None:
    words_ = name.split()
    reordered = f"{words_[-1]}, {' '.join(words_[:-1])}"
    assert score_pair(person(name), person(reordered)).score >= DEFAULT_THRESHOLD
