from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from accord.demo.identifiers import albanian_nid, jmbg, jmbg_control, valid_jmbg
from accord.demo.namedata import BLOCKED_PAIRS, COMMUNITIES
from accord.demo.synth import generate_bank_accounts, generate_persons
from accord.demo.translit import cyrillic_to, gaj_to_cyrillic, has_cyrillic
from tests.demo.helpers import (
    assert_ftm_clean,
    assert_iban_valid,
    assert_id_valid,
    assert_phone_valid,
)

PERSONS = list(generate_persons(3000, 7))


def test_same_seed_same_output() -> None:
    again = list(generate_persons(3000, 7))
    assert json.dumps(again, ensure_ascii=False) == json.dumps(PERSONS, ensure_ascii=False)
    assert list(generate_persons(50, 8)) != PERSONS[:50]


def test_prefix_of_a_longer_run_is_the_shorter_run() -> None:
    assert list(generate_persons(100, 7)) == PERSONS[:100]


def test_every_person_is_clean_ftm() -> None:
    for person in PERSONS:
        assert_ftm_clean(person)


def test_id_numbers_valid_and_unique() -> None:
    ids = [p["properties"]["idNumber"][0] for p in PERSONS]
    assert len(set(ids)) == len(ids)
    for person in PERSONS:
        props = person["properties"]
        assert_id_valid(props["idNumber"][0], props["nationality"][0])


def test_id_numbers_agree_with_birth_date_and_gender() -> None:
    for person in PERSONS:
        props = person["properties"]
        number, birth = props["idNumber"][0], dt.date.fromisoformat(props["birthDate"][0])
        female = props["gender"] == ["female"]
        if len(number) == 13 and props["nationality"][0] != "hr":
            assert number[:7] == birth.strftime("%d%m") + f"{birth.year % 1000:03d}"
            assert (int(number[9:12]) >= 500) is female
        if props["nationality"] == ["al"]:
            month = int(number[2:4])
            assert (month > 50) is female
            assert month - (50 if female else 0) == birth.month


def test_phones_valid() -> None:
    phones = [p["properties"]["phone"][0] for p in PERSONS if "phone" in p["properties"]]
    assert len(phones) > 1000
    for phone in phones:
        assert_phone_valid(phone)


def test_region_and_scripts_are_represented() -> None:
    nationalities = Counter(p["properties"]["nationality"][0] for p in PERSONS)
    assert set(nationalities) >= {"al", "ba", "xk", "mk", "rs"}
    names = [p["properties"]["name"][0] for p in PERSONS]
    assert any(has_cyrillic(n) for n in names)
    assert any("ë" in n or "ç" in n.lower() for n in names)
    assert any(c in n for n in names for c in "čćšžđ")
    assert any(c in n for n in names for c in "ѓќѕ")  # Macedonian-only letters


def test_common_surnames_much_more_frequent() -> None:
    surnames = Counter(p["properties"]["lastName"][0] for p in PERSONS)
    top, *_ = surnames.most_common(1)
    rare = [n for n in COMMUNITIES["sq"].surnames[-10:] if surnames[n]]
    assert top[1] >= 5 * max((surnames[n] for n in rare), default=1)


def test_gender_matches_given_name_lists() -> None:
    for person in PERSONS[:500]:
        props = person["properties"]
        given = props["firstName"][0]
        female = props["gender"] == ["female"]
        lists = [c.female if female else c.male for c in COMMUNITIES.values()]
        known = {n for names in lists for n in names}
        known |= {gaj_to_cyrillic(n) for n in known} | {
            cyrillic_to(n, "mk_official") for n in known
        }
        assert given in known


def test_no_blocked_public_figure_pairs() -> None:
    pairs = {(p["properties"]["firstName"][0], p["properties"]["lastName"][0]) for p in PERSONS}
    assert not pairs & BLOCKED_PAIRS


def test_bank_accounts_valid_ibans_and_links() -> None:
    entities = list(generate_bank_accounts(PERSONS[:400], 3))
    accounts = [e for e in entities if e["schema"] == "BankAccount"]
    assert len(accounts) > 50
    ids = {p["id"] for p in PERSONS[:400]}
    for entity in entities:
        assert_ftm_clean(entity)
        if entity["schema"] == "BankAccount":
            assert_iban_valid(entity["properties"]["iban"][0])
        else:
            assert entity["properties"]["owner"][0] in ids


@pytest.mark.parametrize(
    ("birth", "region", "serial", "expected"),
    [(dt.date(1985, 3, 7), 71, 123, "0703985711233")],
)
def test_jmbg_known_value(birth: dt.date, region: int, serial: int, expected: str) -> None:
    assert jmbg(birth, region, serial) == expected
    assert valid_jmbg(expected)
    assert not valid_jmbg(expected[:-1] + str((int(expected[-1]) + 1) % 10))


def test_jmbg_never_issues_control_ten() -> None:
    for serial in range(1000):
        number = jmbg(dt.date(1970, 1, 1), 71, serial)
        body = f"0101970{71:02d}{serial:03d}"
        assert (number is None) == (jmbg_control(body) is None)


def test_albanian_nid_matches_published_example_shape() -> None:
    assert albanian_nid(dt.date(1990, 1, 1), False, 10)[:9] == "J00101010"
    assert albanian_nid(dt.date(1990, 1, 1), True, 10)[:9] == "J05101010"


def test_translit_keeps_the_j_of_lj() -> None:
    assert cyrillic_to("Љубомир Ђорђевић", "gaj") == "Ljubomir Đorđević"
    assert gaj_to_cyrillic("Ljubomir Njegoš") == "Љубомир Његош"
    assert cyrillic_to("Ѓорѓиевски", "mk_official").upper() == "GJORGJIEVSKI"
