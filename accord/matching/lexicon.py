"""The matcher's linguistic knowledge, read once at import from the versioned data files
in ``accord/matching/data/`` (shipped in the wheel).

Each file has a ``version``, a ``description``, a ``sources`` map (source id → where the
entries come from) and its entries, every one naming its source. A malformed file stops
the import with the file and the entry at fault, so a bad edit cannot ship silently.

* ``given_names.json`` — given-name equivalence groups (:data:`GIVEN_NAME_GROUPS`);
* ``particles.json`` — every particle of persons' names in one list (:data:`PARTICLES`);
* ``titles.json`` — titles and honorifics (:data:`TITLES`);
* ``org_words.json`` — generic organisation words and connectives (:data:`GENERIC_WORDS`,
  :data:`CONNECTIVES`);
* ``legal_forms.json`` — legal forms and their written-out long forms
  (:data:`LEGAL_FORMS`, :data:`LONG_FORMS`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ATTESTED_NAMES", "CONNECTIVES", "DATA_FILES", "GENERIC_WORDS", "GIVEN_NAME_GROUPS",
           "LEGAL_FORMS", "LEGAL_FORM_WORDS", "LONG_FORMS", "PARTICLES", "PERSON_STOPWORDS",
           "REGIONAL_NAMES", "TITLES", "Particle", "check", "load", "particles_of"]

_DATA = Path(__file__).with_name("data")
DATA_FILES = ("given_names", "particles", "titles", "org_words", "legal_forms",
              "attested_names")
_VERSION = 1
_PARTICLE_KINDS = frozenset({"western", "compound", "article", "patronymic", "prefix"})


def load(name: str) -> dict[str, Any]:
    """One data file, checked (:func:`check`)."""
    text = (_DATA / f"{name}.json").read_text(encoding="utf-8")
    return check(name, json.loads(text))


def check(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` if its version is known and every entry names a declared source, with a
    description of it; else :class:`ValueError` naming the file and the entry."""
    if data.get("version") != _VERSION:
        raise ValueError(f"{name}.json: version {data.get('version')!r}, expected {_VERSION}")
    sources = data.get("sources") or {}
    for source, text in sources.items():
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{name}.json: source {source!r} says nothing")
    for key, value in data.items():
        if not isinstance(value, list):
            continue
        for entry in value:
            if entry.get("source") not in sources:
                raise ValueError(f"{name}.json: {key} entry {entry} names no declared source")
    return data


@dataclass(frozen=True, slots=True)
class Particle:
    """One particle of a person's name (see ``particles.json`` for the meaning of each
    field)."""

    word: str
    kind: str
    glued: bool
    stopword: bool
    source: str


def _particles() -> tuple[Particle, ...]:
    out = tuple(Particle(p["word"], p["kind"], bool(p["glued"]), bool(p["stopword"]),
                         p["source"]) for p in load("particles")["particles"])
    for particle in out:
        if particle.kind not in _PARTICLE_KINDS:
            raise ValueError(f"particles.json: unknown kind {particle.kind!r}")
    return out


GIVEN_NAME_GROUPS: tuple[tuple[str, ...], ...] = tuple(
    tuple(group["names"]) for group in load("given_names")["groups"])
PARTICLES = _particles()


def particles_of(*kinds: str) -> frozenset[str]:
    """The particles of the given kinds."""
    return frozenset(p.word for p in PARTICLES if p.kind in kinds)


_titles = load("titles")["titles"]
TITLES = frozenset(t["word"] for t in _titles)
# Words that carry no identity in a person's name (left out of names of > 2 words).
PERSON_STOPWORDS = frozenset({p.word for p in PARTICLES if p.stopword}
                             | {t["word"] for t in _titles if t["stopword"]})
_org = load("org_words")
GENERIC_WORDS: dict[str, str] = {word: group["canonical"] for group in _org["generic"]
                                 for word in group["words"]}
CONNECTIVES = frozenset(c["word"] for c in _org["connectives"])
_legal = load("legal_forms")
LEGAL_FORMS: dict[str, str] = {f["word"]: f["form"] for f in _legal["forms"]}
LONG_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?i)\b{f['pattern']}\b"), f" {f['abbreviation']} ")
    for f in _legal["long_forms"])
LEGAL_FORM_WORDS: tuple[str, ...] = tuple(str(w["word"]) for w in _legal["words"])
# Attested names (lower-case spellings), read by the frequency-aware rule of similarity.py.
_attested = load("attested_names")["lists"]
ATTESTED_NAMES = frozenset(name.casefold() for entry in _attested for name in entry["names"])
# The region's lists are short: a name missing from them is no evidence of a typo.
REGIONAL_NAMES = frozenset(name.casefold() for entry in _attested
                           if entry["source"] == "accord-synth" for name in entry["names"])
del _titles, _org, _legal, _attested
