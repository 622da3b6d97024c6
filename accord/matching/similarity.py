"""Similarity of words and of whole names, on skeletons.

Word similarity is ``1 - rate × cost`` where ``cost`` is a weighted
Damerau–Levenshtein (optimal string alignment) distance whose weights follow how
names are really misspelt or re-spelt (:data:`~accord.matching.params.EDIT`): a doubled
letter or two swapped neighbours cost little, a letter added or dropped at the start or
end of a word (``Hoxha``/``Hoxhaj``, ``Ivan``/``Ivana``) as much as a replaced letter
(``Petrović``/``Petković``), spellings that passports and the press fold together
(``č``/``c``, ``đ``/``dž``, ``i``/``j``) a fraction of it.

Special cases before the distance (:data:`~accord.matching.params.WORD`): same given-name
equivalence group (``Mohammed``/``Muhamed``), an initial, two different listed given
names, the Albanian definite form (``Agim``/``Agimi``), a glued particle, a family
suffix after another consonant. Whole names combine their aligned words as declared in
:data:`~accord.matching.params.NAME`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import permutations

from accord.matching.lexicon import PARTICLES
from accord.matching.morphology import (
    FINAL_DEVOICING,
    REGIONAL_PAIRS,
    albanian_definite,
    frequency_verdict,
    regional_form,
)
from accord.matching.names import Name, equivalent_group
from accord.matching.normalize import arabic_form, consonants
from accord.matching.params import EDIT, NAME, WORD

__all__ = ["NameComparison", "compare_names", "edit_cost", "word_similarity"]

_GLUED_PARTICLES = frozenset(p.word for p in PARTICLES if p.glued)
_VOWELS = frozenset("aeiou")
# hot path: the costs as plain module constants (a dict, not the declared mapping proxy)
_CHEAP_PAIRS = {**EDIT.cheap, **REGIONAL_PAIRS}
_SUBSTITUTION, _DOUBLED, _EDGE = EDIT.substitution, EDIT.doubled, EDIT.edge
_INNER_VOWEL, _INNER_CONSONANT = EDIT.inner_vowel, EDIT.inner_consonant


def _sub_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return _CHEAP_PAIRS.get(frozenset((a, b)), _SUBSTITUTION)


def _indel_cost(word: str, i: int) -> float:
    """Cost of inserting/deleting ``word[i]`` (relative to the other word)."""
    ch = word[i]
    if (i > 0 and word[i - 1] == ch) or (i + 1 < len(word) and word[i + 1] == ch):
        return _DOUBLED
    if i == 0 or i == len(word) - 1:
        return _EDGE
    return _INNER_VOWEL if ch in _VOWELS else _INNER_CONSONANT


def edit_cost(a: str, b: str) -> float:
    """Weighted optimal-string-alignment distance between two skeletons."""
    n, m = len(a), len(b)
    transposition = EDIT.transposition
    cost_a = [_indel_cost(a, i) for i in range(n)]
    cost_b = [_indel_cost(b, j) for j in range(m)]
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + cost_b[j - 1]
    for i in range(1, n + 1):
        cur = [prev[0] + cost_a[i - 1]] + [0.0] * m
        ai = a[i - 1]
        for j in range(1, m + 1):
            bj = b[j - 1]
            best = min(prev[j] + cost_a[i - 1], cur[j - 1] + cost_b[j - 1],
                       prev[j - 1] + (0.0 if ai == bj else _sub_cost(ai, bj)))
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj and ai != bj:
                best = min(best, prev2[j - 2] + transposition)
            cur[j] = best
        prev2, prev = prev, cur
    return prev[m]


_ONE_EDIT_LOW, _ONE_EDIT_HIGH = 1.0 - WORD.rate * 1.05, 1.0 - WORD.rate * 0.5
_FAMILY_SUFFIX = re.compile(r"(?:iC|ic|ich|iq|ski|ska|Ski|cki|cka)$")
_ICAO_PAIRS = frozenset(k for k, v in _CHEAP_PAIRS.items() if v <= EDIT.icao_max)


def _other_family(a: str, b: str) -> bool:
    """A consonant replaced, added or dropped just before a family suffix makes another
    family: ``Lukić``/``Lučić``, ``Mujić``/``Mujkić``, ``Kostić``/``Kosić``, ``Stojanovski``
    is not touched (the edit is not next to the suffix). ICAO folding (``c``/``ć``) and a
    dropped consonant that leaves a vowel before the suffix (``Tomić``/``Toić``, a typo)
    are not family changes."""
    suffix_a, suffix_b = _FAMILY_SUFFIX.search(a), _FAMILY_SUFFIX.search(b)
    if suffix_a is None or suffix_b is None or suffix_a.group(0) != suffix_b.group(0):
        return False
    x, y = a[: suffix_a.start()], b[: suffix_b.start()]
    if len(x) < 2 or len(y) < 2 or x == y:
        return False
    if x[:-1] == y[:-1]:  # last stem letter replaced
        return (x[-1] not in _VOWELS and y[-1] not in _VOWELS
                and frozenset((x[-1], y[-1])) not in _ICAO_PAIRS)
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return (long[:-1] == short and short[-1] not in _VOWELS and long[-1] not in _VOWELS
            and long[-1] != short[-1])  # a doubled letter is a typo


@lru_cache(maxsize=500_000)
def _word_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    group_a, group_b = equivalent_group(a), equivalent_group(b)
    if group_a is not None and group_a == group_b:
        return WORD.equivalent
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:  # an initial: ``J.``/``James``
        return WORD.initial if long.startswith(short) else 0.0
    if group_a is not None and group_b is not None:
        return min(_edit_similarity(short, long), WORD.distinct_names)
    if albanian_definite(short, long) or regional_form(short, long):
        return WORD.definite
    if len(short) >= WORD.particle_min_stem and long.endswith(short) \
            and long[: -len(short)] in _GLUED_PARTICLES:
        return WORD.particle
    if _other_family(a, b):
        return min(_edit_similarity(short, long), WORD.other_family)
    if len(a) == len(b) and a[:-1] == b[:-1] and frozenset((a[-1], b[-1])) in FINAL_DEVOICING:
        return WORD.definite
    sim = _edit_similarity(short, long)
    # one real edit (cost 0.5-1.05) leaves 0.84-0.93: only such pairs need the name lists
    if _ONE_EDIT_LOW <= sim <= _ONE_EDIT_HIGH and len(short) >= WORD.two_names_min_length \
            and _FAMILY_SUFFIX.search(a) is None and _FAMILY_SUFFIX.search(b) is None:
        verdict = frequency_verdict(a, b, edit_cost(short, long))
        if verdict == "two names":
            return min(sim, WORD.two_names)
        if verdict == "typo" and len(short) >= WORD.typo_min_length:
            return max(sim, WORD.typo)
    return sim


def _edit_similarity(short: str, long: str) -> float:
    if len(long) - len(short) > WORD.max_length_gap:
        return max(0.0, WORD.gap_base - WORD.gap_step * (len(long) - len(short)))
    rate = WORD.rate if len(short) > WORD.short_length else WORD.rate_short
    return max(0.0, 1.0 - rate * edit_cost(short, long))


def word_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two skeleton words; symmetric."""
    return _word_similarity(a, b) if a <= b else _word_similarity(b, a)


