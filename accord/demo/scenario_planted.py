"""Planted overlaps of the demo: invented subjects held by two agencies of two countries.

Each side is written the way that agency would write it; ``note`` says what differs, so a
demo presenter (and a test) knows what deconfliction should find. Entity ids are
``{holding_id}-planted-{key}``. All names, dates and numbers are invented; the id numbers
are valid in form (JMBG/EMBG control digit, Albanian NID structure).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["PLANTED_OVERLAPS", "PlantedOverlap", "PlantedSide"]


@dataclass(frozen=True, slots=True)
class PlantedSide:
    holding_id: str
    properties: dict[str, list[str]]
    meta: tuple[tuple[str, str], ...]

    def entity_id(self, key: str) -> str:
        return f"{self.holding_id}-planted-{key}"

    def entity(self, key: str) -> dict[str, Any]:
        properties = {prop: list(values) for prop, values in self.properties.items()}
        return {"id": self.entity_id(key), "schema": "Person", "properties": properties}


@dataclass(frozen=True, slots=True)
class PlantedOverlap:
    key: str
    note: str
    sides: tuple[PlantedSide, PlantedSide]

    @property
    def pair(self) -> tuple[str, str]:
        """The two entity ids that are the same subject."""
        return (self.sides[0].entity_id(self.key), self.sides[1].entity_id(self.key))


def _meta(
    code: str, evaluation: str, category: str, basis: str, review: str
) -> tuple[tuple[str, str], ...]:
    return (
        ("handling_code", code),
        ("source_eval", evaluation[0]),
        ("info_eval", evaluation[1]),
        ("subject_category", category),
        ("legal_basis", basis),
        ("review_date", review),
    )


def _person(name: tuple[str, str], **props: str) -> dict[str, list[str]]:
    given, surname = name
    out = {"name": [f"{given} {surname}"], "firstName": [given], "lastName": [surname]}
    out.update({key: [value] for key, value in props.items()})
    return out


_CT = "counter-terrorism investigation (demo)"

PLANTED_OVERLAPS: tuple[PlantedOverlap, ...] = (
    PlantedOverlap(
        "o1",
        "Serbian Cyrillic in Belgrade; Albanian orthography (-viq, sh) in Prishtina, no id.",
        (
            PlantedSide(
                "rs-police-ct.subjects",
                _person(("Небојша", "Радосављевић"), gender="male", birthDate="1984-03-11",
                        nationality="rs", idNumber="1103984712143", phone="+381641234517"),
                _meta("H1", "B2", "suspect", _CT, "2027-03-31"),
            ),
            PlantedSide(
                "xk-police-ctd.subjects",
                _person(("Nebojsha", "Radosavljeviq"), gender="male", birthDate="1984-03-11",
                        nationality="rs"),
                _meta("H2", "C3", "suspect", _CT, "2026-09-30"),
            ),
        ),
    ),
    PlantedOverlap(
        "o2",
        "Kosovo Albanian: Latin in Prishtina; Serbian Cyrillic (q→ћ) with day/month swapped.",
        (
            PlantedSide(
                "xk-police-ctd.watchlist",
                _person(("Valon", "Kastrati"), gender="male", birthDate="1991-07-02",
                        nationality="xk", idNumber="1204558931", phone="+38344718203"),
                _meta("H1", "B2", "suspect", _CT, "2028-01-31"),
            ),
            PlantedSide(
                "rs-border.alerts",
                _person(("Валон", "Кастрати"), gender="male", birthDate="1991-02-07",
                        nationality="xk"),
                _meta("H0", "B3", "suspect", _CT, "2026-12-31"),
            ),
        ),
    ),
    PlantedOverlap(
        "o3",
        "Bosniak: diacritics in Sarajevo; ICAO passport form (DŽ→DZ, Ć→C) at the Albanian border.",
        (
            PlantedSide(
                "ba-sipa.subjects",
                _person(("Dženan", "Mujanović"), gender="male", birthDate="1989-10-04",
                        nationality="ba", idNumber="0410989173220", passportNumber="A4471203"),
                _meta("H1", "A2", "suspect", _CT, "2027-06-30"),
            ),
            PlantedSide(
                "al-border.alerts",
                _person(("DZENAN", "MUJANOVIC"), gender="male", birthDate="1989-10-04",
                        nationality="ba", passportNumber="A4471203"),
                _meta("H0", "B2", "contact", _CT, "2026-06-30"),
            ),
        ),
    ),
    PlantedOverlap(
        "o4",
        "Macedonian: Cyrillic (Ѓ) in Skopje; Serbian Latin (Đ) in Belgrade, same phone.",
        (
            PlantedSide(
                "mk-police-ct.subjects",
                _person(("Горан", "Ѓорѓиевски"), gender="male", birthDate="1978-06-23",
                        nationality="mk", idNumber="2306978441873", phone="+38970412388"),
                _meta("H2", "B2", "suspect", _CT, "2027-12-31"),
            ),
            PlantedSide(
                "rs-police-ct.watchlist",
                _person(("Goran", "Đorđievski"), gender="male", phone="+38970412388",
                        nationality="mk"),
                _meta("H1", "C2", "contact", _CT, "2026-03-31"),
            ),
        ),
    ),
    PlantedOverlap(
        "o5",
        "Albanian from North Macedonia: EMBG in Skopje; definite form (Arlindi) and father's "
        "name in Tirana, no id.",
        (
            PlantedSide(
                "mk-nsa.persons-of-interest",
                _person(("Arlind", "Xhaferi"), gender="male", birthDate="1993-09-08",
                        nationality="mk", idNumber="0809993420364"),
                _meta("H2", "B3", "suspect", _CT, "2027-09-30"),
            ),
            PlantedSide(
                "al-asp-ctu.subjects",
                _person(("Arlindi", "Xhaferi"), gender="male", birthDate="1993-09-08",
                        fatherName="Bekim", nationality="mk"),
                _meta("H1", "B2", "suspect", _CT, "2028-03-31"),
            ),
        ),
    ),
    PlantedOverlap(
        "o6",
        "Serb from BiH: Cyrillic at the State Prosecutor's Office; press ASCII at EULEX.",
        (
            PlantedSide(
                "ba-prosecutor.cases",
                _person(("Огњен", "Вујошевић"), gender="male", birthDate="1986-01-27",
                        nationality="ba", idNumber="2701986134021"),
                _meta("H1", "A1", "convicted", _CT, "2029-01-31"),
            ),
            PlantedSide(
                "int-eulex.liaison",
                _person(("Ognjen", "Vujosevic"), gender="male", birthDate="1986-01-27"),
                _meta("H2", "B2", "suspect", "EULEX mandate — liaison (demo)", "2026-06-30"),
            ),
        ),
    ),
    PlantedOverlap(
        "o7",
        "Albanian woman: NID in Tirana; Macedonian Cyrillic in Skopje, no id, family name "
        "first.",
        (
            PlantedSide(
                "al-fiu.str-subjects",
                _person(("Fatmire", "Kelmendi"), gender="female", birthDate="1982-02-05",
                        nationality="al", idNumber="I25205077V"),
                _meta("H2", "B2", "suspect", "Albania: AML/CFT law — STR analysis (demo)",
                      "2027-05-31"),
            ),
            PlantedSide(
                "mk-fiu.str-subjects",
                {"name": ["Келменди Фатмире"], "firstName": ["Фатмире"],
                 "lastName": ["Келменди"], "gender": ["female"], "birthDate": ["1982-02-05"]},
                _meta("H2", "C3", "contact", "North Macedonia: AML/CFT law — STR analysis (demo)",
                      "2026-11-30"),
            ),
        ),
    ),
    PlantedOverlap(
        "o8",
        "Serb from Serbia: JMBG and Latin in Belgrade; one-letter typo and no date at KFOR.",
        (
            PlantedSide(
                "rs-prosecutor.cases",
                _person(("Strahinja", "Milutinović"), gender="male", birthDate="1995-05-19",
                        nationality="rs", idNumber="1905995736116"),
                _meta("H1", "A2", "suspect", _CT, "2028-05-31"),
            ),
            PlantedSide(
                "int-kfor-liaison.liaison",
                _person(("Strahinja", "Milutinovć"), gender="male", nationality="rs",
                        idNumber="1905995736116"),
                _meta("H2", "B3", "contact", "KFOR liaison arrangement (demo)", "2026-08-31"),
            ),
        ),
    ),
)  # fmt: skip
