"""Happy paths of import and export, through the CLI and over HTTP, on both databases."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import select

from accord.core.settings import Settings
from accord.services.ingest.importer import ImportOptions, import_entities
from accord.services.runtime import Runtime
from accord.store.db import Database
from accord.store.tables import AuditEvent, Entity, EntityTombstone
from tests.conftest import make_settings
from tests.factories import World
from tests.ingest.conftest import Cli, counts, jsonl, person

NDJSON = {"Content-Type": "application/x-ndjson"}


def _entity(db: Database, entity_id: str) -> Entity:
    with db.read() as tx:
        row = tx.execute(select(Entity).where(Entity.entity_id == entity_id)).scalar_one()
        tx.expunge(row)
        return row


def _last_event(db: Database) -> AuditEvent:
    with db.read() as tx:
        event = tx.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
        tx.expunge(event)
        return event


def test_cli_imports_json_lines_with_metadata(
    cli: Cli, db: Database, world: World, write_file: Callable[[str, bytes], Path]
) -> None:
    content = jsonl(
        person("p-1", handling_code="H2", evaluation="B2", subject_category="suspect",
               legal_basis="CPC art. 12", review_date="2027-06-30"),
        person("p-2", properties={"name": ["  Фатмир   Хоџа "], "birthDate": ["1979-03-14"]}),
    )  # fmt: skip
    path = write_file("people.jsonl", content)
    result = cli("import", str(path), "--holding", "a-shared", "--as", "a-analyst",
                 "--handling-code", "H1", "--subject-category", "contact")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "imported 2 entities into a-shared (2 new, 0 replaced, 0 rejected)" in result.stdout
    first, second = _entity(db, "p-1"), _entity(db, "p-2")
    assert (first.handling_code, first.source_eval, first.info_eval) == ("H2", "B", "2")
    assert (first.subject_category, first.legal_basis) == ("suspect", "CPC art. 12")
    assert first.review_date is not None and first.review_date.isoformat() == "2027-06-30"
    # Defaults from the command line where the line carries none; FtM-cleaned values stored.
    assert (second.handling_code, second.subject_category, second.info_eval) == (
        "H1",
        "contact",
        "4",
    )
    assert json.loads(second.properties)["name"] == ["Фатмир Хоџа"]
    assert second.caption == "Фатмир Хоџа"
    event = _last_event(db)
    assert (event.action, event.object_type, event.object_id) == ("create", "holding", "a-shared")
    assert (event.actor, event.agency_id, event.object_agency_id) == (
        "a-analyst",
        "agency-a",
        "agency-a",
    )
    assert json.loads(event.detail) == {
        "operation": "import", "file": "people.jsonl", "format": "jsonl",
        "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content),
        "inserted": 2, "replaced": 0, "rejected": 0,
    }  # fmt: skip


def test_http_imports_json_lines(client: TestClient, db: Database, world: World) -> None:
    response = client.post(
        "/api/holdings/a-pointer/entities",
        content=jsonl(person("p-1"), person("p-2")),
        params={"evaluation": "A1"},
        headers={**world.auth("a", "supervisor"), **NDJSON},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["inserted"], body["replaced"], body["rejected"]) == (2, 0, 0)
    assert (_entity(db, "p-2").source_eval, _entity(db, "p-2").info_eval) == ("A", "1")
    assert counts(db).imports == 1


MAPPING_YAML = """\
schema: Person
id_column: ref
id_prefix: "al-"
properties:
  name: [first, last]
  firstName: first
  lastName: last
  birthDate: {column: dob, format: "%d.%m.%Y"}
  phone: {column: phone, format: al}
  nationality: {literal: al}
  alias: {column: aliases, split: ";"}
meta:
  handling_code: H1
  subject_category: {column: category}