NameComparison = tuple[float, tuple[tuple[str, str, float], ...]]
_Word = tuple[str, str, str]  # (skeleton, fold, role) of each word
_Words = tuple[_Word, ...]


@lru_cache(maxsize=200_000)
def _arabic_similarity(x: str, y: str, abjad: bool) -> float:
    """Romanised Arabic words: the same consonants, whatever the vowels (``Saeed``/``Said``,
    ``Harthi``/``Harithi``); ``abjad``: one side from Arabic script, compared on its
    consonants with the usual edit costs."""
    if abjad:
        a, b = consonants(x), consonants(y)
        if len(a) < 2 or len(b) < 2:
            return 0.0
        if a == b:
            return WORD.arabic_same
        return max(0.0, 1.0 - WORD.abjad_rate * edit_cost(a, b))
    if len(consonants(x)) < 2 or consonants(x) != consonants(y):
        return 0.0  # romanisations differ in vowels only: Masri/Mansouri are two names
    return WORD.arabic_same if arabic_form(x) == arabic_form(y) else WORD.arabic_vowels


def _pair_similarity(x: _Word, y: _Word, mode: str) -> float:
    sim = word_similarity(x[0], y[0])
    if sim < 1.0 and x[1] and y[1]:
        sim = max(sim, word_similarity(x[1], y[1]))
    if mode and sim < WORD.arabic_same and x[1] and y[1]:
        group_x, group_y = equivalent_group(x[0]), equivalent_group(y[0])
        if group_x is None or group_y is None or group_x == group_y:
            sim = max(sim, _arabic_similarity(*sorted((x[1], y[1])), mode == "abjad"))
    if x[2] != y[2] and "f" in (x[2], y[2]) and "g" not in (x[2], y[2]):
        sim *= NAME.role_penalty
    return sim


