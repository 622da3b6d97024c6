"""Transliteration tables for *generating* name variants (not for matching).

The matcher (``accord.matching.normalize``) keeps its own tables on purpose: if both
sides used the same code, a bug in it would make the evaluation data agree with the
matcher and hide the bug.

Pivot: every Slavic name goes through Cyrillic (Serbian Latin is first converted to
Serbian Cyrillic, which is lossless for names), then out to one of the Latin
orthographies below. Albanian names go to Serbian Cyrillic through :func:`albanian_to_cyrillic`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "CYRILLIC_TARGETS",
    "albanian_to_cyrillic",
    "cyrillic_to",
    "fold_latin",
    "gaj_to_cyrillic",
    "has_cyrillic",
    "to_cyrillic",
]

_GAJ_TO_CYR = {
    "dž": "џ", "lj": "љ", "nj": "њ",
    "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д", "đ": "ђ", "e": "е",
    "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "š": "ш", "t": "т", "u": "у",
    "v": "в", "z": "з", "ž": "ж",
}  # fmt: skip

# Albanian orthography heard as Serbian: xh = џ, gj = ђ, q = ћ, ç = ч, x = дз, y = и.
_SQ_TO_CYR = {
    "xh": "џ", "gj": "ђ", "sh": "ш", "zh": "ж", "dh": "д", "th": "т", "nj": "њ",
    "ll": "л", "rr": "р", "ç": "ч", "q": "ћ", "x": "дз", "y": "и", "ë": "е",
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х",
    "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "z": "з",
}  # fmt: skip

_CYR_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "љ": "lj", "њ": "nj",
}  # fmt: skip

# The letters that differ between the Latin targets: ђ ѓ ж ѕ ћ ќ ч џ ш.
_TARGET_SPECIFIC: dict[str, dict[str, str]] = {
    # Serbian/Croatian/Bosnian Latin; Macedonian ѓ/ќ as Serbian press writes them.
    "gaj": {"ђ": "đ", "ѓ": "đ", "ж": "ž", "ѕ": "dz", "ћ": "ć", "ќ": "ć", "ч": "č",
            "џ": "dž", "ш": "š"},
    # North Macedonia's official romanisation (passports, 2008 standard).
    "mk_official": {"ђ": "gj", "ѓ": "gj", "ж": "zh", "ѕ": "dz", "ћ": "kj", "ќ": "kj",
                    "ч": "ch", "џ": "dzh", "ш": "sh"},
    # Macedonian scholarly Latin (ISO 9 style).
    "mk_scholarly": {"ђ": "đ", "ѓ": "ǵ", "ж": "ž", "ѕ": "dz", "ћ": "ć", "ќ": "ḱ",
                     "ч": "č", "џ": "dž", "ш": "š"},
    # Slavic names in Albanian orthography: Petrović → Petroviq, Hodžić → Hoxhiq.
    "albanian": {"ђ": "gj", "ѓ": "gj", "ж": "zh", "ѕ": "x", "ћ": "q", "ќ": "q",
                 "ч": "ç", "џ": "xh", "ш": "sh"},
    # ASCII forms of the press and of older databases: Đorđević → Djordjevic.
    "press": {"ђ": "dj", "ѓ": "gj", "ж": "z", "ѕ": "dz", "ћ": "c", "ќ": "kj", "ч": "c",
              "џ": "dz", "ш": "s"},
}  # fmt: skip

CYRILLIC_TARGETS: tuple[str, ...] = tuple(_TARGET_SPECIFIC)

# ICAO 9303 machine-readable zone: Latin diacritics folded to their base letter.
_FOLD = str.maketrans(
    {"đ": "d", "Đ": "D", "č": "c", "Č": "C", "ć": "c", "Ć": "C", "š": "s", "Š": "S",
     "ž": "z", "Ž": "Z", "ë": "e", "Ë": "E", "ç": "c", "Ç": "C", "ǵ": "g", "Ǵ": "G",
     "ḱ": "k", "Ḱ": "K"}
)  # fmt: skip


def _pattern(keys: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted((re.escape(k) for k in keys), key=len, reverse=True)))


def _cased(table: dict[str, str]) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """A regex + replacer that maps ``table`` (lower-case keys) keeping the source case."""
    pattern = re.compile(_pattern(list(table)).pattern, re.IGNORECASE)

    def replace(match: re.Match[str]) -> str:
        src = match.group(0)
        out = table[src.lower()]
        if src.isupper():
            # A lone capital of a digraph (Lj, Nj, Dž) is title case, unless the word is caps.
            return out.upper() if len(src) > 1 or len(out) == 1 else out.capitalize()
        if src[0].isupper():
            return out.capitalize()
        return out

    return pattern, replace


_GAJ = _cased(_GAJ_TO_CYR)
_SQ = _cased(_SQ_TO_CYR)
_TARGETS = {
    name: _cased({**_CYR_COMMON, **specific}) for name, specific in _TARGET_SPECIFIC.items()
}
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")


def _apply(rule: tuple[re.Pattern[str], Callable[[re.Match[str]], str]], text: str) -> str:
    pattern, replace = rule
    out = pattern.sub(replace, text)
    # All-caps words keep all-caps digraphs (ЉУБА → LJUBA, not LjUBA).
    if text.isupper() and len(text) > 1:
        return out.upper()
    return out


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC_RE.search(text) is not None


def gaj_to_cyrillic(text: str) -> str:
    """Serbian Latin → Serbian Cyrillic (``Ljubomir Đorđević`` → ``Љубомир Ђорђевић``)."""
    return _apply(_GAJ, text)


def albanian_to_cyrillic(text: str) -> str:
    """Albanian orthography → Serbian Cyrillic (``Krasniqi`` → ``Краснићи``)."""
    return _apply(_SQ, text)


def to_cyrillic(text: str, community: str) -> str:
    """Any name of ``community`` to Cyrillic; Cyrillic input is returned unchanged."""
    if has_cyrillic(text):
        return text
    if community == "sq":
        return albanian_to_cyrillic(text)
    return gaj_to_cyrillic(text)


def cyrillic_to(text: str, target: str) -> str:
    """Cyrillic → one of :data:`CYRILLIC_TARGETS`; Latin characters pass through."""
    return _apply(_TARGETS[target], text)


def fold_latin(text: str) -> str:
    """Drop Latin diacritics the ICAO 9303 way: ``ĐORĐEVIĆ`` → ``DORDEVIC``."""
    return text.translate(_FOLD)