"""
CSV = (
    b"ref,first,last,dob,phone,aliases,category\n"
    b"1,Arben,Hoxha,16.09.1961,0691234567,Beni;Ben,suspect\n"
    b'2,"Gjergj",Kastrioti,01.05.1985,,,\n'
)


def test_cli_imports_csv_with_a_mapping(
    cli: Cli, db: Database, world: World, write_file: Callable[[str, bytes], Path]
) -> None:
    mapping = write_file("mapping.yml", MAPPING_YAML.encode())
    result = cli("import", str(write_file("people.csv", CSV)), "--holding", "a-shared",
                 "--mapping", str(mapping), "--as", "a-analyst")  # fmt: skip
    assert result.exit_code == 0, result.output
    first = _entity(db, "al-1")
    assert json.loads(first.properties) == {
        "alias": ["Beni", "Ben"], "birthDate": ["1961-09-16"], "firstName": ["Arben"],
        "lastName": ["Hoxha"], "name": ["Arben Hoxha"], "nationality": ["al"],
        "phone": ["+355691234567"],
    }  # fmt: skip
    assert (first.handling_code, first.subject_category) == ("H1", "suspect")
    assert _entity(db, "al-2").subject_category == "other"


def test_http_imports_csv_with_a_mapping(client: TestClient, db: Database, world: World) -> None:
    mapping = {"schema": "Person", "id_column": "ref", "properties": {"name": ["first", "last"]}}
    response = client.post(
        "/api/holdings/a-shared/entities",
        content=b"ref,first,last\nr1,Arben,Xhaferi\nr2,Ali,Ahmeti\n",
        params={"mapping": json.dumps(mapping)},
        headers={**world.auth("a"), "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["inserted"] == 2
    assert _entity(db, "r2").caption == "Ali Ahmeti"


def test_csv_errors_name_the_line_the_record_starts_on(
    client: TestClient, db: Database, world: World
) -> None:
    mapping = {"schema": "Person", "id_column": "ref", "properties": {"birthDate": "dob"}}
    response = client.post(
        "/api/holdings/a-shared/entities",
        content=b'ref,dob,note\nr1,1990-01-01,"two\nlines"\nr2,1990-13-01,x\n',
        params={"mapping": json.dumps(mapping)},
        headers={**world.auth("a"), "Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {"line": 4, "field": "properties.birthDate", "message": "'1990-13-01' is not a valid date"}
    ]
    assert counts(db).entities == 0


def test_skip_invalid_imports_the_rest_and_writes_a_reject_file(
    cli: Cli, db: Database, world: World, write_file: Callable[[str, bytes], Path], tmp_path: Path
) -> None:
    bad_line = b'{"id": "p-2", "schema": "Persn"}'
    path = write_file("mixed.jsonl", jsonl(person("p-1")) + bad_line + b"\n" + jsonl(person("p-3")))
    rejects = tmp_path / "rejects.jsonl"
    result = cli("import", str(path), "--holding", "a-shared", "--as", "a-analyst",
                 "--skip-invalid", "--reject-file", str(rejects))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(2 new, 0 replaced, 1 rejected)" in result.stdout
    assert [orjson.loads(line) for line in rejects.read_bytes().splitlines()] == [
        {"line": 2, "errors": [{"field": "schema", "message": "unknown schema 'Persn'"}],
         "raw": bad_line.decode()}
    ]  # fmt: skip
    assert counts(db).entities == 2
    assert json.loads(_last_event(db).detail)["rejected"] == 1


def test_http_skip_invalid_lists_the_rejects(
    client: TestClient, db: Database, world: World
) -> None:
    response = client.post(
        "/api/holdings/a-shared/entities",
        content=jsonl(person("p-1"), person("p-2", properties={"phone": ["12"]})),
        params={"skip_invalid": "true"},
        headers={**world.auth("a"), **NDJSON},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["inserted"], body["rejected"]) == (1, 1)
    assert body["rejects"] == [
        {"line": 2, "field": "properties.phone", "message": "'12' is not a valid phone number"}
    ]


def test_reimport_replaces_and_leaves_a_tombstone(
    client: TestClient, db: Database, world: World
) -> None:
    headers = {**world.auth("a"), **NDJSON}
    client.post("/api/holdings/a-shared/entities", content=jsonl(person("p-1"), person("p-2")),
                headers=headers)  # fmt: skip
    old = _entity(db, "p-1")
    changed = person("p-1", properties={"name": ["Arben Xhaferri"]})
    response = client.post(
        "/api/holdings/a-shared/entities", content=jsonl(changed), headers=headers
    )
    assert (response.json()["inserted"], response.json()["replaced"]) == (0, 1)
    new = _entity(db, "p-1")
    assert new.row_id > old.row_id
    assert json.loads(new.properties)["name"] == ["Arben Xhaferri"]
    with db.read() as tx:
        tombstones = tx.execute(
            select(EntityTombstone.row_id, EntityTombstone.holding_id, EntityTombstone.entity_id)
        ).all()
    assert [tuple(t) for t in tombstones] == [(old.row_id, "a-shared", "p-1")]
    assert counts(db).entities == 2


def test_the_same_id_in_another_holding_is_another_entity(
    client: TestClient, db: Database, world: World
) -> None:
    for holding in ("a-shared", "a-pointer"):
        client.post(f"/api/holdings/{holding}/entities", content=jsonl(person("p-1")),
                    headers={**world.auth("a"), **NDJSON})  # fmt: skip
    assert (counts(db).entities, counts(db).tombstones) == (2, 0)


def test_oversized_upload_is_refused_with_413(
    settings: Settings, db: Database, world: World
) -> None:
    from accord.app import create_app

    app = create_app(make_settings(settings.database_url, max_upload_bytes=2048))
    with TestClient(app) as small:
        response = small.post(
            "/api/holdings/a-shared/entities",
            content=jsonl(*(person(f"p-{n}") for n in range(40))),
            headers={**world.auth("a"), **NDJSON},
        )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert counts(db).entities == 0


def test_unknown_content_type_is_refused(client: TestClient, world: World) -> None:
    response = client.post("/api/holdings/a-shared/entities", content=b"x",
                           headers={**world.auth("a"), "Content-Type": "text/plain"})  # fmt: skip
    assert response.status_code == 400


def test_import_without_credentials_is_unauthorised(client: TestClient, world: World) -> None:
    response = client.post("/api/holdings/a-shared/entities", content=b"{}", headers=NDJSON)
    assert response.status_code == 401


def test_worker_processes_keep_lines_in_order(
    settings: Settings, db: Database, world: World
) -> None:
    """Validation in two worker processes: results come back in order, line numbers exact."""
    import io

    from accord.services.identity.auth import principal_for_user
    from accord.services.identity.directory import get_user

    lines = [person(f"p-{n}") for n in range(5000)]
    lines[4321] = person("p-4321", properties={"birthDate": ["1990-02-30"]})
    runtime = Runtime.from_settings(settings)
    with db.read() as tx:
        principal = principal_for_user(get_user(tx, "a-analyst"), via="cli")
    rejected: list[int] = []
    result = import_entities(
        runtime, principal, "a-shared", io.BytesIO(jsonl(*lines)),
        ImportOptions(workers=2, skip_invalid=True, on_reject=lambda r: rejected.append(r[0])),
    )  # fmt: skip
    runtime.close()
    assert (result.inserted, result.rejected, rejected) == (4999, 1, [4322])
