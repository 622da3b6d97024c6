from __future__ import annotations

import datetime as dt

from accord.demo.scenario import DEMO_PASSWORD, PLANTED_OVERLAPS, build_scenario
from accord.demo.translit import has_cyrillic
from accord.model.enums import (
    AgencyKind,
    HandlingCode,
    InfoEval,
    Role,
    SharingPolicy,
    SourceEval,
    SubjectCategory,
)
from tests.demo.helpers import assert_ftm_clean, assert_id_valid, assert_phone_valid

SCENARIO = build_scenario()
AGENCIES = {a.id: a for a in SCENARIO.agencies}
HOLDINGS = {h.id: h for h in SCENARIO.holdings}


def test_deterministic() -> None:
    assert build_scenario() == SCENARIO


def test_agencies_cover_the_region_and_partners() -> None:
    countries = {a.country for a in SCENARIO.agencies}
    assert countries == {"al", "ba", "xk", "mk", "rs", "eu", "int"}
    assert {"al-asp-ctu", "ba-prosecutor", "ba-sipa", "xk-police-ctd"} <= set(AGENCIES)
    assert {a.kind for a in SCENARIO.agencies} == set(AgencyKind)
    for agency in SCENARIO.agencies:
        assert_phone_valid(agency.contact.phone)
        assert agency.contact.email.endswith(".example")


def test_one_user_per_role_per_agency() -> None:
    names = [u.username for u in SCENARIO.users]
    assert len(names) == len(set(names)) == 4 * len(AGENCIES)
    assert "al-asp-ctu.analyst" in names
    assert {u.role for u in SCENARIO.users} == set(Role)
    assert DEMO_PASSWORD == "accord-demo"


def test_holdings_mix_policies() -> None:
    assert {h.policy for h in SCENARIO.holdings} == set(SharingPolicy)
    assert all(h.agency_id in AGENCIES for h in SCENARIO.holdings)
    assert set(SCENARIO.entities) == set(HOLDINGS)


def test_entities_valid_with_metadata() -> None:
    ids: set[str] = set()
    for holding_id, entities in SCENARIO.entities.items():
        assert len(entities) >= HOLDINGS[holding_id].size
        for seed in entities:
            assert seed.entity["id"] not in ids
            ids.add(seed.entity["id"])
            assert_ftm_clean(seed.entity)
            meta = seed.meta
            assert meta["handling_code"] in set(HandlingCode)
            assert meta["source_eval"] in set(SourceEval)
            assert meta["info_eval"] in set(InfoEval)
            assert meta["subject_category"] in set(SubjectCategory)
            assert meta["legal_basis"]
            dt.date.fromisoformat(meta["review_date"])
            props = seed.entity["properties"]
            if "idNumber" in props and "nationality" in props:
                assert_id_valid(props["idNumber"][0], props["nationality"][0])


def test_some_review_dates_have_passed() -> None:
    dates = [s.meta["review_date"] for es in SCENARIO.entities.values() for s in es]
    assert any(d < "2025-06-01" for d in dates)


def test_planted_overlaps_cross_countries_and_are_in_holdings() -> None:
    all_ids = {s.entity["id"] for es in SCENARIO.entities.values() for s in es}
    assert len(PLANTED_OVERLAPS) >= 6
    assert any(
        has_cyrillic(o.sides[0].properties["name"][0])
        != has_cyrillic(o.sides[1].properties["name"][0])
        for o in PLANTED_OVERLAPS
    )
    for overlap in PLANTED_OVERLAPS:
        left, right = overlap.pair
        assert left in all_ids and right in all_ids
        owners = [HOLDINGS[side.holding_id].agency_id for side in overlap.sides]
        assert AGENCIES[owners[0]].country != AGENCIES[owners[1]].country
        assert overlap.sides[0].properties["name"] != overlap.sides[1].properties["name"]
