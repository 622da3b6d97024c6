"""Justifications: one normal form, one rule, for every place that takes one (API, web, CLI).

A justification is free text an auditor reads later, so what is stored must be what a person
sees: ``normalise`` applies NFKC, removes control, format, private-use and unassigned
characters and the invisible "fillers" that are letters or symbols to Unicode (U+200B, NUL,
U+2060, U+FEFF, U+3164, U+2800, …), and collapses every run of white space to one space.
``require`` then wants at least ``MIN_LENGTH`` characters of which at least ``MIN_WORDY``
are letters or digits — five zero-width spaces, NULs or "....." are not a reason.
"""

from __future__ import annotations

import unicodedata

from accord.core.errors import InvalidInput

__all__ = ["MIN_LENGTH", "MIN_WORDY", "normalise", "optional", "require"]

MIN_LENGTH = 5
MIN_WORDY = 3  # letters or digits
MAX_LENGTH = 2000

# Cc control, Cf format (U+200B–U+200F, U+2060, U+FEFF, bidi controls), Cs surrogates,
# Co private use, Cn unassigned; Zl/Zp line and paragraph separators become spaces.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Characters that render as nothing but are letters or symbols to Unicode.
_INVISIBLE = frozenset(
    {
        "\u115f", "\u1160", "\u3164", "\uffa0",  # Hangul fillers
        "\u2800",  # braille blank
        "\u180e",  # Mongolian vowel separator (Cf in old tables)
        "\u034f",  # combining grapheme joiner
        "\u17b4", "\u17b5",  # Khmer inherent vowels
    }
)


def _kept(char: str) -> str:
    if char in _INVISIBLE:
        return ""
    category = unicodedata.category(char)
    if char in "\t\n\r" or category in {"Zs", "Zl", "Zp"}:
        return " "
    if category in _DROPPED_CATEGORIES:
        return ""
    if category == "Mn" and unicodedata.combining(char) == 0 and "VARIATION" in unicodedata.name(
        char, ""
    ):
        return ""  # variation selectors
    return char


def normalise(text: str | None) -> str:
    """The text as stored: NFKC, invisible characters removed, white space collapsed."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    cleaned = "".join(_kept(char) for char in folded)
    return " ".join(cleaned.split())[:MAX_LENGTH]


def _wordy(text: str) -> int:
    return sum(1 for char in text if unicodedata.category(char)[0] in {"L", "N"})


def require(text: str | None, what: str) -> str:
    """The normalised justification, or 422 naming ``justification`` when it says nothing."""
    reason = normalise(text)
    if len(reason) < MIN_LENGTH or _wordy(reason) < MIN_WORDY:
        raise InvalidInput(
            f"{what} needs a justification (at least {MIN_LENGTH} visible characters, "
            f"{MIN_WORDY} of them letters or digits)",
            details=[{"field": "justification", "message": "required"}],
        )
    return reason


def optional(text: str | None) -> str:
    """A justification given where none is required (own data): normalised, maybe empty."""
    return normalise(text)
