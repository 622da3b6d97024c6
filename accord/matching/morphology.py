"""Rules that carry linguistic evidence, instead of tables that remember pairs.

All work on skeletons (:func:`~accord.matching.normalize.skeleton`), whose vowels are
``a e i o u``.

* **Albanian definite forms of ``-i`` stems** (:func:`albanian_definite`): masculine
  nouns ending in stressed ``-i`` (like those ending in ``-k``, ``-g``, ``-h``) take
  ``-u`` in the definite form (*Buzuku, Gramatika e gjuhës shqipe*, Academy of Sciences
  of Albania 2002, §the definite article of nouns), so ``Sejdi``/``Sejdiu``,
  ``Avdi``/``Avdiu`` are one name; other stems take ``-i`` (``Agim``/``Agimi``), and a
  final ``-ë`` becomes ``-i``.
* **One name in Bosnian, Albanian and Turkish form** (:func:`regional_form`): the
  Bosnian ``-ija`` of names of Arabic origin is Albanian ``-i``/``-iu``/``-ije`` and
  Turkish ``-iye`` (``Avdija``/``Avdiu``, ``Hajrija``/``Hajrije``/``Hayriye``); a Bosnian
  feminine ``-a`` is Albanian and Turkish ``-e`` (``Emina``/``Emine``). Turkish ``c`` is
  the sound of Bosnian ``dž`` and Albanian ``xh`` (``Cemal``/``Džemal``/``Xhemal``) and
  Turkish devoices a final ``d``/``b`` (``Mirsat``/``Mirsad``, ``Recep``/``Redžeb``); these
  two are cheap edits (:data:`REGIONAL_PAIRS`, :data:`FINAL_DEVOICING`).
* **Frequency awareness** (:func:`attested`): two *attested* names one edit apart are two
  names (``Parker``/``Barker``, ``Schulz``/``Schulze``); a spelling that is not attested
  and lies one edit from an attested name is most likely a typo of it (``Parkar``).
  Attested names are read from ``attested_names.json`` (US Census 1990 name files and
  the region's name lists).
"""

from __future__ import annotations

from functools import lru_cache

from accord.matching.lexicon import ATTESTED_NAMES, REGIONAL_NAMES
from accord.matching.normalize import fold, skeleton

__all__ = ["FINAL_DEVOICING", "REGIONAL_PAIRS", "albanian_definite", "attested",
           "frequency_verdict", "regional_form"]

REGIONAL_PAIRS: dict[frozenset[str], float] = {frozenset("cJ"): 0.3}
"""Turkish ``c`` = Bosnian ``dž`` = Albanian ``xh`` (one sound, three orthographies)"""
FINAL_DEVOICING: dict[frozenset[str], float] = {frozenset("dt"): 0.3, frozenset("bp"): 0.3}
"""Turkish writes a final voiced stop devoiced (``Mirsat``, ``Recep``, ``Mehmet``)"""
_VOWELS = frozenset("aeiou")


def albanian_definite(short: str, long: str) -> bool:
    """``long`` is the Albanian definite form of ``short`` (``Agim``/``Agimi``,
    ``Sejdi``/``Sejdiu``, ``Miku``, ``Dritëroi``, ``-ë``→``-i``)."""
    if len(short) < 3:
        return False
    if long == short + "i" and short[-1] not in "ai":
        return True
    if long == short + "u" and short[-1] in "kghi":
        return True
    return short[-1] == "e" and long == short[:-1] + "i" and len(short) > 3


def regional_form(a: str, b: str) -> bool:
    """``a`` and ``b`` are the Bosnian, Albanian or Turkish form of one name:
    ``-ia``/``-iu``/``-i``/``-ie`` after the same stem (``Avdija``/``Avdiu``/``Avdi``,
    ``Hajrija``/``Hajrije``), or a feminine ``-a``/``-e`` (``Emina``/``Emine``)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4:
        return False
    if long == short + "a" and short[-1] == "i":  # Avdi / Avdija
        return True
    if len(long) != len(short) or short[:-1] != long[:-1]:
        return False
    ends = frozenset((short[-1], long[-1]))
    if ends == frozenset("ae"):
        return short[-2] not in _VOWELS or short[-2] == "i"
    return short[-2] == "i" and ends <= frozenset("aeu")


@lru_cache(maxsize=1)
def _attested_skeletons() -> frozenset[str]:
    return frozenset(form for name in ATTESTED_NAMES for form in (skeleton(name), fold(name)))


def attested(skel: str) -> bool:
    """``skel`` is the skeleton (or plain fold) of an attested name."""
    return skel in _attested_skeletons()


@lru_cache(maxsize=1)
def _regional_skeletons() -> frozenset[str]:
    return frozenset(form for name in REGIONAL_NAMES for form in (skeleton(name), fold(name)))


def frequency_verdict(a: str, b: str, cost: float) -> str:
    """``"two names"`` when ``a`` and ``b`` are both attested and one real edit apart
    (``0.5 ≤ cost ≤ 1.05``: not a doubled letter or a press folding); ``"typo"`` when one
    is attested, the other is not and the edit is a full one (``cost ≥ 1``), unless a
    word is the region's (whose lists are too short to call a name unattested) or ends
    in the Albanian family suffix ``-aj`` or the feminine ``-a``; else ``""``."""
    if not 0.5 <= cost <= 1.05:
        return ""
    known_a, known_b = attested(a), attested(b)
    if known_a and known_b:
        return "two names"
    if known_a == known_b or cost < 1.0:
        return ""
    regional = _regional_skeletons()
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if a in regional or b in regional or long == short + "a" or long.endswith("aj"):
        return ""
    return "typo"


# Built at import (~0.2 s), not on the first /match call.
_attested_skeletons()
_regional_skeletons()
