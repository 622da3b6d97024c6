"""CSV files with a column-to-property mapping (YAML or JSON), turned into FtM entities.

The mapping format is documented in docs/import.md. A mapped row becomes the same
entity dict a JSON line would be, and goes through the same validation.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from followthemoney import model
from followthemoney.types import registry

from accord.core.errors import InvalidInput
from accord.services.ingest.linereader import LineReader
from accord.services.ingest.validate import META_FIELDS

__all__ = ["Mapping", "load_mapping", "mapped_rows", "parse_mapping"]

_MAPPING_KEYS = frozenset({"schema", "id_column", "id_prefix", "properties", "meta", "delimiter"})
_SPEC_KEYS = frozenset({"column", "columns", "join", "split", "format", "literal"})


@dataclass(frozen=True)
class Spec:
    """Where one property or metadata field takes its values from."""

    columns: tuple[str, ...] = ()
    join: str | None = None  # columns joined into one value; None: one value per column
    split: str | None = None
    format: str | None = None  # strptime pattern of a date, or the country a phone is dialed in
    literal: str | None = None


@dataclass(frozen=True)
class Mapping:
    schema: str
    id_column: str
    id_prefix: str = ""
    delimiter: str = ","
    properties: dict[str, Spec] = field(default_factory=dict)
    meta: dict[str, Spec] = field(default_factory=dict)

    def columns(self) -> Iterator[tuple[str, str]]:
        """(field, column) for every column the mapping reads."""
        yield "id_column", self.id_column
        for group, specs in (("properties", self.properties), ("meta", self.meta)):
            for name, spec in specs.items():
                for column in spec.columns:
                    yield f"{group}.{name}", column


def _fail(field_name: str, message: str) -> InvalidInput:
    return InvalidInput(
        f"the mapping is not valid: {field_name}: {message}",
        details=[{"field": field_name, "message": message}],
    )


def _spec(where: str, raw: Any) -> Spec:
    if isinstance(raw, str):
        return Spec(columns=(raw,))
    if isinstance(raw, list) and raw and all(isinstance(c, str) for c in raw):
        return Spec(columns=tuple(raw), join=" ")
    if not isinstance(raw, dict) or not raw or set(raw) - _SPEC_KEYS:
        raise _fail(
            where, f"expected a column, a list of columns or an object of {sorted(_SPEC_KEYS)}"
        )
    columns = raw.get("columns", [raw["column"]] if "column" in raw else [])
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise _fail(where, "columns must be a list of column names")
    literal = raw.get("literal")
    if bool(columns) == (literal is not None):
        raise _fail(where, "give either column(s) or a literal")
    for key in ("join", "split", "format"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise _fail(where, f"{key} must be a string")
    return Spec(
        columns=tuple(columns),
        join=raw.get("join"),
        split=raw.get("split"),
        format=raw.get("format"),
        literal=None if literal is None else str(literal),
    )


def parse_mapping(raw: Any) -> Mapping:
    """Check a decoded mapping document against the FtM model."""
    if not isinstance(raw, dict):
        raise _fail("mapping", "must be an object")
    for key in set(raw) - _MAPPING_KEYS:
        raise _fail(str(key), "unknown key")
    schema = model.get(raw.get("schema") or "")
    if schema is None or schema.abstract:
        raise _fail("schema", f"'{raw.get('schema')}' is not a concrete FtM schema")
    id_column = raw.get("id_column")
    if not isinstance(id_column, str) or not id_column:
        raise _fail("id_column", "name the column that holds each row's id")
    properties: dict[str, Spec] = {}
    for name, spec in (raw.get("properties") or {}).items():
        prop = schema.get(name)
        if prop is None or prop.stub:
            raise _fail(f"properties.{name}", f"unknown property of schema {schema.name}")
        properties[name] = _spec(f"properties.{name}", spec)
    meta: dict[str, Spec] = {}
    for name, spec in (raw.get("meta") or {}).items():
        if name not in META_FIELDS:
            raise _fail(f"meta.{name}", f"unknown field; use one of {', '.join(META_FIELDS)}")
        meta[name] = _spec(f"meta.{name}", {"literal": spec} if isinstance(spec, str) else spec)
    delimiter = raw.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise _fail("delimiter", "must be one character")
    return Mapping(
        schema=schema.name,
        id_column=id_column,
        id_prefix=str(raw.get("id_prefix") or ""),
        delimiter=delimiter,
        properties=properties,
        meta=meta,
    )


def load_mapping(path: Path) -> Mapping:
    """Read a mapping file (``.yml``/``.yaml`` or ``.json``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read the mapping file {path.name}: {error}") from None
    return mapping_from_text(text, path.suffix.lower() in {".yml", ".yaml"})


def mapping_from_text(text: str, is_yaml: bool) -> Mapping:
    try:
        raw = yaml.safe_load(text) if is_yaml else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as error:
        raise InvalidInput(
            f"the mapping is not valid {'YAML' if is_yaml else 'JSON'}: {error}"
        ) from None
    return parse_mapping(raw)


def _values(spec: Spec, record: dict[str, str], prop_type: str | None) -> list[str]:
    if spec.literal is not None:
        return [spec.literal]
    cells = [record[c].strip() for c in spec.columns]
    if spec.join is not None:
        joined = spec.join.join(cell for cell in cells if cell)
        cells = [joined]
    values: list[str] = []
    for cell in cells:
        values.extend(cell.split(spec.split) if spec.split else [cell])
    values = [v.strip() for v in values if v.strip()]
    if spec.format and prop_type in {"date", "phone"}:
        # A format hint goes to FtM's own parser; a value it rejects stays as it was
        # and is reported by validation, naming the property.
        kind = registry.date if prop_type == "date" else registry.phone
        values = [kind.clean(v, format=spec.format) or v for v in values]
    return values


def _entity(mapping: Mapping, record: dict[str, str]) -> dict[str, Any]:
    schema = model.get(mapping.schema)
    assert schema is not None  # checked by parse_mapping
    cell = record[mapping.id_column].strip()
    entity: dict[str, Any] = {
        "id": f"{mapping.id_prefix}{cell}" if cell else None,
        "schema": mapping.schema,
        "properties": {},
    }
    for name, spec in mapping.properties.items():
        values = _values(spec, record, schema.properties[name].type.name)
        if values:
            entity["properties"][name] = values
    for name, spec in mapping.meta.items():
        values = _values(spec, record, None)
        if values:
            entity[name] = values[0]
    return entity


def mapped_rows(reader: LineReader, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line, entity) for every CSV record, or (line, error) for a record that cannot be read."""
    bad: dict[int, str] = {}
    physical = 0

    def decoded() -> Iterator[str]:
        nonlocal physical
        for raw in reader.lines():
            physical += 1
            if raw is None:
                bad[physical] = reader.too_long
                yield ""
                continue
            try:
                yield raw.decode("utf-8") + "\n"
            except UnicodeDecodeError as error:
                bad[physical] = (
                    f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})"
                )
                yield ""

    rows = csv.reader(decoded(), delimiter=mapping.delimiter, strict=True)
    try:
        header = next(rows)
    except StopIteration:
        return
    except csv.Error as error:
        raise InvalidInput(f"line 1: the CSV header cannot be read: {error}") from None
    if 1 in bad:
        raise InvalidInput(
            f"line 1: {bad[1]}", details=[{"line": 1, "field": None, "message": bad[1]}]
        )
    missing = [
        {"line": 1, "field": where, "message": f"column '{column}' is not in the CSV header"}
        for where, column in mapping.columns()
        if column not in header
    ]
    if missing:
        raise InvalidInput("the mapping names columns the CSV does not have", details=missing)
    end = rows.line_num
    while True:
        start = end + 1
        try:
            cells = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            end = rows.line_num
            yield start, f"the CSV record cannot be read: {error}"
            continue
        end = rows.line_num
        problem = next((bad[n] for n in range(start, end + 1) if n in bad), None)
        if problem is not None:
            yield start, problem
        elif not cells or cells == [""]:
            continue
        elif len(cells) != len(header):
            yield start, f"has {len(cells)} cells; the header has {len(header)}"
        else:
            yield start, _entity(mapping, dict(zip(header, cells, strict=True)))
