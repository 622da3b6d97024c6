from __future__ import annotations

import datetime as dt

from accord.demo.synth import RawPerson
from accord.demo.variants import generate_linked, write_form
from tests.demo.helpers import assert_ftm_clean, assert_id_valid

LEFT, RIGHT, TRUTH = generate_linked(2000, 11, dup_rate=0.3)


def test_linked_is_deterministic() -> None:
    assert generate_linked(2000, 11, dup_rate=0.3) == (LEFT, RIGHT, TRUTH)


def test_truth_pairs_reference_both_sides_once() -> None:
    left_ids = {e["id"] for e in LEFT}
    right_ids = {e["id"] for e in RIGHT}
    assert len(left_ids) == len(LEFT) == len(right_ids) == len(RIGHT) == 2000
    assert not left_ids & right_ids
    assert 450 < len(TRUTH) < 750
    assert len({a for a, _ in TRUTH}) == len({b for _, b in TRUTH}) == len(TRUTH)
    assert all(a in left_ids and b in right_ids for a, b in TRUTH)


def test_right_ids_do_not_reveal_pairs() -> None:
    same_number = sum(a.split("-")[1] == b.split("-")[1] for a, b in TRUTH)
    assert same_number < len(TRUTH) // 10


def test_variants_are_same_person_but_differ() -> None:
    left = {e["id"]: e["properties"] for e in LEFT}
    right = {e["id"]: e["properties"] for e in RIGHT}
    for a, b in TRUTH:
        lp, rp = left[a], right[b]
        assert lp["gender"] == rp["gender"]
        assert any(lp.get(k) != rp.get(k) for k in ("name", "birthDate", "idNumber"))
        if "idNumber" in rp:
            assert rp["idNumber"] == lp["idNumber"]
        if "birthDate" in rp and rp["birthDate"] != lp["birthDate"]:
            left_date = dt.date.fromisoformat(lp["birthDate"][0])
            right_date = dt.date.fromisoformat(rp["birthDate"][0])
            assert (right_date.day, right_date.month) == (left_date.month, left_date.day)


def test_variation_kinds_all_occur() -> None:
    left = {e["id"]: e["properties"] for e in LEFT}
    right = {e["id"]: e["properties"] for e in RIGHT}
    seen = set()
    for a, b in TRUTH:
        lp, rp = left[a], right[b]
        if "birthDate" not in rp:
            seen.add("no dob")
        elif rp["birthDate"] != lp["birthDate"]:
            seen.add("swapped dob")
        if "idNumber" not in rp:
            seen.add("no id")
        if rp["name"][0] == f"{rp['lastName'][0]} {rp['firstName'][0]}":
            seen.add("order")
        if rp["lastName"][0].isupper():
            seen.add("icao")
        if rp["lastName"][0].endswith("iq") and not lp["lastName"][0].endswith("iq"):
            seen.add("albanian")
    assert seen == {"no dob", "swapped dob", "no id", "order", "icao", "albanian"}


def test_every_entity_valid() -> None:
    for entity in LEFT + RIGHT:
        assert_ftm_clean(entity)
        props = entity["properties"]
        if "idNumber" in props and "nationality" in props:
            assert_id_valid(props["idNumber"][0], props["nationality"][0])


def test_write_forms() -> None:
    assert write_form("Đorđević", "sr", "icao") == "DORDEVIC"
    assert write_form("Đorđević", "sr", "press") == "Djordjevic"
    assert write_form("Hodžić", "bs", "press") == "Hodzic"
    assert write_form("Hodžić", "bs", "albanian") == "Hoxhiq"
    assert write_form("Petrović", "sr", "albanian") == "Petroviq"
    assert write_form("Ljubomir", "sr", "cyrillic") == "Љубомир"
    assert write_form("Krasniqi", "sq", "cyrillic") == "Краснићи"
    assert write_form("Gjergj", "sq", "definite") == "Gjergji"
    assert write_form("Ѓорѓиевски", "mk", "icao") == "GJORGJIEVSKI"
    assert write_form("Ѓорѓиевски", "mk", "gaj") == "Đorđievski"


def test_raw_person_is_a_plain_tuple() -> None:
    assert RawPerson._fields[:3] == ("community", "country", "script")
