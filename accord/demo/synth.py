"""Fast, deterministic generator of synthetic persons of the Western Balkans (FtM dicts).

Everything that can be computed once is: Zipf-weighted name tables expanded into flat
lookup lists (one ``random()`` call per draw), birth dates with their JMBG partial sums,
phone prefixes. ``random.Random(seed)`` drives everything, so the same ``(size, seed)``
gives byte-identical output on every run and machine (CPython's Mersenne Twister).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any, NamedTuple

from accord.demo.identifiers import (
    ALBANIAN_DECADES,
    JMBG_REGIONS,
    JMBG_WEIGHTS,
    albanian_nid_check,
    iban,
    oib_check_digit,
)
from accord.demo.namedata import BLOCKED_PAIRS, COMMUNITIES
from accord.demo.translit import cyrillic_to, gaj_to_cyrillic

__all__ = [
    "COUNTRY_WEIGHTS",
    "PersonFactory",
    "RawPerson",
    "display_name",
    "generate_bank_accounts",
    "generate_persons",
    "render_person",
]

# Share of each nationality in generated data, and each country's communities.
COUNTRY_WEIGHTS: dict[str, float] = {
    "rs": 0.26, "al": 0.22, "ba": 0.16, "xk": 0.16, "mk": 0.16, "me": 0.02, "hr": 0.02,
}  # fmt: skip
_COMMUNITY_MIX: dict[str, dict[str, float]] = {
    "al": {"sq": 1.0},
    "xk": {"sq": 0.90, "sr": 0.06, "bs": 0.04},
    "mk": {"mk": 0.68, "sq": 0.29, "sr": 0.02, "bs": 0.01},
    "rs": {"sr": 0.86, "bs": 0.06, "hr": 0.03, "sq": 0.03, "mk": 0.02},
    "ba": {"bs": 0.52, "sr": 0.31, "hr": 0.17},
    "me": {"sr": 0.60, "bs": 0.30, "sq": 0.10},
    "hr": {"hr": 0.90, "sr": 0.10},
}
# Probability that a Serb name is written in Cyrillic, by country of the record.
_SERB_CYRILLIC = {"rs": 0.5, "ba": 0.4, "me": 0.3}
_MK_LATIN = 0.1  # share of Macedonian names written in official Latin

_PHONE: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {
    "al": ("+355", (("69", 7),)),
    "ba": ("+387", (("61", 6), ("62", 6), ("63", 6), ("65", 6), ("66", 6))),
    "xk": ("+383", (("43", 6), ("44", 6), ("45", 6), ("48", 6), ("49", 6))),
    "mk": ("+389", (("70", 6), ("71", 6), ("72", 6), ("75", 6), ("76", 6), ("77", 6))),
    "rs": ("+381", (("60", 7), ("61", 7), ("62", 7), ("63", 7), ("64", 7), ("65", 7))),
    "me": ("+382", (("67", 6), ("68", 6), ("69", 6))),
    "hr": ("+385", (("91", 7), ("92", 7), ("95", 7), ("98", 7), ("99", 7))),
}
# Plausible passport-number shapes (letters, digits); not validated by any library.
_PASSPORT: dict[str, tuple[str, int]] = {
    "al": ("B", 7), "ba": ("A", 7), "xk": ("P", 8), "mk": ("M", 7), "rs": ("", 9),
    "me": ("C", 7), "hr": ("", 9),
}  # fmt: skip
_BANKS: dict[str, tuple[tuple[str, ...], int]] = {  # bank codes, account length
    "al": (("2021100", "2051200", "2081100", "2121100"), 16),
    "ba": (("129007", "134410", "161000", "338100"), 8),
    "xk": (("1212", "1501", "1701", "2001"), 10),
    "mk": (("210", "250", "300", "380"), 10),
    "rs": (("160", "170", "205", "265", "325"), 13),
    "me": (("505", "510", "520", "530"), 13),
    "hr": (("",), 0),
}
_FIRST_DAY = dt.date(1950, 1, 1)
_DAYS = (dt.date(2006, 12, 31) - _FIRST_DAY).days
_TABLE = 4096  # entries of each expanded lookup table


class RawPerson(NamedTuple):
    """The parts of a person before rendering; the variant generator works on these."""

    community: str  # sq, sr, bs, hr, mk
    country: str  # nationality, ISO alpha-2 (xk for Kosovo)
    script: str  # how the record writes the names: "latn" or "cyrl"
    female: bool
    given: str  # canonical form: Latin, except Macedonian (Cyrillic)
    surname: str
    father: str | None
    birth: dt.date
    id_number: str
    phone: str | None
    passport: str | None


def _expand(items: Sequence[Any], weights: Sequence[float]) -> tuple[Any, ...]:
    """A flat table where ``items[i]`` fills a share ``weights[i]`` of the slots."""
    total = sum(weights)
    out: list[Any] = []
    acc = 0.0
    for item, weight in zip(items, weights, strict=True):
        acc += weight
        out.extend([item] * (round(acc / total * _TABLE) - len(out)))
    return tuple(out)


def _zipf(items: Sequence[str], s: float = 0.9) -> tuple[str, ...]:
    return _expand(items, [1.0 / (rank + 1) ** s for rank in range(len(items))])


def _mk_feminine(surname: str) -> str:
    if surname.endswith("ски"):
        return surname[:-1] + "а"
    if surname.endswith(("ов", "ев", "ин")):
        return surname + "а"
    return surname


class _Community(NamedTuple):
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    surnames_f: tuple[str, ...]


@cache
def _communities() -> dict[str, _Community]:
    out = {}
    for code, names in COMMUNITIES.items():
        surnames = _zipf(names.surnames)
        female = tuple(_mk_feminine(s) for s in surnames) if code == "mk" else surnames
        out[code] = _Community(_zipf(names.male), _zipf(names.female), surnames, female)
    return out


@cache
def _country_table(weights: tuple[tuple[str, float], ...]) -> tuple[str, ...]:
    return _expand([c for c, _ in weights], [w for _, w in weights])


@cache
def _community_tables() -> dict[str, tuple[str, ...]]:
    return {c: _expand(list(mix), list(mix.values())) for c, mix in _COMMUNITY_MIX.items()}


@cache
def display_name(name: str, community: str, script: str) -> str:
    """A canonical name written in ``script`` as the community's own records would."""
    if community == "sr" and script == "cyrl":
        return gaj_to_cyrillic(name)
    if community == "mk" and script == "latn":
        return cyrillic_to(name, "mk_official")
    return name


