"""Bad input, through the CLI and over HTTP, on SQLite and PostgreSQL: each gives its exact
error (message, line, field), and nothing is written — no entity, no audit event."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.store.db import Database
from tests.factories import World
from tests.ingest.conftest import Cli, counts, jsonl, person

GOOD = jsonl(person("p-1"))
TEN_MB = (
    b'{"id": "p-2", "schema": "Person", "properties": {"name": ["' + b"x" * (10 << 20) + b'"]}}'
)
MAPPING = {
    "schema": "Person",
    "id_column": "ref",
    "properties": {"name": ["first", "last"], "birthDate": "dob"},
}


@dataclass
class Case:
    file: str
    content: bytes
    message: str
    details: list[dict[str, Any]] = field(default_factory=list)
    mapping: dict[str, Any] | None = None
    holding: str = "a-shared"
    status: int = 422


def _invalid(name: str, line: int, field_name: str | None, message: str) -> dict[str, Any]:
    return {"line": line, "field": field_name, "message": message}


CASES = {
    "malformed-json": Case(
        "bad.jsonl",
        GOOD + b'{"id": "p-2", "schema": "Person",\n',
        "1 of 2 entities in bad.jsonl are not valid; nothing was imported",
        [_invalid("", 2, None, "not valid JSON: unexpected end of data at column 34")],
    ),
    "unknown-schema": Case(
        "bad.jsonl",
        GOOD + jsonl({**person("p-2"), "schema": "Persn"}),
        "1 of 2 entities in bad.jsonl are not valid; nothing was imported",
        [_invalid("", 2, "schema", "unknown schema 'Persn'")],
    ),
    "unknown-property": Case(
        "bad.jsonl",
        GOOD + jsonl(person("p-2", properties={"shoeSize": ["44"]})),
        "1 of 2 entities in bad.jsonl are not valid; nothing was imported",
        [_invalid("", 2, "properties.shoeSize", "unknown property 'shoeSize' of schema Person")],
    ),
    "invalid-date": Case(
        "bad.jsonl",
        GOOD + jsonl(person("p-2", properties={"birthDate": ["1990-02-30"]})),
        "1 of 2 entities in bad.jsonl are not valid; nothing was imported",
        [_invalid("", 2, "properties.birthDate", "'1990-02-30' is not a valid date")],
    ),
    "latin-1": Case(
        "bad.jsonl",
        GOOD
        + '{"id": "p-2", "schema": "Person", "properties": {"name": ["Hoxhë"]}}\n'.encode(
            "latin-1"
        ),
        "1 of 2 entities in bad.jsonl are not valid; nothing was imported",
        [_invalid("", 2, None, "not valid UTF-8 (byte 0xeb at column 64)")],
    ),
    "utf-16": Case(
        "bad.jsonl",
        GOOD.decode().encode("utf-16"),
        "the file is UTF-16; Accord reads UTF-8 only; nothing was imported",
        [_invalid("", 1, None, "not valid UTF-8 (it starts with a UTF-16 byte-order mark)")],
    ),
    "ten-mb-line": Case(
        "bad.jsonl",
        GOOD + TEN_MB + b"\n" + jsonl(person("p-3")),
        "1 of 3 entities in bad.jsonl are not valid; nothing was imported",
        [_invalid("", 2, None, "longer than 1048576 bytes (ACCORD_MAX_LINE_BYTES)")],
    ),
    "empty-file": Case("empty.jsonl", b"", "empty.jsonl holds no entities; nothing was imported"),
    "csv-missing-column": Case(
        "people.csv",
        b"ref,first,last,birth\nr1,Arben,Xhaferi,1961-09-16\n",
        "the mapping names columns the CSV does not have",
        [_invalid("", 1, "properties.birthDate", "column 'dob' is not in the CSV header")],
        mapping=MAPPING,
    ),
    "holding-of-another-agency": Case(
        "good.jsonl",
        GOOD,
        "holding 'b-shared' belongs to agency-b; only that agency may import into it",
        holding="b-shared",
        status=403,
    ),
}


def _assert_nothing_written(db: Database) -> None:
    written = counts(db)
    assert (written.entities, written.tombstones, written.imports) == (0, 0, 0)


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_cli_refuses_bad_input(
    case: Case,
    cli: Cli,
    db: Database,
    world: World,
    write_file: Callable[[str, bytes], Path],
) -> None:
    path = write_file(case.file, case.content)
    args = ["import", str(path), "--holding", case.holding, "--as", "a-analyst"]
    if case.mapping is not None:
        mapping = write_file("mapping.json", json.dumps(case.mapping).encode())
        args += ["--mapping", str(mapping)]
    result = cli(*args)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {case.message}"
    expected = [
        f"  line {d['line']}"
        + (f", field {d['field']}" if d["field"] else "")
        + f": {d['message']}"
        for d in case.details
    ]
    assert lines[1:] == expected
    _assert_nothing_written(db)


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_http_refuses_bad_input(case: Case, client: TestClient, db: Database, world: World) -> None:
    params: dict[str, str] = {"file_name": case.file}
    content_type = "application/x-ndjson"
    if case.mapping is not None:
        params["mapping"] = json.dumps(case.mapping)
        content_type = "text/csv"
    response = client.post(
        f"/api/holdings/{case.holding}/entities",
        content=case.content,
        params=params,
        headers={**world.auth("a"), "Content-Type": content_type},
    )
    assert response.status_code == case.status
    error = response.json()["error"]
    assert error["message"] == case.message
    assert error["details"] == case.details
    _assert_nothing_written(db)


def test_error_lists_every_bad_line_up_to_a_cap(
    cli: Cli, db: Database, world: World, write_file: Callable[[str, bytes], Path]
) -> None:
    bad = jsonl(*(person(f"p-{n}", properties={"birthDate": ["soon"]}) for n in range(250)))
    result = cli("import", str(write_file("many.jsonl", GOOD + bad)), "--holding", "a-shared",
                 "--as", "a-analyst")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "error: 250 of 251 entities in many.jsonl are not valid; nothing was imported"
    )
    assert "  … and 80 more" in result.stderr  # the CLI prints 20 of the 100 reported
    _assert_nothing_written(db)


def test_http_error_caps_details_at_100(client: TestClient, db: Database, world: World) -> None:
    bad = jsonl(*(person(f"p-{n}", properties={"birthDate": ["soon"]}) for n in range(250)))
    response = client.post(
        "/api/holdings/a-shared/entities",
        content=bad,
        headers={**world.auth("a"), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert len(details) == 100
    assert details[0] == _invalid("", 1, "properties.birthDate", "'soon' is not a valid date")
    assert details[-1]["line"] == 100
    _assert_nothing_written(db)


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("auditor", "the role auditor cannot read entities"),
        ("admin", "the role admin cannot read entities"),
    ],
)
def test_roles_that_may_not_import(
    role: str, message: str, client: TestClient, db: Database, world: World
) -> None:
    response = client.post(
        "/api/holdings/a-shared/entities",
        content=GOOD,
        headers={**world.auth("a", role), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == message
    _assert_nothing_written(db)


def test_metadata_errors_name_their_field(client: TestClient, db: Database, world: World) -> None:
    line = person("p-1", handling_code="H7", evaluation="Z9", subject_category="villain",
                  review_date="30.06.2027")  # fmt: skip
    response = client.post(
        "/api/holdings/a-shared/entities",
        content=jsonl(line),
        headers={**world.auth("a"), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        _invalid("", 1, "handling_code", "'H7' is not one of H0, H1, H2, H3"),
        _invalid("", 1, "evaluation", "'Z9' is not source A/B/C/X and 1–4"),
        _invalid("", 1, "subject_category",
                 "'villain' is not one of suspect, convicted, victim, witness, contact, other"),
        _invalid("", 1, "review_date", "'30.06.2027' is not a YYYY-MM-DD date"),
    ]  # fmt: skip
    _assert_nothing_written(db)
