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
    ("Dobrivoje Ljubanić", "Добривоје Љубанић", "Dobrivoje Lubanić"),
    ("Nebojša Džambić", "Небојша Џамбић", "Nebojša Đambić"),
    # press forms and ICAO folding
    ("Đorđe Đorđević", "Djordje Djordjevic", "Đorđe Petrović"),
    ("Đorđe Đorđević", "DORDE DORDEVIC", "Đorđe Dedović"),
    ("Amra Hodžić", "Amra Hodzic", "Amra Hadžić"),
    ("Lazar Ćirović", "Lazar Chirovich", "Lazar Ćosović"),
    # Albanian orthography, also for Slavic names
    ("Zoran Đukanović", "Zoran Gjukanoviq", "Zoran Jukanović"),
    ("Fatmir Hoxha", "Фатмир Хоџа", "Fatmir Hoxhaj"),
    ("Arben Xhaferi", "Арбен Џафери", "Arben Jaferi"),
    ("Dušan Prodanović", "Dushan Prodanoviq", "Dušan Prodić"),
    # Macedonian letters and ICAO forms
    ("Ǵorǵi Ǵurovski", "GJORGJI GJUROVSKI", "Ǵorǵi Urovski"),
    ("Ḱiro Trpeski", "KJIRO TRPESKI", "Kiril Trpeski"),
    ("Boris Dzemovski", "Борис Ѕемовски", "Boris Zemovski"),
    # name order
    ("Vladislav Bogić", "Bogić, Vladislav", "Bogislav Vladić"),
    ("Stefan Pavlović", "ПАВЛОВИЋ Стефан", "Pavle Stefanović"),
    # Albanian definite forms
    ("Agim Kelmendi", "Agimi Kelmendi", "Agron Kelmendi"),
    ("Gjergj Shehu", "Gjergji Shehu", "Gjergj Shahu"),
    # given-name equivalents
    ("Muhamed Zukić", "Mohammed Zukić", "Mahir Zukić"),
    ("Jusuf Dedaj", "Yusuf Dedaj", "Jakup Dedaj"),
    # typos
    ("Katerina Tasevski", "Katerina Tasevksi", "Katerina Tasev"),
    ("Nikola Kitanovski", "Nikola Kitanovsky", "Nikola Kitanov"),
    # Western and Arabic names
    ("John Smith", "Jon Smith", "Joan Smyth-Jones"),
    ("Abdul Rahman Khalil", "Abdulrahman Halil", "Abdul Karim Khalil"),
    # family suffix: a consonant changed/added before -ić is another family; a typo is not
    ("Edin Bajić", "Edin Bajic", "Edin Bajkić"),
    ("Predrag Vukić", "PREDRAG VUKIC", "Predrag Vučić"),
    ("Bojan Petrić", "Bojan Petirć", "Bojan Petić"),
    # letters outside the region
    ("Mads Skovgård", "Mads Skovgaard", "Mads Skovberg"),
    ("Michał Kozłowiak", "Michal Kozlowiak", "Michał Kozłowski"),
    ("Dieter Großkopf", "Dieter Grosskopf", "Dieter Großmann"),
    ("Дмитрий Новиков", "Dmitriy Novikov", "Dmitriy Nikitin"),
    ("Юлия Соколова", "Yulia Sokolova", "Yulia Smirnova"),
    # titles, particles, initials
    ("Dr. Karl-Heinz Untermeier", "Karl-Heinz Untermeier", "Karl-Heinz Unterberger"),
    ("Willem van der Hoeven", "Willem Vanderhoeven", "Willem van den Broek"),
    ("Seamus McCallum", "Seamus Mc Callum", "Seamus McCann"),
    ("Edward Thomas Langley", "Edward T. Langley", "Edward K. Langley"),
    # Arabic: romanisation vowels, particles, father's name, script
    ("Saeed al-Ghamdi", "Said al-Ghamidi", "Saad al-Ghamdi"),
    ("Abd al-Karim Jabouri", "Abdelkarim Jabouri", "Abd al-Rahman Jabouri"),
    ("Nasr al-Din Kabbani", "Nasreddine Kabbani", "Nasser Kabbani"),
    ("Mishal bin Nayef Al Otaibi", "Mishal bin Nayef", "Nayef bin Mishal"),
    ("طارق الحلبي", "Tariq al-Halabi", "Tariq al-Halawani"),
    ("حسين العطار", "Hussein al-Attar", "Hassan al-Attar"),
    ("Yasir Qasim Najjar", "Yasser Kassem Najjar", "Yasir Hashem Najjar"),
]
# confusables that lose a letter's distinction the way ICAO or a keyboard does: they rank
# below the true variant but may still match
SPELLINGS_OF_THE_SAME_NAME = {"Dobrivoje Lubanić", "Nebojša Đambić", "Boris Zemovski"}