def _align(a: _Words, b: _Words, mode: str) -> tuple[tuple[int, int, float], ...]:
    """Best one-to-one alignment of the words of ``a`` and ``b`` (by total similarity)."""
    swap = len(a) > len(b)
    short, long = (b, a) if swap else (a, b)
    matrix = [[_pair_similarity(x, y, mode) for y in long] for x in short]
    if len(long) <= NAME.exhaustive_words:
        best: tuple[int, ...] = ()
        best_value = (-1.0, -1.0)
        for perm in permutations(range(len(long)), len(short)):
            sims = [matrix[i][j] for i, j in enumerate(perm)]
            value = (round(sum(sims), 9), min(sims))
            if value > best_value:
                best, best_value = perm, value
        pairs = [(i, j, matrix[i][j]) for i, j in enumerate(best)]
    else:
        cells = sorted(((matrix[i][j], i, j) for i in range(len(short))
                        for j in range(len(long))), reverse=True)
        used_i: set[int] = set()
        used_j: set[int] = set()
        pairs = []
        for sim, i, j in cells:
            if i not in used_i and j not in used_j:
                used_i.add(i)
                used_j.add(j)
                pairs.append((i, j, sim))
    return tuple((j, i, s) if swap else (i, j, s) for i, j, s in pairs)


def _joins(words: _Words) -> list[_Words]:
    """``abdul rahman`` → ``abdulrahman``: each adjacent pair glued once."""
    return [words[:i] + ((words[i][0] + words[i + 1][0], words[i][1] + words[i + 1][1],
                          words[i][2] if words[i][2] == words[i + 1][2] else ""),)
            + words[i + 2:] for i in range(len(words) - 1)]


def _score(a: _Words, b: _Words, organization: bool, mode: str) -> NameComparison:
    pairs = _align(a, b, mode)
    sims = [s for _, _, s in pairs]
    lowest, mean = min(sims), sum(sims) / len(sims)
    value = NAME.worst_weight * lowest + (1 - NAME.worst_weight) * mean
    used_a, used_b = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    unmatched = [w for i, w in enumerate(a) if i not in used_a] + \
        [w for j, w in enumerate(b) if j not in used_b]
    for word in unmatched:
        if organization:
            value -= NAME.missing_generic if word[2] == "g" else NAME.missing_org
        else:
            value -= NAME.missing_arabic if mode == "arabic" else NAME.missing_person
    if not organization and unmatched and min(len(a), len(b)) == 1:
        value = min(value, NAME.one_word_cap)  # one word never identifies a longer name
    detail = tuple((a[i][0], b[j][0], round(s, 3)) for i, j, s in pairs)
    return max(0.0, value), detail


def _words(name: Name) -> _Words:
    n = len(name.words)
    return tuple(zip(name.words, name.folds or ("",) * n, name.roles or ("",) * n,
                     strict=True))


def compare_names(a: Name, b: Name, organization: bool = False) -> NameComparison:
    """Similarity in [0, 1] of two parsed names, and the aligned word pairs."""
    if not a.words or not b.words:
        return 0.0, ()
    mode = "abjad" if a.abjad != b.abjad else "arabic" if a.arabic and b.arabic else ""
    words_a, words_b = _words(a), _words(b)
    best = _score(words_a, words_b, organization, mode)
    if len(words_a) != len(words_b) and max(len(words_a), len(words_b)) <= NAME.join_max_words:
        longer, shorter = (words_a, words_b) if len(words_a) > len(words_b) \
            else (words_b, words_a)
        for joined in _joins(longer):
            cand = _score(shorter, joined, organization, mode)
            if cand[0] > best[0]:
                best = cand
    return best
