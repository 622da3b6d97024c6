"""Organisation and object names before parsing: rigour's knowledge, read once.

* **Legal forms of every jurisdiction** come from rigour's organisation-type database
  (``rigour.names.replace_org_types_compare``: OCCRP's list, ISO 20275 entity legal forms
  and Wikipedia's types of business entity), which writes a spelt-out form as its compact
  one (``Gesellschaft mit beschränkter Haftung``→``gmbh``, ``Sociedad Anónima``→``sa``,
  ``spółka z ograniczoną odpowiedzialnością``→``spzoo``); ``legal_forms.json`` maps the
  compact forms to Accord's canonical ones and adds the region's forms rigour lacks
  (``DOOEL``, ``ДООЕЛ``, ``EOOD``). A misspelt word of a written-out form (``Limted``,
  ``Joint Stok``, ``Corpration``) is corrected first when it is one edit (two for long
  words) from a word of ``LEGAL_FORM_WORDS``.
* **Numbers as words** (``First``/``1st``, ``Three``/``3``, ``III``) are written as
  digits, from rigour's ordinal and cardinal table (``rigour._core.ordinals_dict``).
* **Object prefixes** of vessels (``MV``, ``M/V``, ``MT``, ``SS``) are dropped, from
  rigour's object-name prefixes.
* English **plurals** of organisation words are made singular (``Technologies``,
  ``Logistics``, ``Horizons``) so a plural is not another name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour._core import obj_name_prefixes_list, ordinals_dict, raw_levenshtein
from rigour.names import replace_org_types_compare

from accord.matching.lexicon import LEGAL_FORM_WORDS

__all__ = ["prepare_org_name", "singular"]

_OBJ_PREFIX = re.compile(
    r"(?i)^\s*(?:" + "|".join(sorted((re.escape(p) for p in obj_name_prefixes_list()
                                      if p.lower() != "the"), key=len, reverse=True))
    + r")\.?\s+(?=\S)")


def _numbers() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for number, forms in ordinals_dict().items():
        if not 0 < number <= 100:
            continue
        for form in forms:
            text = " ".join(form.casefold().replace("-", " ").split())
            if text and not text.isdigit() and any(ch.isalnum() for ch in text):
                table.setdefault(text, str(number))
    words = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words)
                         + r")(?![\w])")
    return pattern, table


_NUMBER_RE, _NUMBER_OF = _numbers()
_WORD = re.compile(r"\w+")


def _correct(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) < 4 or word.isdigit() or word in LEGAL_FORM_WORDS:
        return word
    limit = 1 if len(word) < 8 else 2
    for known in LEGAL_FORM_WORDS:
        if abs(len(known) - len(word)) <= limit and raw_levenshtein(word, known) <= limit:
            return known
    return word


@lru_cache(maxsize=100_000)
def prepare_org_name(raw: str) -> str:
    """``raw`` with the vessel prefix dropped, numbers as digits and legal forms in their
    compact form (lower-case)."""
    text = _OBJ_PREFIX.sub("", raw).casefold().replace("-", " ")
    text = _NUMBER_RE.sub(lambda m: _NUMBER_OF[" ".join(m.group(0).split())], text)
    text = _WORD.sub(_correct, text)
    return str(replace_org_types_compare(text))


def singular(word: str) -> str:
    """English plural of an organisation word made singular (``Technologies``→
    ``technology``, ``Horizons``→``horizon``); other words unchanged."""
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word
