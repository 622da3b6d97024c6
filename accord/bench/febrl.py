"""Link the two FEBRL4 files with the screening index and the pair scorer.

FEBRL rows (``given_name, surname, street_number, address_1, address_2, suburb,
postcode, state, date_of_birth, soc_sec_id``) become FtM-like ``Person`` dicts;
file B is indexed, every row of A is searched, and pairs above the threshold are
assigned one-to-one, best score first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from accord.bench.evaluate import metrics
from accord.matching.index import ScreeningIndex
from accord.matching.record import Record
from accord.matching.score import DEFAULT_THRESHOLD

__all__ = ["febrl_entity", "link_records", "linkage_metrics"]

_ADDRESS = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return ""
    return str(value).strip()


def febrl_entity(row_id: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """FtM ``Person`` dict for one FEBRL row."""
    props: dict[str, list[str]] = {}
    given, surname = _text(row.get("given_name")), _text(row.get("surname"))
    if given:
        props["firstName"] = [given]
    if surname:
        props["lastName"] = [surname]
    if given or surname:
        props["name"] = [" ".join(p for p in (given, surname) if p)]
    dob = _text(row.get("date_of_birth"))
    if len(dob) == 8 and dob.isdigit():
        props["birthDate"] = [f"{dob[:4]}-{dob[4:6]}-{dob[6:]}"]
    ssn = _text(row.get("soc_sec_id"))
    if ssn:
        props["idNumber"] = [ssn]
    address = " ".join(p for p in (_text(row.get(k)) for k in _ADDRESS) if p)
    if address:
        props["address"] = [address]
    return {"id": row_id, "schema": "Person", "properties": props}


def link_records(left: Iterable[Record], right: Iterable[Record],
                 threshold: float = DEFAULT_THRESHOLD, limit: int = 5) -> set[tuple[str, str]]:
    """One-to-one links ``(left.id, right.id)`` scoring at least ``threshold``."""
    right_list = list(right)
    index = ScreeningIndex()
    index.add_many(enumerate(right_list))
    scored: list[tuple[float, str, str]] = []
    for record in left:
        for key, match in index.search(record, limit=limit, threshold=threshold):
            scored.append((match.score, record.id, right_list[key].id))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_left: set[str] = set()
    used_right: set[str] = set()
    links: set[tuple[str, str]] = set()
    for _, a, b in scored:
        if a not in used_left and b not in used_right:
            used_left.add(a)
            used_right.add(b)
            links.add((a, b))
    return links


def linkage_metrics(found: set[tuple[str, str]],
                    truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``found`` links against ``truth``."""
    tp = len(found & truth)
    return metrics(tp, len(found) - tp, len(truth) - tp)
