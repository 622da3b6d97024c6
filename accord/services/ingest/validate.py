"""Validating one FtM entity (with its law-enforcement metadata) into a row to store.

Pure and picklable, so worker processes can run it on chunks of lines. Every problem
is reported with the line and the field it is in; FtM is the judge of schemas,
properties and values (``accord.services.ingest.ftmclean``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import orjson
from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.types import registry
from rigour.names import pick_name

from accord.core.errors import InvalidInput
from accord.model import HandlingCode, InfoEval, SourceEval, SubjectCategory
from accord.services.ingest.ftmclean import Cleaner, cleaner, stringify

__all__ = [
    "ENTITY_ID_MAX",
    "META_FIELDS",
    "Defaults",
    "LineResult",
    "Row",
    "make_defaults",
    "validate_entity",
    "validate_line",
]

ENTITY_ID_MAX = 255
META_FIELDS = (
    "handling_code", "evaluation", "source_eval", "info_eval", "subject_category",
    "legal_basis", "review_date",
)  # fmt: skip
# Keys of FtM's own JSON form that Accord derives or does not keep; accepted and ignored.
IGNORED_FIELDS = frozenset(
    {"caption", "datasets", "referents", "first_seen", "last_seen", "last_change", "target"}
)
_KNOWN = frozenset({"id", "schema", "properties", *META_FIELDS}) | IGNORED_FIELDS
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_JSON_POSITION = re.compile(r": line 1 column (\d+) \(char \d+\)$")
_LEGAL_BASIS_MAX = 2000
_SOURCES = frozenset(member.value for member in SourceEval)
_INFOS = frozenset(member.value for member in InfoEval)
_SHOWN = 60  # characters of a bad value quoted in a message

# (entity_id, schema, caption, properties JSON, handling_code, source_eval, info_eval,
#  subject_category, legal_basis, review_date)
Row = tuple[str, str, str, str, str, str, str, str, str, date | None]
Problem = tuple[str | None, str]  # (field, message)


@dataclass(frozen=True, slots=True)
class Defaults:
    """Metadata for lines that do not carry their own."""

    handling_code: str = HandlingCode.H0.value
    source_eval: str = SourceEval.X.value
    info_eval: str = InfoEval.UNVERIFIED.value
    subject_category: str = SubjectCategory.OTHER.value
    legal_basis: str = ""
    review_date: date | None = None


@dataclass(slots=True)
class LineResult:
    """One line: a row to store, or the problems that keep it out."""

    line: int
    row: Row | None
    problems: list[Problem]


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN else value[:_SHOWN] + "…"


@lru_cache(maxsize=256)
def _schema(name: str) -> Schema | None:
    schema: Schema | None = model.get(name)
    return schema


@lru_cache(maxsize=256)
def _label(schema: Schema) -> str:
    return str(schema.label)


def _caption(schema: Schema, props: dict[str, list[str]]) -> str:
    """FtM's caption rule (``EntityProxy.caption``) over cleaned properties."""
    for name in schema.caption:
        values = props.get(name)
        if not values:
            continue
        if len(values) > 1 and schema.properties[name].type == registry.name:
            picked = pick_name(sorted(values))
            if picked is not None:
                return str(picked)
        return values[0]
    return _label(schema)


def _unknown(schema: Schema, name: str, stub: bool) -> str:
    if stub:
        return f"'{name}' is a reverse property; set it on the other entity"
    return f"unknown property '{_shown(name)}' of schema {schema.name}"


_Known = tuple[Cleaner, str, bool, str] | str
_PROPERTIES: dict[tuple[str, str], _Known] = {}


def _property(schema: Schema, name: str) -> _Known:
    """(cleaner, field, is a reference, type label) of a settable property, or the error."""
    key = (schema.name, name)
    found = _PROPERTIES.get(key)
    if found is None:
        found = _PROPERTIES[key] = _describe(schema, name)
    return found


def _describe(schema: Schema, name: str) -> _Known:
    prop = schema.properties.get(name)
    if prop is None or prop.stub:
        return _unknown(schema, name, prop is not None)
    label = str(prop.type.label).lower()
    return cleaner(prop), f"properties.{name}", prop.type == registry.entity, label


def _properties(
    schema: Schema, entity_id: str, raw: Any, problems: list[Problem]
) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(("properties", "must be an object of property names to value lists"))
        return {}
    cleaned: dict[str, list[str]] = {}
    for name in sorted(raw):
        known = _property(schema, name) if isinstance(name, str) else "not a property name"
        if isinstance(known, str):
            problems.append((f"properties.{name}", known))
            continue
        clean_one, field, is_reference, label = known
        values = raw[name]
        if not isinstance(values, list):
            values = [values]
        out: list[str] = []
        for value in values:
            if isinstance(value, str):
                clean = clean_one(value)
                if clean is None and not value.strip():
                    continue
            elif value is None:
                continue
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(stringify(value))
                clean = clean_one(value)
            else:
                problems.append((field, "values must be strings"))
                continue
            if clean is None:
                problems.append((field, f"'{_shown(value)}' is not a valid {label}"))
            elif is_reference and clean == entity_id:
                problems.append((field, "an entity cannot refer to itself"))
            elif clean not in out:
                out.append(clean)
        if out:
            cleaned[name] = out
    return cleaned


def _enum(
    data: dict[str, Any], key: str, allowed: type[Any], default: str, problems: list[Problem]
) -> str:
    value = data.get(key)
    if value is None:
        return default
    choices = [member.value for member in allowed]
    if value not in choices:
        problems.append((key, f"'{_shown(str(value))}' is not one of {', '.join(choices)}"))
        return default
    return str(value)


