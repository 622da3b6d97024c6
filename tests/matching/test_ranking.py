"""One ranking test per normalisation rule (the region's and beyond): the true variant beats
the confusable name."""

from __future__ import annotations

import pytest

from accord.matching import DEFAULT_THRESHOLD, score_pair
from tests.matching.factory import org, person

# (query, true variant, confusable other name): the variant matches and outranks the other,
# which does not match (unless listed in SPELLINGS_OF_THE_SAME_NAME)
RULES = [
    # Serbian Cyrillic <-> Latin, digraphs lj/nj/dž
    ("Đorđe Đorđević", "Ђорђе Ђорђевић", "Đorđe Petrović"),
    ("Dragutin Ljubić", "Драгутин Љубић", "Dragutin Lubić"),
    ("Nemanja Džaković", "Немања Џаковић", "Nemanja Đaković"),
    # press forms and ICAO folding
    ("Đorđe Đorđević", "Djordje Djordjevic", "Đorđe Petrović"),
    ("Đorđe Đorđević", "DORDE DORDEVIC", "Đorđe Dedović"),
    ("Merima Hodžić", "Merima Hodzic", "Merima Hadžić"),
    ("Luka Ćirić", "Luka Chirich", "Luka Ćosić"),
    # Albanian orthography, also for Slavic names
    ("Goran Đurić", "Goran Gjuriq", "Goran Jurić"),
    ("Fatmir Hoxha", "Фатмир Хоџа", "Fatmir Hoxhaj"),
    ("Arben Xhaferi", "Арбен Џафери", "Arben Jaferi"),
    ("Miloš Popović", "Milosh Popoviq", "Miloš Popadić"),
    # Macedonian letters and ICAO forms
    ("Ǵorǵi Ǵurovski", "GJORGJI GJUROVSKI", "Ǵorǵi Urovski"),
    ("Ḱiro Nedelkovski", "KJIRO NEDELKOVSKI", "Kiril Nedelkovski"),
    ("Kiril Dzeparoski", "Кирил Ѕепароски", "Kiril Zeparoski"),
    # name order
    ("Radoslav Tomić", "Tomić, Radoslav", "Tomislav Radić"),
    ("Ivan Petrović", "ПЕТРОВИЋ Иван", "Petar Ivanović"),
    # Albanian definite forms
    ("Agim Kelmendi", "Agimi Kelmendi", "Agron Kelmendi"),
    ("Gjergj Shehu", "Gjergji Shehu", "Gjergj Shahu"),
    # given-name equivalents
    ("Muhamed Hodžić", "Mohammed Hodžić", "Mahir Hodžić"),
    ("Jusuf Marku", "Yusuf Marku", "Jakup Marku"),
    # typos
    ("Katerina Ilievski", "Katerina Ilievksi", "Katerina Iliev"),
    ("Nikola Angelovski", "Nikola Angelovsky", "Nikola Angelov"),
    # Western and Arabic names
    ("John Smith", "Jon Smith", "Joan Smyth-Jones"),
    ("Abdul Rahman Khalil", "Abdulrahman Halil", "Abdul Karim Khalil"),
    # family suffix: a consonant changed/added before -ić is another family; a typo is not
    ("Senad Mujić", "Senad Mujic", "Senad Mujkić"),
    ("Stevan Lukić", "STEVAN LUKIC", "Stevan Lučić"),
    ("Goran Mitrić", "Goran Mitirć", "Goran Mitić"),
    # letters outside the region
    ("Søren Holmgård", "Soeren Holmgaard", "Søren Holmberg"),
    ("Łukasz Wróblewicz", "Lukasz Wroblewicz", "Łukasz Wróblewski"),
    ("Klaus Weißmann", "Klaus Weissmann", "Klaus Weismantel"),
    ("Сергей Кузнецов", "Sergey Kuznetsov", "Sergey Kuzmin"),
    ("Юлия Тимофеева", "Yulia Timofeeva", "Yulia Tikhonova"),
    # titles, particles, initials
    ("Dr. Hans-Peter Obermaier", "Hans-Peter Obermaier", "Hans-Peter Oberhauser"),
    ("Pieter van der Berghe", "Pieter Vanderberghe", "Pieter van den Bosch"),
    ("Ciaran McAllister", "Ciaran Mc Allister", "Ciaran McAlinden"),
    ("Robert James Whitmore", "Robert J. Whitmore", "Robert K. Whitmore"),
    # Arabic: romanisation vowels, particles, father's name, script
    ("Saeed al-Harthi", "Said al-Harithi", "Saad al-Harthi"),
    ("Abd al-Karim Tamimi", "Abdelkarim Tamimi", "Abd al-Rahman Tamimi"),
    ("Nasr al-Din Haddad", "Nasreddine Haddad", "Nasser Haddad"),
    ("Faisal bin Turki Al Harbi", "Faisal bin Turki", "Turki bin Faisal"),
    ("طارق المصري", "Tariq al-Masri", "Tariq al-Masoudi"),
    ("حسين الشامي", "Hussein al-Shami", "Hassan al-Shami"),
    ("Yasir Qasim", "Yasser Kassem", "Yasir Hashem"),
]
# confusables that lose a letter's distinction the way ICAO or a keyboard does: they rank
# below the true variant but may still match
SPELLINGS_OF_THE_SAME_NAME = {"Dragutin Lubić", "Nemanja Đaković", "Kiril Zeparoski"}


