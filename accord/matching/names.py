"""Parse a name into comparable parts.

A :class:`Name` holds the skeletons (see :mod:`accord.matching.normalize`) of its
words, which of them is the family name, and — for organisations — the canonical
legal form that was recognised and removed from the words (``d.o.o.``→``llc``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from accord.matching.lexicon import GIVEN_NAME_GROUPS, LEGAL_FORMS, PERSON_STOPWORDS
from accord.matching.normalize import fold, is_arabic, latinize, skeleton, split_words
from accord.matching.orgforms import prepare_org_name
from accord.matching.parts import expand_long_forms, org_parts, person_parts

__all__ = ["Name", "equivalent_group", "legal_form", "parse_name"]

# Prefix of the skeleton of a word written in Arabic script: its transliteration
# (``عمر``→``amr``) must not be mistaken for a Latin spelling.
ABJAD_MARK = "_"


@lru_cache(maxsize=1)
def _equivalents() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in GIVEN_NAME_GROUPS:
        canonical = skeleton(group[0])
        for name in group:
            mark = ABJAD_MARK if is_arabic(name) else ""
            table.setdefault(mark + skeleton(name), canonical)
            words = person_parts(name)[0]  # Abdallah -> abdullah, عبد الله -> abdullh
            if len(words) == 1:
                table.setdefault(mark + skeleton(words[0]), canonical)
    return table


def equivalent_group(skel: str) -> str | None:
    """Canonical skeleton of the given-name equivalence group of ``skel``, if any."""
    return _equivalents().get(skel)


def legal_form(word: str) -> str | None:
    """Canonical legal form (``llc``, ``jsc``, ``corp``, ``foundation``, ``association``)."""
    decomposed = unicodedata.normalize("NFD", latinize(word))
    return LEGAL_FORMS.get("".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()))


@dataclass(frozen=True, slots=True)
class Name:
    """A parsed name: skeleton words, the family-name positions, and the legal form."""

    raw: str
    words: tuple[str, ...]
    family: frozenset[int]
    legal: str | None = None
    folds: tuple[str, ...] = ()  # :func:`~accord.matching.normalize.fold` of each word
    roles: tuple[str, ...] = ()  # per word: "g" generic company word, "f" father's name
    arabic: bool = False  # Arabic name elements (bin, al-, Abd…) or Arabic script
    abjad: bool = False  # written in Arabic script (short vowels missing)


def _join_initials(words: list[str]) -> list[str]:
    """``d. o. o.`` → ``d.o.o.``: glue runs of one-letter words (organisation names)."""
    out: list[str] = []
    run: list[str] = []
    for word in words + [""]:
        if word and len(word.strip(".")) == 1:
            run.append(word)
            continue
        if len(run) > 1:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


@lru_cache(maxsize=200_000)
def parse_name(raw: str, organization: bool = False) -> Name:
    """Parse ``raw`` into a :class:`Name`.

    Family name: the part before a comma (``Tomić, Radoslav``), else an all-capitals
    word in a mixed-case name (``PETROVIĆ Radovan``), else the last word.
    """
    head, comma, tail = raw.partition(",")
    text = f"{tail} {head}" if comma and tail.strip() and not organization else raw
    legal: str | None = None
    father: frozenset[int] = frozenset()
    generic: frozenset[int] = frozenset()
    arabic = False
    if organization:
        kept: list[str] = []
        for word in _join_initials(split_words(expand_long_forms(prepare_org_name(text)))):
            form = legal_form(word)
            if form is not None and (kept or legal is None):
                legal = legal or form
                continue
            kept.append(word)
        words, generic = org_parts(kept)
    else:
        words, father, arabic = person_parts(text)
    skels: list[str] = []
    folds: list[str] = []
    capitals: list[int] = []
    roles: list[str] = []
    for i, word in enumerate(words):
        skel = skeleton(word)
        if skel and is_arabic(word):  # Arabic-script words look up their own forms
            skel = ABJAD_MARK + skel
        if not skel or (not organization and skel in PERSON_STOPWORDS and len(words) > 2):
            continue
        if word.isupper() and len(word) > 1:
            capitals.append(len(skels))
        skels.append(skel)
        folds.append(fold(word))
        roles.append("g" if i in generic else "f" if i in father else "")
    abjad = is_arabic(raw)
    if not skels:
        return Name(raw, (), frozenset(), legal)
    if comma and not organization:
        n_family = len(split_words(head))
        family = frozenset(range(max(0, len(skels) - n_family), len(skels)))
    elif capitals and len(capitals) < len(skels):
        family = frozenset(capitals)
    else:
        family = frozenset({len(skels) - 1})
    return Name(raw, tuple(skels), family, legal, tuple(folds), tuple(roles),
                arabic or abjad, abjad)
