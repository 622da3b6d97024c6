"""Name parts that are not names: titles, particles, Arabic name elements, generic
company words.

Persons (:func:`person_parts`):

* **titles** (``Dr.``, ``Mr``, ``Prof.``, ``Sheikh``, ``Hajji``…) are dropped;
* **Arabic name elements** — the article (``al-``, ``el-``, ``Al``, ``ash-``, ``ال``) is
  dropped; ``bin``/``ibn``/``ben``/``bint``/``b.``/``ould`` are dropped and the word after
  them is marked as the *father's* name (``Faisal bin Turki`` ≠ ``Turki bin Faisal``);
  ``Abu``/``Abou`` is glued to the next word (``Abu Bakr``→``abubakr``); ``Abd al-Karim``,
  ``Abdul Karim``, ``Abdelkarim``, ``Abderrahmane`` become one word ``abdul…``;
  ``Nasr al-Din``, ``Nasruddin``, ``Nasreddine`` become ``nasrudin``.  Any of these marks
  the name as *Arabic*, which makes vowels cheap in :mod:`.similarity`;
* **Western particles** (``van der``, ``von``, ``de``, ``di``…) are dropped when other
  words remain; ``Mc``/``Mac`` are glued to the next word (``Mc Allister``→``mcallister``).

Organisations (:func:`org_parts`): ``The`` and connectives (``and``, ``&``, ``i``, ``dhe``,
``und``, ``et``) are dropped; abbreviations are expanded (``Intl``, ``Int'l``, ``Co.``,
``Bros.``); generic words (``Company``/``Kompanija``/``Shoqëria``/``Društvo``,
``Group``/``Grupa``, ``Holding(s)``, ``International``, ``Trading``/``Tregtare``,
``Invest``, ``Services``, ``Solutions``, ``Oil``, ``Bank``…) are canonicalised and marked,
so that a missing generic word costs little while two different generic words still
disagree (``Balkan Trading`` ≠ ``Balkan Invest``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from accord.matching.lexicon import (
    CONNECTIVES,
    GENERIC_WORDS,
    LONG_FORMS,
    TITLES,
    particles_of,
)
from accord.matching.normalize import latinize, split_words
from accord.matching.orgforms import singular

__all__ = ["expand_long_forms", "org_parts", "person_parts"]

_FATHER = particles_of("patronymic")
_ARTICLES = particles_of("article")
_DROP_PARTICLES = particles_of("western")
_GLUE = particles_of("prefix")
_ABD = re.compile(r"^abd(?:[aeiou]+(?:l|(?P<sun>[rsdtzn])(?=(?P=sun))))?(?P<rest>.*)$")
_ABD_BARE = frozenset({"abd", "abdul", "abdel", "abdal", "abdoul", "abdol", "abdur", "abder",
                       "abdar", "abdu"})
_DIN = re.compile(r"^(?P<stem>.{3,}?)[aeiou]?d{1,2}(?:in|ine|een)$")
_DIN_WORDS = frozenset({"din", "dine", "deen", "ddin", "uddin", "eddine", "addin", "eddin"})
_HYPHEN_ARTICLE = re.compile(r"(?i)(?<![\w'])(?:[aeu](?:l|sh|s|d|t|r|z|n))-(?=\w)")
_ARABIC_ARTICLE = re.compile(r"(?:^|(?<=\s))ال(?=\S{2})")


@lru_cache(maxsize=200_000)
def _plain(word: str) -> str:
    text = unicodedata.normalize("NFD", latinize(word).replace("đ", "dj"))
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def person_parts(raw: str) -> tuple[list[str], frozenset[int], bool]:
    """Words of a person's name with titles/particles resolved, the positions of the
    father's names, and whether the name has Arabic elements."""
    text = _ARABIC_ARTICLE.sub("al ", raw)
    text = _HYPHEN_ARTICLE.sub("al ", text)
    tokens = split_words(text)
    plain = [_plain(t) for t in tokens]
    arabic = text != raw
    has_article = arabic or any(p in _ARTICLES for p in plain[1:])
    out: list[str] = []
    father: set[int] = set()
    mark_father = glue = False
    for i, (token, word) in enumerate(zip(tokens, plain, strict=True)):
        last = i == len(tokens) - 1
        if word in TITLES and not last:
            continue
        if i and not last and (word in _FATHER or (word == "b" and has_article)):
            mark_father = arabic = True
            continue
        if i and not last and word in _ARTICLES:
            arabic = True
            continue
        if i and not last and word in _DROP_PARTICLES and len(tokens) > 2:
            continue
        if word in _DIN_WORDS and out:
            out[-1] = _plain(out[-1]) + "udin"
            arabic = True
            continue
        if glue:
            out[-1] = _plain(out[-1]) + word
            glue = False
        elif not last and (word in _GLUE or word in _ABD_BARE):
            out.append("abdul" if word in _ABD_BARE else word)
            arabic = arabic or word not in {"mc", "mac"}
            glue = True
            continue
        else:
            out.append(token)
        if mark_father:
            father.add(len(out) - 1)
            mark_father = False
    words = []
    for word in out:
        plain_word = _plain(word)
        abd = _ABD.match(plain_word) if plain_word.startswith("abd") else None
        din = _DIN.match(plain_word) if len(plain_word) > 6 else None
        if abd is not None and len(abd.group("rest")) >= 3:
            word, arabic = "abdul" + abd.group("rest"), True
        elif din is not None and plain_word.endswith(("ddin", "ddine", "ddeen")):
            word, arabic = din.group("stem") + "udin", True
        words.append(word)
    return words, frozenset(father), arabic


def org_parts(words: list[str]) -> tuple[list[str], frozenset[int]]:
    """Words of an organisation's name with ``The``/connectives dropped, abbreviations
    expanded and generic words canonicalised; and the positions of generic words."""
    out: list[str] = []
    generic: set[int] = set()
    for word in words:
        plain = _plain(word)
        if plain in CONNECTIVES and len(words) > 1:
            continue
        canonical = GENERIC_WORDS.get(plain)
        if canonical is not None:
            generic.add(len(out))
            out.append(canonical)
        else:
            out.append(singular(word))
    return out, frozenset(generic)


def expand_long_forms(raw: str) -> str:
    """``Public Joint Stock Company``→``JSC``, ``Limited Liability Company``→``LLC``."""
    for pattern, short in LONG_FORMS:
        raw = pattern.sub(short, raw)
    return raw
