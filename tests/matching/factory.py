"""One-line factories for matching tests (invented or very common names only)."""

from __future__ import annotations

from accord.matching import Record


def person(name: str, dob: str | None = None, nationality: str | None = None,
           id_number: str | None = None, gender: str | None = None, key: str = "x") -> Record:
    props: dict[str, list[str]] = {"name": [name]}
    if dob:
        props["birthDate"] = [dob]
    if nationality:
        props["nationality"] = [nationality]
    if id_number:
        props["idNumber"] = [id_number]
    if gender:
        props["gender"] = [gender]
    return Record.from_entity({"id": key, "schema": "Person", "properties": props})


def org(name: str, schema: str = "Company", key: str = "o") -> Record:
    return Record.from_entity({"id": key, "schema": schema, "properties": {"name": [name]}})
