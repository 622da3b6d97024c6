"""The demo scenario as data: agencies, users, holdings, their subjects, planted overlaps.

Everything here is invented. Agency names follow the kinds of body the seed report names
(State Police Anti-Terrorism Unit in Albania, the State Prosecutor's Office of Bosnia and
Herzegovina, the Kosovo Police Counterterrorism Directorate, Macedonian and Serbian
authorities, KFOR/EULEX, the Balkan Regional Counterterrorism program in Tirana); phone
numbers are valid in form but made up; e-mail addresses use the reserved ``.example`` TLD.

``country`` is ISO 3166 alpha-2 in lower case with ``xk`` for Kosovo; two values are not
ISO codes: ``eu`` (an EU mission) and ``int`` (another international body).

Every demo user (``<agency-id>.<role>``) has the password :data:`DEMO_PASSWORD`.

Planted overlaps (:data:`PLANTED_OVERLAPS`): the same invented subject held by two agencies
of different countries, written differently (script, orthography, passport form, swapped
date), so deconfliction has something to find. The loader code is not here (``services``).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from accord.demo.scenario_planted import PLANTED_OVERLAPS, PlantedOverlap
from accord.demo.synth import generate_persons
from accord.model.enums import AgencyKind, Role, SharingPolicy

__all__ = [
    "DEMO_PASSWORD",
    "PLANTED_OVERLAPS",
    "AgencySeed",
    "Contact",
    "HoldingSeed",
    "PlantedOverlap",
    "Scenario",
    "SeedEntity",
    "UserSeed",
    "build_scenario",
    "holding_entities",
]

DEMO_PASSWORD = "accord-demo"  # documented demo credential, for every demo user

_K = AgencyKind
_P = SharingPolicy


@dataclass(frozen=True, slots=True)
class Contact:
    desk: str
    phone: str  # E.164
    email: str


@dataclass(frozen=True, slots=True)
class AgencySeed:
    id: str
    name: str
    country: str
    kind: AgencyKind
    contact: Contact


@dataclass(frozen=True, slots=True)
class UserSeed:
    username: str
    agency_id: str
    role: Role
    email: str


@dataclass(frozen=True, slots=True)
class HoldingSeed:
    id: str
    agency_id: str
    name: str
    policy: SharingPolicy
    size: int  # generated subjects, planted overlaps come on top
    seed: int


@dataclass(frozen=True, slots=True)
class SeedEntity:
    """An FtM entity and its law-enforcement metadata (docs/domain.md)."""

    entity: dict[str, Any]
    meta: dict[str, str]  # handling_code, source_eval, info_eval, subject_category, ...


@dataclass(frozen=True, slots=True)
class Scenario:
    agencies: tuple[AgencySeed, ...]
    users: tuple[UserSeed, ...]
    holdings: tuple[HoldingSeed, ...]
    entities: dict[str, list[SeedEntity]] = field(default_factory=dict)  # by holding id
    overlaps: tuple[PlantedOverlap, ...] = PLANTED_OVERLAPS


# (id, name, country, kind, duty-desk phone)
_AGENCIES: tuple[tuple[str, str, str, AgencyKind, str], ...] = (
    ("al-asp-ctu", "Albanian State Police — Anti-Terrorism Unit", "al", _K.POLICE_CT,
     "+35542400100"),
    ("al-prosecution", "Albanian Prosecution Office — Terrorism Cases", "al", _K.PROSECUTOR,
     "+35542400200"),
    ("al-fiu", "Albanian Financial Intelligence Unit", "al", _K.FIU, "+35542400300"),
    ("al-border", "Albanian State Police — Border and Migration", "al", _K.BORDER_POLICE,
     "+35542400400"),
    ("ba-sipa", "State Investigation and Protection Agency (SIPA) — Counter-Terrorism", "ba",
     _K.POLICE_CT, "+38733700100"),
    ("ba-prosecutor", "Prosecutor's Office of Bosnia and Herzegovina", "ba", _K.PROSECUTOR,
     "+38733700200"),
    ("ba-fiu", "SIPA Financial Intelligence Department", "ba", _K.FIU, "+38733700300"),
    ("ba-border", "Border Police of Bosnia and Herzegovina", "ba", _K.BORDER_POLICE,
     "+38733700400"),
    ("xk-police-ctd", "Kosovo Police — Counterterrorism Directorate", "xk", _K.POLICE_CT,
     "+38338500100"),
    ("xk-prosecution", "Special Prosecution Office of Kosovo", "xk", _K.PROSECUTOR,
     "+38338500200"),
    ("xk-fiu", "Financial Intelligence Unit of Kosovo", "xk", _K.FIU, "+38338500300"),
    ("mk-police-ct", "Ministry of Interior — Counter-Terrorism Unit (North Macedonia)", "mk",
     _K.POLICE_CT, "+38923100100"),
    ("mk-prosecution", "Public Prosecutor's Office for Organised Crime (North Macedonia)", "mk",
     _K.PROSECUTOR, "+38923100200"),
    ("mk-nsa", "National Security Agency (North Macedonia)", "mk", _K.INTELLIGENCE,
     "+38923100300"),
    ("mk-fiu", "Financial Intelligence Office (North Macedonia)", "mk", _K.FIU, "+38923100400"),
    ("rs-police-ct", "Ministry of Interior — Counter-Terrorism Service (Serbia)", "rs",
     _K.POLICE_CT, "+381113061000"),
    ("rs-prosecutor", "Prosecutor's Office for Organised Crime (Serbia)", "rs", _K.PROSECUTOR,
     "+381113062000"),
    ("rs-apml", "Administration for the Prevention of Money Laundering (Serbia)", "rs", _K.FIU,
     "+381113063000"),
    ("rs-border", "Border Police Administration (Serbia)", "rs", _K.BORDER_POLICE,
     "+381113064000"),
    ("int-eulex", "EULEX Kosovo — Rule of Law Mission", "eu", _K.INTERNATIONAL_MISSION,
     "+38338501100"),
    ("int-kfor-liaison", "KFOR — Liaison and Monitoring", "int", _K.INTERNATIONAL_MISSION,
     "+38338502100"),
    ("int-brct-tirana", "Balkan Regional Counterterrorism Program (Tirana)", "int",
     _K.INTERNATIONAL_MISSION, "+35542400900"),
)  # fmt: skip

# Holdings by agency kind: (slug, title, policy, size). A ``blind`` holding takes keyed
# encodings only (``accord.services.holdings.blind``), never plaintext: the demo's stay empty
# until the encoder exists; the subjects FIUs and intelligence share are in ``pointer``
# holdings.
_HOLDINGS: dict[AgencyKind, tuple[tuple[str, str, SharingPolicy, int], ...]] = {
    _K.POLICE_CT: (
        ("subjects", "CT investigation subjects", _P.POINTER, 60),
        ("watchlist", "Foreign terrorist fighters watchlist", _P.SHARED, 30),
    ),
    _K.PROSECUTOR: (("cases", "Persons in terrorism proceedings", _P.POINTER, 30),),
    _K.FIU: (
        ("str-subjects", "Subjects of suspicious-transaction reports", _P.POINTER, 30),
        ("str-encodings", "Suspicious-transaction subjects, blind (encodings only)", _P.BLIND, 0),
    ),
    _K.BORDER_POLICE: (("alerts", "Border alerts", _P.SHARED, 40),),
    _K.INTELLIGENCE: (
        ("persons-of-interest", "Persons of interest", _P.POINTER, 30),
        ("blind-subjects", "Persons of interest, blind (encodings only)", _P.BLIND, 0),
    ),
    _K.INTERNATIONAL_MISSION: (("liaison", "Liaison records", _P.POINTER, 15),),
}

# Where an agency's subjects come from: its own country first, then the neighbours.
_NEIGHBOURS: dict[str, tuple[tuple[str, float], ...]] = {
    "al": (("al", 0.7), ("xk", 0.15), ("mk", 0.1), ("rs", 0.05)),
    "ba": (("ba", 0.7), ("rs", 0.15), ("hr", 0.05), ("me", 0.05), ("xk", 0.05)),
    "xk": (("xk", 0.7), ("al", 0.12), ("rs", 0.1), ("mk", 0.08)),
    "mk": (("mk", 0.7), ("al", 0.12), ("xk", 0.12), ("rs", 0.06)),
    "rs": (("rs", 0.7), ("ba", 0.12), ("xk", 0.08), ("me", 0.05), ("mk", 0.05)),
    "eu": (("xk", 0.6), ("rs", 0.2), ("al", 0.2)),
    "int": (("al", 0.2), ("ba", 0.2), ("xk", 0.2), ("mk", 0.2), ("rs", 0.2)),
}

_LEGAL_BASIS = {
    "al": "Albania: Criminal Procedure Code; Law on the State Police — terrorism investigation",
    "ba": "BiH: Criminal Procedure Code of BiH; Law on SIPA — terrorism investigation",
    "xk": "Kosovo: Criminal Procedure Code; Law on Police — terrorism investigation",
    "mk": "North Macedonia: Law on Criminal Procedure — terrorism investigation",
    "rs": "Serbia: Criminal Procedure Code; Law on Police — terrorism investigation",
    "eu": "EULEX mandate (Council Joint Action 2008/124/CFSP) — liaison",
    "int": "Memorandum of understanding with the participating agencies — liaison",
}
_CATEGORIES: dict[AgencyKind, tuple[str, ...]] = {
    _K.POLICE_CT: ("suspect",) * 6 + ("contact",) * 3 + ("witness", "victim", "other"),
    _K.PROSECUTOR: ("suspect",) * 4 + ("convicted",) * 4 + ("witness", "victim"),
    _K.FIU: ("suspect",) * 3 + ("contact",) * 4 + ("other",) * 2,
    _K.BORDER_POLICE: ("suspect",) * 5 + ("contact",) * 2 + ("other",),
    _K.INTELLIGENCE: ("suspect",) * 4 + ("contact",) * 4 + ("other",),
    _K.INTERNATIONAL_MISSION: ("suspect",) * 2 + ("contact", "witness", "other"),
}
_HANDLING = ("H0",) * 2 + ("H1",) * 4 + ("H2",) * 3 + ("H3",)
_SOURCE = ("A",) * 2 + ("B",) * 4 + ("C",) * 3 + ("X",)
_INFO = ("1",) * 2 + ("2",) * 4 + ("3",) * 3 + ("4",)
_REVIEW_FROM = dt.date(2024, 7, 1)  # a few review dates are past, so retention has work
_REVIEW_DAYS = (dt.date(2029, 12, 31) - _REVIEW_FROM).days


def _agencies() -> tuple[AgencySeed, ...]:
    return tuple(
        AgencySeed(
            id=slug,
            name=name,
            country=country,
            kind=kind,
            contact=Contact(
                desk=f"Duty desk, {name}",
                phone=phone,
                email=f"duty-desk@{slug}.accord.example",
            ),
        )
        for slug, name, country, kind, phone in _AGENCIES
    )


def _users(agencies: tuple[AgencySeed, ...]) -> tuple[UserSeed, ...]:
    return tuple(
        UserSeed(
            username=f"{agency.id}.{role.value}",
            agency_id=agency.id,
            role=role,
            email=f"{role.value}@{agency.id}.accord.example",
        )
        for agency in agencies
        for role in Role
    )


def _holdings(agencies: tuple[AgencySeed, ...]) -> tuple[HoldingSeed, ...]:
    out = []
    for n, agency in enumerate(agencies):
        for m, (slug, title, policy, size) in enumerate(_HOLDINGS[agency.kind]):
            out.append(
                HoldingSeed(
                    id=f"{agency.id}.{slug}",
                    agency_id=agency.id,
                    name=title,
                    policy=policy,
                    size=size,
                    seed=1000 + 10 * n + m,
                )
            )
    return tuple(out)


def _meta(rng: random.Random, agency: AgencySeed) -> dict[str, str]:
    review = _REVIEW_FROM + dt.timedelta(days=rng.randrange(_REVIEW_DAYS))
    return {
        "handling_code": rng.choice(_HANDLING),
        "source_eval": rng.choice(_SOURCE),
        "info_eval": rng.choice(_INFO),
        "subject_category": rng.choice(_CATEGORIES[agency.kind]),
        "legal_basis": _LEGAL_BASIS[agency.country],
        "review_date": review.isoformat(),
    }


def holding_entities(holding: HoldingSeed, agency: AgencySeed) -> list[SeedEntity]:
    """The holding's generated subjects, then the planted overlaps that fall in it."""
    rng = random.Random(f"meta-{holding.seed}")
    persons = generate_persons(
        holding.size, holding.seed, id_prefix=holding.id, countries=_NEIGHBOURS[agency.country]
    )
    out = [SeedEntity(person, _meta(rng, agency)) for person in persons]
    for overlap in PLANTED_OVERLAPS:
        for side in overlap.sides:
            if side.holding_id == holding.id:
                out.append(SeedEntity(side.entity(overlap.key), dict(side.meta)))
    return out


def build_scenario() -> Scenario:
    """The whole demo scenario; deterministic."""
    agencies = _agencies()
    holdings = _holdings(agencies)
    by_id = {a.id: a for a in agencies}
    entities = {h.id: holding_entities(h, by_id[h.agency_id]) for h in holdings}
    return Scenario(agencies, _users(agencies), holdings, entities)