@lru_cache(maxsize=8)
def _as_tuple(defaults: Defaults) -> tuple[str, str, str, str, str, date | None]:
    return (
        defaults.handling_code,
        defaults.source_eval,
        defaults.info_eval,
        defaults.subject_category,
        defaults.legal_basis,
        defaults.review_date,
    )


def _metadata(
    data: dict[str, Any], defaults: Defaults, problems: list[Problem]
) -> tuple[str, str, str, str, str, date | None]:
    if data.keys().isdisjoint(META_FIELDS):
        return _as_tuple(defaults)
    handling = _enum(data, "handling_code", HandlingCode, defaults.handling_code, problems)
    source = _enum(data, "source_eval", SourceEval, defaults.source_eval, problems)
    info = _enum(data, "info_eval", InfoEval, defaults.info_eval, problems)
    evaluation = data.get("evaluation")
    if evaluation is not None:
        text = str(evaluation)
        if len(text) != 2 or text[0] not in _SOURCES or text[1] not in _INFOS:
            problems.append(("evaluation", f"'{_shown(text)}' is not source A/B/C/X and 1–4"))
        elif (data.get("source_eval"), data.get("info_eval")) not in {(None, None), tuple(text)}:
            problems.append(("evaluation", "disagrees with source_eval/info_eval"))
        else:
            source, info = text[0], text[1]
    category = _enum(data, "subject_category", SubjectCategory, defaults.subject_category, problems)
    basis = data.get("legal_basis", defaults.legal_basis)
    if not isinstance(basis, str):
        problems.append(("legal_basis", "must be a string"))
        basis = ""
    elif len(basis) > _LEGAL_BASIS_MAX:
        problems.append(("legal_basis", f"longer than {_LEGAL_BASIS_MAX} characters"))
    review = defaults.review_date
    raw_review = data.get("review_date")
    if raw_review is not None:
        try:
            if not isinstance(raw_review, str) or not _ISO_DAY.fullmatch(raw_review):
                raise ValueError
            review = date.fromisoformat(raw_review)
        except ValueError:
            problems.append(
                ("review_date", f"'{_shown(str(raw_review))}' is not a YYYY-MM-DD date")
            )
    return handling, source, info, category, basis.strip(), review


def _entity_id(data: dict[str, Any], problems: list[Problem]) -> str | None:
    entity_id = data.get("id")
    if entity_id is None or entity_id == "":
        problems.append(("id", "missing"))
    elif not isinstance(entity_id, str):
        problems.append(("id", "must be a string"))
    elif len(entity_id) > ENTITY_ID_MAX:
        problems.append(("id", f"longer than {ENTITY_ID_MAX} characters"))
    elif registry.entity.REGEX.match(entity_id) is None:
        problems.append(("id", f"'{_shown(entity_id)}' may hold only a–z, A–Z, 0–9, '.' and '-'"))
    else:
        return entity_id
    return None


def validate_entity(data: Any, defaults: Defaults) -> tuple[Row | None, list[Problem]]:
    """Validate one decoded entity; the row is None when there is any problem."""
    if not isinstance(data, dict):
        return None, [(None, "expected a JSON object (an FtM entity)")]
    problems: list[Problem] = []
    if not _KNOWN.issuperset(data):
        for key in data:
            if key not in _KNOWN:
                problems.append((str(key), f"unknown field '{_shown(str(key))}'"))
    entity_id = _entity_id(data, problems)
    schema_name = data.get("schema")
    schema = _schema(schema_name) if isinstance(schema_name, str) else None
    if schema_name is None:
        problems.append(("schema", "missing"))
    elif schema is None:
        problems.append(("schema", f"unknown schema '{_shown(str(schema_name))}'"))
    elif schema.abstract:
        problems.append(("schema", f"schema '{schema.name}' is abstract; use a concrete one"))
    props: dict[str, list[str]] = {}
    if schema is not None and not schema.abstract:
        props = _properties(schema, entity_id or "", data.get("properties"), problems)
    meta = _metadata(data, defaults, problems)
    if problems or schema is None or entity_id is None:
        return None, problems
    body = orjson.dumps(props).decode()
    return (entity_id, schema.name, _caption(schema, props), body, *meta), problems


def _json_error(error: orjson.JSONDecodeError) -> str:
    message = _JSON_POSITION.sub(r" at column \1", str(error))
    return f"not valid JSON: {message}"


def validate_line(
    line: int, payload: bytes | dict[str, Any] | str, defaults: Defaults
) -> LineResult:
    """Validate one line: raw JSON bytes, an already mapped entity (CSV), or an error text."""
    if isinstance(payload, str):
        return LineResult(line, None, [(None, payload)])
    if isinstance(payload, bytes):
        try:
            data = orjson.loads(payload)
        except orjson.JSONDecodeError as error:
            try:
                payload.decode("utf-8")
            except UnicodeDecodeError as bad:
                where = f"byte 0x{payload[bad.start]:02x} at column {bad.start + 1}"
                return LineResult(line, None, [(None, f"not valid UTF-8 ({where})")])
            return LineResult(line, None, [(None, _json_error(error))])
    else:
        data = payload
    row, problems = validate_entity(data, defaults)
    return LineResult(line, row, problems)


def make_defaults(**given: str | None) -> Defaults:
    """Defaults from command options or query parameters, checked like a line's metadata."""
    problems: list[Problem] = []
    values = {key: value for key, value in given.items() if value not in (None, "")}
    for key in values:
        if key not in META_FIELDS:
            problems.append((key, "unknown metadata field"))
    meta = _metadata(values, Defaults(), problems)
    if problems:
        raise InvalidInput(
            "the default metadata is not valid",
            details=[{"field": f, "message": m} for f, m in problems],
        )
    return Defaults(*meta)
