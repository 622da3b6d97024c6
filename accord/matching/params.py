"""The matcher's numeric parameters, declared in one place with what each one means.

The evidence weights of the features (birth date, identifier, …) are declared with the
features themselves in :mod:`accord.matching.features`; here are the parameters of word
similarity (:mod:`.similarity`), of whole-name similarity, of the name feature and of the
gate that lets supporting evidence count only for similar names. Changing one changes
scores: run ``accord eval`` on the dev sets before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

__all__ = ["DEFAULT_THRESHOLD", "EDIT", "GATE", "NAME", "NAME_EVIDENCE", "WORD", "EditCosts",
           "Gate", "NameEvidence", "NameSimilarity", "WordSimilarity"]


DEFAULT_THRESHOLD: Final = 0.7
"""a score at or above it is a match (a caller may ask for another threshold)"""


@dataclass(frozen=True, slots=True)
class EditCosts:
    """Costs of the weighted optimal-string-alignment distance between two skeletons."""

    doubled: float = 0.3
    """a doubled letter added or dropped (``Katterina``): a keying slip"""
    transposition: float = 0.4
    """two neighbours swapped (``Jvoana``)"""
    edge: float = 1.0
    """a letter added or dropped at the start or end: endings carry gender, family and
    definiteness in the region, first letters are rarely mistyped"""
    inner_vowel: float = 0.5
    """a vowel dropped inside the word"""
    inner_consonant: float = 0.55
    """a consonant dropped inside the word (``Toić``)"""
    substitution: float = 1.0
    """a letter replaced by another (``Petrović``/``Petković``): a different name"""
    cheap: MappingProxyType[frozenset[str], float] = field(default_factory=lambda: (
        MappingProxyType({
            frozenset("cC"): 0.1, frozenset("sS"): 0.1, frozenset("zZ"): 0.1,
            frozenset("dD"): 0.12, frozenset("DJ"): 0.2, frozenset("zJ"): 0.4,
            frozenset("ij"): 0.4, frozenset("kC"): 0.5, frozenset("gD"): 0.5,
        })))
    """replacements that passports and the press fold together (ICAO 9303: ``Č``→``C``;
    ``DJ`` for Macedonian ``Џ``; ``i``/``j`` in ``Sulejman``/``Suleiman``)"""
    icao_max: float = 0.2
    """a cheap replacement up to this cost is ICAO/press folding, never a family change"""


@dataclass(frozen=True, slots=True)
class WordSimilarity:
    """Similarity of two words: ``1 − rate × cost``, and the rules tried before it."""

    rate: float = 0.15
    """similarity lost per unit of edit cost"""
    rate_short: float = 0.22
    """the same for words of at most ``short_length`` letters (a slip weighs more)"""
    short_length: int = 3
    max_length_gap: int = 3
    """words whose lengths differ by more are not edits of each other …"""
    gap_base: float = 0.5
    gap_step: float = 0.05
    """… and score ``gap_base − gap_step × length difference`` (at least 0)"""
    equivalent: float = 0.93
    """two spellings in one given-name equivalence group (``Mohammed``/``Muhamed``)"""
    distinct_names: float = 0.7
    """at most this for two names from different equivalence groups (``Hasan``/``Husein``)"""
    initial: float = 0.9
    """an initial and a word it begins (``J.``/``James``)"""
    definite: float = 0.95
    """Albanian definite form (``Agim``/``Agimi``)"""
    definite_min_length: int = 3
    particle: float = 0.93
    """a particle glued to a family name (``Vanderberghe``/``Berghe``) …"""
    particle_min_stem: int = 6
    """… when the bare family name has at least this many letters"""
    typo: float = 0.9
    """a spelling that is not an attested name, one edit from an attested one: a typo of it
    (``Parkar``/``Parker``); see :mod:`.morphology`"""
    typo_min_length: int = 6
    """only words this long: shorter names are dense, one letter is often another name
    missing from the lists (``Patil``/``Patel``, ``Naik``/``Nair``)"""
    two_names_min_length: int = 4
    typo_max_cost: float = 1.05
    """"one edit": at most this edit cost"""
    two_names: float = 0.8
    """at most this for two attested names one edit apart (``Parker``/``Barker``)"""
    other_family: float = 0.85
    """at most this for a consonant changed before a family suffix (``Lukić``/``Lučić``)"""
    arabic_same: float = 0.95
    """romanised Arabic words with the same spelling after merging (``Hicham``/``Hisham``),
    or the same consonant skeleton against Arabic script"""
    arabic_vowels: float = 0.92
    """romanised Arabic words that differ in their vowels only (``Saeed``/``Said``)"""
    abjad_rate: float = 0.2
    """similarity lost per unit of edit cost between consonant skeletons (Arabic script)"""


@dataclass(frozen=True, slots=True)
class NameSimilarity:
    """How word similarities make a whole name's similarity."""

    worst_weight: float = 0.8
    """``worst_weight × worst aligned word + (1 − worst_weight) × mean``: a name is as good
    as its worst word"""
    missing_person: float = 0.08
    """subtracted per word of a person's name left unaligned"""
    missing_arabic: float = 0.03
    """the same between Arabic names (nasab chains are often cut short)"""
    missing_org: float = 0.15
    """subtracted per word of an organisation's name left unaligned"""
    missing_generic: float = 0.03
    """the same for a generic word (``Group``, ``Holding``…)"""
    role_penalty: float = 0.5
    """factor for a father's name aligned with a given or family name"""
    one_word_cap: float = 0.8
    """at most this when one word is all one side has of a person with more names"""
    exhaustive_words: int = 5
    """names up to this many words are aligned exhaustively, longer ones greedily"""
    join_max_words: int = 4
    """adjacent words are also tried glued (``Abdul Rahman``) in names up to this long"""


@dataclass(frozen=True, slots=True)
class NameEvidence:
    """The name feature's log-odds: ``slope × (similarity − threshold)``."""

    threshold: float = 0.88
    """name similarity that alone lands exactly on the default score threshold"""
    slope: float = 12.0
    """log-odds per unit of similarity at or above ``threshold``"""
    slope_below: float = 30.0
    """log-odds per unit of similarity below ``threshold``"""
    floor: float = -5.0
    """different names: strong, not unbounded, counter-evidence"""
    floor_partial: float = -3.0
    """the floor when one word pair matches well (same family, another given name)"""
    partial_word: float = 0.85
    """a word pair at least this similar "matches well\""""


@dataclass(frozen=True, slots=True)
class Gate:
    """Supporting evidence counts only for a similar name (see :mod:`.score`)."""

    width: float = 0.05
    """positive supporting weight fades to zero as the name similarity drops this far
    below ``NameEvidence.threshold``"""
    near_identifier: float = 0.75
    """how far an identifier one keystroke away opens the gate (a same one: fully)"""


EDIT: Final = EditCosts()
WORD: Final = WordSimilarity()
NAME: Final = NameSimilarity()
NAME_EVIDENCE: Final = NameEvidence()
GATE: Final = Gate()
