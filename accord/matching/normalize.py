"""Script folding for names of the Western Balkans and beyond.

Every spelling of a name is reduced in two steps:

1. :func:`latinize` turns any Cyrillic letter into Serbian/Macedonian Latin with
   diacritics (``Љ``→``lj``, ``Ђ``→``đ``, ``Ѓ``→``ǵ``, ``Ѕ``→``dz``).  It works per
   character, so mixed tokens (``Хоxхај``) are handled too.
2. :func:`skeleton` maps the Latin spelling to a *comparison skeleton*: one
   lower-case symbol per sound class, whatever the orthography that wrote it.

   ======  =======================================================================
   symbol  spellings
   ======  =======================================================================
   ``D``   đ, dj, gj, ǵ (Serbian/Macedonian/Albanian/press forms of /dʑ/)
   ``J``   dž, xh, dzh, dz, ѕ (/dʒ/ and /dz/)
   ``C``   ć, č, ç, q, ḱ, kj, ch, tch (/tʃ/, /tɕ/, /c/)
   ``S``   š, sh, sch, ş
   ``Z``   ž, zh
   ======  =======================================================================

   ``y``→``i``, ``x``→``ks``, ``w``→``v``, ``ph``→``f``, ``th``→``t``, ``dh``→``d``,
   ``kh``→``h``, ``ll``→``l``, ``rr``→``r``, ``ë``→``e``; other diacritics are dropped.
   The skeleton keeps ``c``/``C``, ``s``/``S`` … apart;
   :mod:`accord.matching.similarity` treats those pairs as cheap substitutions
   (ICAO 9303 folds ``Č``→``C``) and :func:`block_key` merges them for candidate
   generation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["block_key", "fold", "latinize", "skeleton", "split_words"]

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š", "ѓ": "ǵ", "ќ": "ḱ",
    "ѕ": "dz", "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "щ": "šč", "ъ": "",
    "ь": "", "ё": "e", "є": "je", "і": "i", "ї": "ji", "ґ": "g", "ў": "u",
}
_LATIN_TABLE = str.maketrans(_CYRILLIC)
# ``x`` is left alone: in Cyrillic text it is the residue of the Albanian ``xh``.
_HOMOGLYPHS = str.maketrans("ABEKMHOPCTYaeopcyij", "АВЕКМНОРСТУаеорсуіј")

# Ordered: longer spellings first.  Applied to lower-case NFC text.
_SOUNDS: tuple[tuple[str, str], ...] = (
    ("dzh", "J"), ("dž", "J"), ("xh", "J"), ("dz", "J"),
    ("ǵ", "D"), ("gj", "D"), ("đ", "D"), ("dj", "D"),
    ("ḱ", "C"), ("kj", "C"), ("ć", "C"), ("č", "C"), ("ç", "C"),
    ("tch", "C"), ("ch", "C"), ("q", "C"),
    ("sch", "S"), ("sh", "S"), ("š", "S"), ("ş", "S"),
    ("zh", "Z"), ("ž", "Z"),
    ("ph", "f"), ("th", "t"), ("dh", "d"), ("kh", "h"), ("ck", "k"),
    ("x", "ks"), ("w", "v"), ("y", "i"), ("ë", "e"), ("ü", "ue"), ("ö", "oe"), ("ä", "ae"),
    ("ı", "i"), ("ll", "l"), ("rr", "r"),
)
_SOUND_RE = re.compile("|".join(re.escape(k) for k, _ in _SOUNDS))
_SOUND_MAP = dict(_SOUNDS)
_KEEP = frozenset("abcdefghijklmnopqrstuvwxyzDJCSZ0123456789")
_DOUBLE_RE = re.compile(r"(.)\1+")
_BLOCK_TABLE = str.maketrans({"D": "d", "J": "d", "C": "c", "S": "s", "Z": "z"})
_SPLIT_RE = re.compile(r"[^\w.']+|_")


@lru_cache(maxsize=200_000)
def latinize(text: str) -> str:
    """Lower-case ``text`` and write its Cyrillic letters in Latin (with diacritics).

    In a mostly Cyrillic word, Latin look-alikes (``y`` for ``у``, ``c`` for ``с``) are
    read as the Cyrillic letters they imitate.
    """
    n_cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    if n_cyrillic and n_cyrillic * 2 > sum(1 for ch in text if ch.isalpha()):
        text = text.translate(_HOMOGLYPHS)
    return unicodedata.normalize("NFC", text.lower()).translate(_LATIN_TABLE)


@lru_cache(maxsize=400_000)
def skeleton(word: str) -> str:
    """Comparison skeleton of one word (see module docstring). May be empty."""
    text = _SOUND_RE.sub(lambda m: _SOUND_MAP[m.group(0)], latinize(word))
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if ch in _KEEP)


@lru_cache(maxsize=400_000)
def fold(word: str) -> str:
    """Latin letters without diacritics and without digraph rules (``Hoždić``→``hozdic``).

    A second view of a word for typos that break a digraph (``Gsahi`` for ``Gashi``).
    """
    text = unicodedata.normalize("NFD", latinize(word).replace("đ", "dj"))
    return "".join(ch for ch in text if "a" <= ch <= "z" or "0" <= ch <= "9")


@lru_cache(maxsize=400_000)
def block_key(skel: str) -> str:
    """Coarse key for candidate generation: merges ``c/C``, ``s/S``, ``z/Z``, ``d/D/J``
    and collapses doubled letters."""
    return _DOUBLE_RE.sub(r"\1", skel.translate(_BLOCK_TABLE))


def split_words(text: str) -> list[str]:
    """Split a name into words on spaces, punctuation (except inner dots) and hyphens."""
    return [w for w in _SPLIT_RE.split(text) if w and w not in {".", "'"}]
