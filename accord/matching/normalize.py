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

__all__ = ["arabic_form", "block_key", "consonants", "fold", "is_arabic", "latinize", "skeleton",
           "split_words"]

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š", "ѓ": "ǵ", "ќ": "ḱ",
    "ѕ": "dz", "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "щ": "šč", "ъ": "",
    "ь": "", "ё": "e", "є": "je", "і": "i", "ї": "ji", "ґ": "g", "ў": "u",
}
# Arabic (and Persian) letters: consonants as in common English/French romanisation, long
# vowels as vowels, hamza dropped, ``ع`` as ``a`` (it is usually heard as a vowel:
# ``عمر`` Umar, ``علي`` Ali). Short vowels are not written; :mod:`.similarity` compares
# words from Arabic script on their consonants (see ``consonants``).
_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ب": "b",
    "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ة": "a", "و": "u", "ي": "i", "ى": "a", "ـ": "", "َ": "a", "ِ": "i", "ُ": "u",
    "ً": "", "ٍ": "", "ٌ": "", "ّ": "", "ْ": "", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g",
    "ک": "k", "ی": "i",
}
_LATIN_TABLE = str.maketrans({**_CYRILLIC, **_ARABIC})
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
    ("tz", "c"), ("ts", "c"),
    ("x", "ks"), ("w", "v"), ("y", "i"), ("ë", "e"), ("ü", "ue"), ("ö", "oe"), ("ä", "ae"),
    ("ø", "oe"), ("æ", "ae"), ("œ", "oe"), ("å", "aa"), ("ł", "l"), ("ß", "ss"), ("þ", "th"),
    ("ı", "i"), ("ll", "l"), ("rr", "r"),
)
_SOUND_RE = re.compile("|".join(re.escape(k) for k, _ in _SOUNDS))
_SOUND_MAP = dict(_SOUNDS)
_KEEP = frozenset("abcdefghijklmnopqrstuvwxyzDJCSZ0123456789")
_DOUBLE_RE = re.compile(r"(.)\1+")
_BLOCK_TABLE = str.maketrans({"D": "d", "J": "d", "C": "c", "S": "s", "Z": "z"})
_IJ_RE = re.compile(r"ij(?=[aeou]|$)|ii")  # Julija/Yulia, Dmitrij/Dmitriy/Dmitri
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
    return _IJ_RE.sub("i", "".join(ch for ch in text if ch in _KEEP))


def is_arabic(text: str) -> bool:
    """Whether ``text`` contains Arabic-script letters."""
    return not text.isascii() and any("\u0600" <= ch <= "\u06ff" for ch in text)


_ARABIC_FORM = (("ch", "sh"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("dj", "j"),
                ("gh", "g"), ("kh", "h"), ("th", "t"), ("dh", "d"), ("y", "i"), ("w", "v"),
                ("e", "i"), ("o", "u"), ("ei", "i"), ("ai", "ai"))
_ARABIC_FORM_RE = re.compile("|".join(re.escape(k) for k, _ in _ARABIC_FORM))
_ARABIC_FORM_MAP = dict(_ARABIC_FORM)


@lru_cache(maxsize=200_000)
def arabic_form(folded: str) -> str:
    """Romanised Arabic word in one spelling: ``Hicham``/``Hisham``, ``Kassem``/``Qasim``,
    ``Youssef``/``Yusuf``: French and English digraphs merged, ``e``→``i``, ``o``→``u``
    (Arabic has three vowels), doubled letters and a final ``-h``/``-e`` dropped."""
    text = _ARABIC_FORM_RE.sub(lambda m: _ARABIC_FORM_MAP[m.group(0)], folded)
    text = _DOUBLE_RE.sub(r"\1", text)
    if len(text) > 3 and text[-1] in "hi" and text[-2] in "aiu" and text[-1] != text[-2]:
        text = text[:-1] if text[-1] == "h" else text
    return text


@lru_cache(maxsize=200_000)
def consonants(folded: str) -> str:
    """Consonant skeleton of a romanised Arabic word (short vowels are not written in
    Arabic script; ``v`` from ``w``/``و`` and a final ``h`` are dropped too)."""
    text = arabic_form(folded)
    text = "".join(ch for ch in text if ch not in "aiuv")
    return text[:-1] if len(text) > 2 and text.endswith("h") else text


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
