"""Rules that carry evidence (issue: generalise, not remember): each rule on invented names
that appear in no benchmark file — the true variant matches, the confusable one does not."""

from __future__ import annotations

import pytest

from accord.matching import DEFAULT_THRESHOLD, Record, score_pair
from accord.matching.lexicon import ATTESTED_NAMES, LEGAL_FORMS, TITLES, load
from accord.matching.morphology import albanian_definite, frequency_verdict, regional_form
from accord.matching.normalize import skeleton
from tests.matching.factory import org, person


def vessel(name: str) -> Record:
    return Record.from_entity({"id": "v", "schema": "Vessel", "properties": {"name": [name]}})


PERSONS = [
    # Albanian definite -iu of -i stems; -aj is another family
    ("Fejzi Bejtiu", "Fejzi Bejti", "Fejzi Bejtaj"),
    # Bosnian -ija = Albanian -iu; Bosnian -a = Albanian -e; Turkish c = xh; devoicing
    ("Shaqir Velija", "Shaqir Veliu", "Shaqir Velaj"),
    ("Remzije Halimi", "Remzija Halimi", "Remzije Halili"),
    ("Cevdet Ramadani", "Xhevdet Ramadani", "Cevdet Ramadanaj"),
    ("Vahid Osmanagić", "Vahit Osmanagić", "Vahid Osmanović"),
    # frequency: a non-attested spelling one edit from an attested name is a typo of it;
    # two attested names one letter apart are two names
    ("Howard Pickering", "Howard Pickerinh", "Howard Pickens"),
    ("Gordon Harding", "Gordon Hardingg", "Gordon Hardin"),
    # titles (rigour's person prefixes and abbreviations)
    ("General Teodoro Alcantar", "Gen. Teodoro Alcantar", "General Teodoro Alcazar"),
    ("Col. Brendan Ashworth", "Colonel Brendan Ashworth", "Col. Brendan Ashford"),
]

ORGS = [
    # legal forms spelt out (rigour's organisation types), misspelt, numbers as words, plurals
    ("Brennholz Kessler GmbH", "Brennholz Kessler Gesellschaft mit beschränkter Haftung",
     "Brennholz Kessel GmbH"),
    ("Wrocław Textil Sp. z o.o.", "Wroclaw Textil spółka z ograniczoną odpowiedzialnością",
     "Wrocław Metal Sp. z o.o."),
    ("Marlin Joint Stock Company", "Marlin Joint Stok Company", "Marlin Jet Joint Stock Company"),
    ("Ostrava Tools Corporation", "Ostrava Tools Corpration", "Ostrava Toys Corporation"),
    ("Fourth Harbour Shipping Ltd", "4th Harbour Shipping Ltd", "Fifth Harbour Shipping Ltd"),
    ("Kestrel Dynamics Inc", "Kestrel Dynamic Inc", "Kestrel Ceramics Inc"),
]


@pytest.mark.parametrize(("query", "variant", "other"), PERSONS)
def test_person_rules(query: str, variant: str, other: str) -> None:
    assert score_pair(person(query), person(variant)).score >= DEFAULT_THRESHOLD
    assert score_pair(person(query), person(other)).score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(("query", "variant", "other"), ORGS)
def test_organisation_rules(query: str, variant: str, other: str) -> None:
    assert score_pair(org(query), org(variant)).score >= DEFAULT_THRESHOLD
    assert score_pair(org(query), org(other)).score < DEFAULT_THRESHOLD


def test_vessel_prefix_is_dropped() -> None:
    assert score_pair(vessel("MV Silver Tern"), vessel("Silver Tern")).score \
        >= DEFAULT_THRESHOLD
    assert score_pair(vessel("M/T Northern Quill"), vessel("Northern Quill")).score \
        >= DEFAULT_THRESHOLD
    assert score_pair(vessel("MV Silver Tern"), vessel("MV Copper Tern")).score \
        < DEFAULT_THRESHOLD


def test_morphology_rules_directly() -> None:
    assert albanian_definite("sejdi", "sejdiu") and albanian_definite("agim", "agimi")
    assert not albanian_definite("dragan", "dragana")
    assert regional_form("avdia", "avdiu") and regional_form("emina", "emine")
    assert not regional_form("conti", "conto")
    parker, barker, parkar = skeleton("Parker"), skeleton("Barker"), skeleton("Parkar")
    assert frequency_verdict(parker, barker, 1.0) == "two names"
    assert frequency_verdict(parker, parkar, 1.0) == "typo"
    assert frequency_verdict(parker, parkar, 0.3) == ""  # a doubled letter is no verdict


def test_data_carries_its_sources() -> None:
    attested = load("attested_names")
    assert {entry["source"] for entry in attested["lists"]} <= set(attested["sources"])
    assert {"parker", "barker", "schulz", "schulze"} <= ATTESTED_NAMES
    assert {"spzoo", "fze", "llp", "dooel", "eood"} <= set(LEGAL_FORMS)
    assert {"general", "colonel", "gen", "col"} <= TITLES