@pytest.mark.parametrize(("query", "variant", "other"), RULES)
def test_true_variant_ranks_above_confusable(query: str, variant: str, other: str) -> None:
    good = score_pair(person(query), person(variant)).score
    bad = score_pair(person(query), person(other)).score
    assert good >= DEFAULT_THRESHOLD
    assert good > bad
    if other not in SPELLINGS_OF_THE_SAME_NAME:
        assert bad < DEFAULT_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [
    ("Ivica Petrović", "Ivica Petković"),
    ("Jovana Hoxha", "Jovana Hoxhaj"),
    ("Dragan Marković", "Dragana Marković"),
    ("Marko Lukić", "Luka Marković"),
    ("Merima Hodžić", "Merima Hadžić"),
])
def test_different_families_and_names_do_not_match(a: str, b: str) -> None:
    assert score_pair(person(a), person(b)).score < DEFAULT_THRESHOLD


def test_extra_evidence_ranks_inside_the_top_band() -> None:
    query = person("Goran Đurić", "1970-05-04", "rs", "0405970710011")
    name_only = score_pair(query, person("Горан Ђурић")).score
    with_date = score_pair(query, person("Горан Ђурић", "1970-05-04")).score
    with_id = score_pair(query, person("Горан Ђурић", "1970-05-04", id_number="0405970710011"))
    assert name_only < with_date < with_id.score < 1.0


def test_birth_date_rules() -> None:
    query = person("Jetmir Latifi", "1984-10-06")
    same = score_pair(query, person("Jetmir Latifi", "1984-10-06")).score
    swapped = score_pair(query, person("Jetmir Latifi", "1984-06-10")).score
    year_only = score_pair(query, person("Jetmir Latifi", "1984")).score
    other = score_pair(query, person("Jetmir Latifi", "1951-03-02")).score
    assert same > swapped >= DEFAULT_THRESHOLD
    assert year_only >= DEFAULT_THRESHOLD
    assert other < DEFAULT_THRESHOLD


def test_identifier_and_gender_evidence() -> None:
    query = person("Ilir Kryeziu", id_number="1234567890", gender="male")
    conflict = score_pair(query, person("Ilir Kryeziu", id_number="9999999999")).score
    plain = score_pair(query, person("Ilir Kryeziu")).score
    assert conflict < plain
    assert score_pair(query, person("Ilir Kryeziu", gender="female")).score < DEFAULT_THRESHOLD


def test_explanations_name_each_feature() -> None:
    match = score_pair(person("Ilir Kryeziu", "1990-03-03"), person("Илир Криезиу", "1990-03-03"))
    assert set(match.features) == {"name", "birth_date"}
    name = match.features["name"]
    assert name.query == "Ilir Kryeziu" and name.candidate == "Илир Криезиу"
    assert "krieziu" in name.detail
    assert match.is_match


def test_person_never_matches_organization() -> None:
    match = score_pair(person("Balkan Trade"), org("Balkan Trade"))
    assert match.score == 0.0 and not match.is_match


@pytest.mark.parametrize(("a", "b"), [
    ("Balkan Trade d.o.o.", "BALKAN TRADE DOO"),
    ("Agro Kosova sh.p.k.", "Agro Kosova SHPK"),
    ("Fondacija Mir", "Фондација Мир"),
    ("Shoqata Drita", "Shoqata e Drita"),
    ("Vardar Promet DOOEL", "Вардар Промет ДООЕЛ"),
])
def test_organizations_with_legal_forms(a: str, b: str) -> None:
    assert score_pair(org(a), org(b)).is_match


def test_legal_form_is_not_a_word() -> None:
    same = score_pair(org("Balkan Trade d.o.o."), org("Balkan Trade LLC")).score
    other = score_pair(org("Balkan Trade d.o.o."), org("Balkan Grade d.o.o.")).score
    assert same > other
    assert score_pair(org("Alfa d.o.o."), org("Beta d.o.o.")).score < DEFAULT_THRESHOLD
