"""A compact, comparable view of a FollowTheMoney entity."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from accord.matching.names import Name, parse_name

__all__ = ["ID_PROPERTIES", "Record", "normalize_identifier"]

PERSON_SCHEMATA = frozenset({"Person"})
ORG_SCHEMATA = frozenset({"Organization", "Company", "PublicBody", "LegalEntity"})
_NAME_PROPS = ("name", "alias", "previousName")
# property -> identifier kind; kinds compare with each other only when equal.
ID_PROPERTIES: dict[str, str] = {
    "idNumber": "id", "passportNumber": "passport", "taxNumber": "tax",
    "socialSecurityNumber": "ssn", "registrationNumber": "registration", "vatCode": "tax",
    "innCode": "tax", "ogrnCode": "registration", "leiCode": "lei", "swiftBic": "bic",
    "phone": "phone", "email": "email", "iban": "iban", "ibanMentioned": "iban",
    "accountNumber": "iban", "imoNumber": "imo", "wikidataId": "wikidata",
}
_COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry")
_DATE_PROPS = ("birthDate", "incorporationDate")
_ALNUM_RE = re.compile(r"[^0-9A-Z]")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_KNOWN_PROPS = frozenset((*_NAME_PROPS, "firstName", "lastName", "middleName", *ID_PROPERTIES,
                          *_COUNTRY_PROPS, *_DATE_PROPS, "gender", "address"))
_GENDERS = {"male": "m", "m": "m", "female": "f", "f": "f", "man": "m", "woman": "f"}


def normalize_identifier(kind: str, value: str) -> str:
    """Canonical form of an identifier: upper-case alphanumerics; phones by last 9 digits."""
    if kind == "email":
        return value.strip().lower()
    if kind == "phone":
        digits = "".join(ch for ch in value if ch.isdigit())
        return digits[-9:]
    return _ALNUM_RE.sub("", value.upper())


@lru_cache(maxsize=100_000)
def _date(value: str) -> str | None:
    match = _DATE_RE.match(value.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    return "-".join(p for p in (year, month, day) if p)


@lru_cache(maxsize=1_000)
def _country(value: str) -> str:
    return value.strip().lower()


def _values(props: Mapping[str, Any], key: str) -> Sequence[str]:
    raw = props.get(key)
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,)
    out = []
    for value in raw:
        if type(value) is not str:
            if value is None:
                continue
            value = str(value)
        if value.strip():
            out.append(value)
    return out


class Record:
    """What the matcher knows about one entity. Immutable; build with :meth:`from_entity`."""

    __slots__ = ("id", "schema", "kind", "names", "dates", "countries", "identifiers",
                 "gender", "addresses")

    id: str
    schema: str
    kind: str
    names: tuple[Name, ...]
    dates: tuple[str, ...]
    countries: frozenset[str]
    identifiers: tuple[tuple[str, str], ...]
    gender: str | None
    addresses: tuple[str, ...]

    def __init__(self, id: str, schema: str, names: Iterable[Name], *,
                 dates: Iterable[str] = (), countries: Iterable[str] = (),
                 identifiers: Iterable[tuple[str, str]] = (), gender: str | None = None,
                 addresses: Iterable[str] = ()) -> None:
        set_ = object.__setattr__
        set_(self, "id", id)
        set_(self, "schema", schema)
        kind = "person" if schema in PERSON_SCHEMATA else "org" if schema in ORG_SCHEMATA \
            else "thing"
        set_(self, "kind", kind)
        set_(self, "names", tuple(n for n in dict.fromkeys(names) if n.words))
        set_(self, "dates", tuple(dict.fromkeys(dates)))
        set_(self, "countries", frozenset(countries))
        set_(self, "identifiers", tuple(dict.fromkeys(identifiers)))
        set_(self, "gender", gender)
        set_(self, "addresses", tuple(addresses))

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("Record is immutable")

    def __repr__(self) -> str:
        names = [n.raw for n in self.names]
        return f"Record({self.id!r}, {self.schema}, names={names}, dates={list(self.dates)})"

    @classmethod
    def from_entity(cls, entity: Mapping[str, Any]) -> Record:
        """Build from an FtM entity dict ``{"id", "schema", "properties"}``."""
        schema = str(entity.get("schema") or "Thing")
        props: Mapping[str, Any] = entity.get("properties") or {}
        present = [key for key in props if key in _KNOWN_PROPS]  # skip absent properties
        values = {key: _values(props, key) for key in present}
        organization = schema != "Person"
        raw_names = [v for key in _NAME_PROPS if key in values for v in values[key]]
        first, last = values.get("firstName", ()), values.get("lastName", ())
        if first and last:
            middle = " ".join(values.get("middleName", ()))
            full = " ".join(p for p in (first[0], middle, last[0]) if p)
            structured = f"{last[0]}, {first[0]} {middle}".strip()
            # the structured form says which word is the family name
            raw_names = [structured if n == full else n for n in raw_names]
            if structured not in raw_names:
                raw_names.append(structured)
        elif last and not raw_names:
            raw_names.append(last[0])
        names = [parse_name(n, organization) for n in raw_names]
        dates = [d for key in _DATE_PROPS if key in values for v in values[key]
                 if (d := _date(v))]
        countries = [_country(v) for key in _COUNTRY_PROPS if key in values
                     for v in values[key]]
        identifiers = []
        for prop, kind in ID_PROPERTIES.items():
            for value in values.get(prop, ()):
                norm = normalize_identifier(kind, value)
                if len(norm) >= 4:
                    identifiers.append((kind, norm))
        gender = None
        for value in values.get("gender", ()):
            gender = _GENDERS.get(value.strip().lower(), gender)
        addresses = [" ".join(v.lower().split()) for v in values.get("address", ())]
        return cls(str(entity.get("id") or ""), schema, names, dates=dates, countries=countries,
                   identifiers=identifiers, gender=gender, addresses=addresses)