@cache
def _date_parts(day_index: int) -> tuple[dt.date, str, int]:
    """Date, its ``DDMMYYY`` JMBG prefix and that prefix's weighted sum."""
    date = _FIRST_DAY + dt.timedelta(days=day_index)
    prefix = f"{date.day:02d}{date.month:02d}{date.year % 1000:03d}"
    return date, prefix, sum(int(c) * w for c, w in zip(prefix, JMBG_WEIGHTS, strict=False))


class PersonFactory:
    """Draws :class:`RawPerson` tuples from one seeded stream; ids stay unique per factory."""

    def __init__(
        self,
        seed: int | str,
        countries: Sequence[tuple[str, float]] | None = None,
        *,
        seen: set[str] | None = None,
    ) -> None:
        """``seen`` may be shared between factories to keep id numbers unique across them."""
        self.rng = random.Random(seed)
        self._countries = _country_table(tuple(countries or COUNTRY_WEIGHTS.items()))
        self._mix = _community_tables()
        self._names = _communities()
        self._seen: set[str] = set() if seen is None else seen

    def draw(self) -> RawPerson:
        rnd = self.rng.random
        country = self._countries[int(rnd() * _TABLE)]
        community = self._mix[country][int(rnd() * _TABLE)]
        names = self._names[community]
        female = rnd() < 0.3
        while True:
            if female:
                given = names.female[int(rnd() * _TABLE)]
                surname = names.surnames_f[int(rnd() * _TABLE)]
            else:
                given = names.male[int(rnd() * _TABLE)]
                surname = names.surnames[int(rnd() * _TABLE)]
            if (given, surname) not in BLOCKED_PAIRS:
                break
        father = None
        if community == "sq" and rnd() < 0.4:
            father = names.male[int(rnd() * _TABLE)]
        script = "latn"
        if community == "sr" and rnd() < _SERB_CYRILLIC.get(country, 0.2):
            script = "cyrl"
        elif community == "mk" and rnd() >= _MK_LATIN:
            script = "cyrl"
        day = int((rnd() + rnd()) * 0.5 * _DAYS)
        birth, id_number = self._id_number(country, day, female)
        phone = self._phone(country) if rnd() < 0.6 else None
        passport = self._passport(country) if rnd() < 0.35 else None
        return RawPerson(
            community,
            country,
            script,
            female,
            given,
            surname,
            father,
            birth,
            id_number,
            phone,
            passport,
        )

    def _id_number(self, country: str, day: int, female: bool) -> tuple[dt.date, str]:
        rng = self.rng
        seen = self._seen
        while True:
            birth, prefix, partial = _date_parts(day)
            if country in JMBG_REGIONS:
                region = rng.choice(JMBG_REGIONS[country])
                serial = rng.randrange(500) + (500 if female else 0)
                body = f"{prefix}{region:02d}{serial:03d}"
                total = partial + 6 * (region // 10) + 5 * (region % 10)
                total += 4 * (serial // 100) + 3 * (serial // 10 % 10) + 2 * (serial % 10)
                rest = total % 11
                if rest == 1:
                    continue  # control digit 10 is never issued
                number = f"{body}{0 if rest == 0 else 11 - rest}"
            elif country == "al":
                month = birth.month + (50 if female else 0)
                head = (
                    f"{ALBANIAN_DECADES[(birth.year - 1900) // 10]}{birth.year % 10}"
                    f"{month:02d}{birth.day:02d}{rng.randrange(1000):03d}"
                )
                number = head + albanian_nid_check(head)
            elif country == "hr":
                head = f"{rng.randrange(10**10):010d}"
                number = f"{head}{oib_check_digit(head)}"
            else:  # xk
                number = f"1{rng.randrange(10**9):09d}"
            if number not in seen:
                seen.add(number)
                return birth, number

    def _phone(self, country: str) -> str:
        code, prefixes = _PHONE[country]
        prefix, digits = prefixes[int(self.rng.random() * len(prefixes))]
        return f"{code}{prefix}{self.rng.randrange(10**digits):0{digits}d}"

    def _passport(self, country: str) -> str:
        letters, digits = _PASSPORT[country]
        return f"{letters}{self.rng.randrange(10**digits):0{digits}d}"

    def iban(self, country: str) -> str | None:
        banks, length = _BANKS[country]
        if not length:
            return None
        bank = banks[int(self.rng.random() * len(banks))]
        return iban(country.upper(), bank, f"{self.rng.randrange(10**length):0{length}d}")


def render_person(raw: RawPerson, entity_id: str) -> dict[str, Any]:
    """The FtM ``Person`` dict of a :class:`RawPerson`."""
    given = display_name(raw.given, raw.community, raw.script)
    surname = display_name(raw.surname, raw.community, raw.script)
    props: dict[str, list[str]] = {
        "name": [f"{given} {surname}"],
        "firstName": [given],
        "lastName": [surname],
        "gender": ["female" if raw.female else "male"],
        "birthDate": [raw.birth.isoformat()],
        "nationality": [raw.country],
        "idNumber": [raw.id_number],
    }
    if raw.father is not None:
        props["fatherName"] = [display_name(raw.father, raw.community, raw.script)]
    if raw.phone is not None:
        props["phone"] = [raw.phone]
    if raw.passport is not None:
        props["passportNumber"] = [raw.passport]
    return {"id": entity_id, "schema": "Person", "properties": props}


def generate_persons(
    size: int,
    seed: int,
    *,
    id_prefix: str = "p",
    countries: Sequence[tuple[str, float]] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield ``size`` synthetic FtM persons with ids ``{id_prefix}-{n}``, n from 1.

    ``countries`` overrides :data:`COUNTRY_WEIGHTS` as ``(iso2, weight)`` pairs.
    """
    factory = PersonFactory(seed, countries)
    for n in range(1, size + 1):
        yield render_person(factory.draw(), f"{id_prefix}-{n}")


def generate_bank_accounts(
    persons: Iterable[dict[str, Any]], seed: int, *, rate: float = 0.4
) -> Iterator[dict[str, Any]]:
    """For a share ``rate`` of ``persons``, a ``BankAccount`` (valid IBAN of the person's
    country) and an ``Ownership`` linking them. Croatian nationals are skipped."""
    factory = PersonFactory(seed)
    for person in persons:
        if factory.rng.random() >= rate:
            continue
        country = person["properties"]["nationality"][0]
        number = factory.iban(country)
        if number is None:
            continue
        account_id = f"{person['id']}-acct"
        yield {
            "id": account_id,
            "schema": "BankAccount",
            "properties": {"iban": [number], "country": [country]},
        }
        yield {
            "id": f"{person['id']}-owns",
            "schema": "Ownership",
            "properties": {"owner": [person["id"]], "asset": [account_id]},
        }