@pytest.mark.parametrize(("query", "variant", "other"), RULES)
def test_true_variant_ranks_above_confusable(query: str, variant: str, other: str) -> None:
    good = score_pair(person(query), person(variant)).score
    bad = score_pair(person(query), person(other)).score
    assert good >= DEFAULT_THRESHOLD
    assert good > bad
    if other not in SPELLINGS_OF_THE_SAME_NAME:
        assert bad < DEFAULT_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [
    ("Ivica Matović", "Ivica Marović"),
    ("Drita Hoxha", "Drita Hoxhaj"),
    ("Zoran Ristić", "Zorana Ristić"),
    ("Stevan Ilić", "Ilija Stevanović"),
    ("Amra Hodžić", "Amra Hadžić"),
])
def test_different_families_and_names_do_not_match(a: str, b: str) -> None:
    assert score_pair(person(a), person(b)).score < DEFAULT_THRESHOLD


def test_extra_evidence_ranks_inside_the_top_band() -> None:
    query = person("Zoran Đukanović", "1970-05-04", "rs", "0405970710011")
    name_only = score_pair(query, person("Зоран Ђукановић")).score
    with_date = score_pair(query, person("Зоран Ђукановић", "1970-05-04")).score
    with_id = score_pair(query, person("Зоран Ђукановић", "1970-05-04", id_number="0405970710011"))
    assert name_only < with_date < with_id.score < 1.0


def test_birth_date_rules() -> None:
    query = person("Arlind Bytyqi", "1984-10-06")
    same = score_pair(query, person("Arlind Bytyqi", "1984-10-06")).score
    swapped = score_pair(query, person("Arlind Bytyqi", "1984-06-10")).score
    year_only = score_pair(query, person("Arlind Bytyqi", "1984")).score
    other = score_pair(query, person("Arlind Bytyqi", "1951-03-02")).score
    assert same > swapped >= DEFAULT_THRESHOLD
    assert year_only >= DEFAULT_THRESHOLD
    assert other < DEFAULT_THRESHOLD


def test_identifier_and_gender_evidence() -> None:
    query = person("Dardan Kryeziu", id_number="1234567890", gender="male")
    conflict = score_pair(query, person("Dardan Kryeziu", id_number="9999999999")).score
    plain = score_pair(query, person("Dardan Kryeziu")).score
    assert conflict < plain
    assert score_pair(query, person("Dardan Kryeziu", gender="female")).score < DEFAULT_THRESHOLD


def test_explanations_name_each_feature() -> None:
    match = score_pair(person("Dardan Kryeziu", "1990-03-03"),
                       person("Дардан Криезиу", "1990-03-03"))
    assert set(match.features) == {"name", "birth_date"}
    name = match.features["name"]
    assert name.query == "Dardan Kryeziu" and name.candidate == "Дардан Криезиу"
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
    ("Ohrid Promet DOOEL", "Охрид Промет ДООЕЛ"),
])
def test_organizations_with_legal_forms(a: str, b: str) -> None:
    assert score_pair(org(a), org(b)).is_match


def test_legal_form_is_not_a_word() -> None:
    same = score_pair(org("Balkan Trade d.o.o."), org("Balkan Trade LLC")).score
    other = score_pair(org("Balkan Trade d.o.o."), org("Balkan Grade d.o.o.")).score
    assert same > other
    assert score_pair(org("Alfa d.o.o."), org("Beta d.o.o.")).score < DEFAULT_THRESHOLD
