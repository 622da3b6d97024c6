"""The same people again, as a second agency would have written them, with ground truth.

A duplicate differs from its original by one or more of: another script or orthography
(Serbian Cyrillic↔Latin, Macedonian official or scholarly Latin, Slavic names in Albanian
orthography ``Petrović``→``Petroviq``, Albanian names in Serbian ``Krasniqi``→``Краснићи``,
ICAO 9303 passport forms ``ĐORĐEVIĆ``→``DORDEVIC``, press ASCII ``Djordjevic``), the Albanian
definite form of a given name (``Gjergj``→``Gjergji``), one typing error, a missing date of
birth or id number, day and month swapped, family name written first. Phones, passports,
father's name and nationality are kept only some of the time.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from accord.demo.synth import PersonFactory, RawPerson, display_name, render_person
from accord.demo.translit import albanian_to_cyrillic, cyrillic_to, fold_latin, gaj_to_cyrillic

__all__ = ["LinkedRow", "generate_linked", "iter_linked", "make_variant", "write_form"]

_LATIN = "abcdefghijklmnoprstuvz"
_CYRILLIC = "абвгдезиклмнопрстуфхцчш"

# Forms a second record may use, per community (see write_form).
_FORMS: dict[str, tuple[str, ...]] = {
    "sr": ("cyrillic", "gaj", "gaj", "press", "icao", "albanian"),
    "bs": ("press", "press", "icao", "albanian", "cyrillic"),
    "hr": ("press", "press", "icao", "albanian", "cyrillic"),
    "mk": ("mk_official", "mk_official", "icao", "gaj", "albanian", "mk_scholarly"),
    "sq": ("cyrillic", "gaj", "press", "press", "icao", "definite"),
}


def _cyrillic_form(name: str, community: str) -> str:
    if community == "mk":
        return name
    if community == "sq":
        return albanian_to_cyrillic(name)
    return gaj_to_cyrillic(name)


def _definite(name: str) -> str:
    """Albanian definite form of a masculine given name (``Gjergj`` → ``Gjergji``)."""
    if name[-1] in "aeëiouy":
        return name
    return name + ("u" if name[-1] in "kgh" else "i")


def write_form(name: str, community: str, form: str) -> str:
    """A canonical ``name`` of ``community`` in ``form``: one of ``cyrillic``, ``gaj``,
    ``press``, ``icao``, ``albanian``, ``mk_official``, ``mk_scholarly``, ``definite``."""
    if form == "definite":
        return _definite(name) if community == "sq" else name
    latin_native = community in ("sq", "bs", "hr", "sr")
    if form == "cyrillic":
        return _cyrillic_form(name, community)
    if form == "icao":
        if community == "mk":
            return cyrillic_to(name, "mk_official").upper()
        return fold_latin(name).upper()
    if form == "press" and community == "sq":
        return fold_latin(name)
    if form == "gaj" and latin_native and community != "sq":
        return name
    if form == "albanian" and community == "sq":
        return name
    return cyrillic_to(_cyrillic_form(name, community), form)


def _typo(text: str, rng: random.Random) -> str:
    """One edit: substitution, deletion, insertion or transposition of a letter."""
    if len(text) < 4:
        return text
    pos = rng.randrange(1, len(text) - 1)
    alphabet = _CYRILLIC if "\u0400" <= text[pos] <= "\u04ff" else _LATIN
    letter = rng.choice(alphabet)
    if text[pos].isupper():
        letter = letter.upper()
    kind = rng.randrange(4)
    if kind == 0:
        return text[:pos] + letter + text[pos + 1 :]
    if kind == 1:
        return text[:pos] + text[pos + 1 :]
    if kind == 2:
        return text[:pos] + letter + text[pos:]
    return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]


def make_variant(raw: RawPerson, entity_id: str, rng: random.Random) -> dict[str, Any]:
    """A second record of the person ``raw``, as an FtM ``Person`` dict."""
    original = render_person(raw, entity_id)["properties"]
    while True:
        given = display_name(raw.given, raw.community, raw.script)
        surname = display_name(raw.surname, raw.community, raw.script)
        if rng.random() < 0.6:
            form = rng.choice(_FORMS[raw.community])
            if form != "definite" or not raw.female:
                given = write_form(raw.given, raw.community, form)
            if form != "definite":
                surname = write_form(raw.surname, raw.community, form)
        if rng.random() < 0.3:
            if rng.random() < 0.5:
                given = _typo(given, rng)
            else:
                surname = _typo(surname, rng)
        birth: str | None = raw.birth.isoformat()
        roll = rng.random()
        if roll < 0.15:
            birth = None
        elif roll < 0.25 and raw.birth.day <= 12 and raw.birth.day != raw.birth.month:
            birth = dt.date(raw.birth.year, raw.birth.day, raw.birth.month).isoformat()
        name = f"{surname} {given}" if rng.random() < 0.15 else f"{given} {surname}"
        props: dict[str, list[str]] = {
            "name": [name],
            "firstName": [given],
            "lastName": [surname],
            "gender": original["gender"],
        }
        if birth is not None:
            props["birthDate"] = [birth]
        if rng.random() < 0.85:
            props["nationality"] = original["nationality"]
        if rng.random() < 0.65:
            props["idNumber"] = original["idNumber"]
        for key in ("fatherName", "phone", "passportNumber"):
            if key in original and rng.random() < 0.5:
                props[key] = original[key]
        if any(props.get(k) != original.get(k) for k in ("name", "birthDate", "idNumber")):
            return {"id": entity_id, "schema": "Person", "properties": props}


class LinkedRow(NamedTuple):
    left: dict[str, Any]
    right: dict[str, Any]
    duplicate: bool  # right is a variant of left (else an unrelated person)


def _permutation(size: int) -> Callable[[int], int]:
    """A bijection of ``range(size)`` so right-hand ids do not reveal the pairs."""
    step = 1_000_003
    while math.gcd(step, size) != 1:
        step += 2
    return lambda n: (step * n + 7919) % size


def iter_linked(
    size: int,
    seed: int,
    dup_rate: float = 0.3,
    *,
    left_prefix: str = "a",
    right_prefix: str = "b",
) -> Iterator[LinkedRow]:
    """``size`` rows: a left person, and either a variant of it (share ``dup_rate``) or a
    fresh person. Right ids are ``{right_prefix}-{n}`` with ``n`` a permutation of
    ``1..size``; rows come in left order, so shuffle the right side if order matters."""
    seen: set[str] = set()
    left = PersonFactory(seed, seen=seen)
    fresh = PersonFactory(f"{seed}-fresh", seen=seen)
    rng = random.Random(f"{seed}-variants")
    permute = _permutation(size)
    for n in range(size):
        raw = left.draw()
        left_dict = render_person(raw, f"{left_prefix}-{n + 1}")
        right_id = f"{right_prefix}-{permute(n) + 1}"
        if rng.random() < dup_rate:
            yield LinkedRow(left_dict, make_variant(raw, right_id, rng), True)
        else:
            yield LinkedRow(left_dict, render_person(fresh.draw(), right_id), False)


def generate_linked(
    size: int, seed: int, dup_rate: float = 0.3
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[str, str]]]:
    """Materialised :func:`iter_linked`: ``(left, right, truth)`` with ``truth`` the
    ``(left_id, right_id)`` pairs of the same person."""
    left: list[dict[str, Any]] = []
    right: list[dict[str, Any]] = []
    truth: list[tuple[str, str]] = []
    for row in iter_linked(size, seed, dup_rate):
        left.append(row.left)
        right.append(row.right)
        if row.duplicate:
            truth.append((row.left["id"], row.right["id"]))
    return left, right, truth
