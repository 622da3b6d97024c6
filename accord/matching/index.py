"""In-memory candidate generation (blocking) and ranked screening.

Each record is indexed under a few dozen integer keys:

* **name pairs** — the unordered pair of block keys (coarse skeletons, given names
  replaced by their equivalence group) of the family name and the first given name,
  plus the same pair with one letter deleted from either word (a typo, an Albanian
  definite ending or a transposition leaves both spellings with one shared deletion);
  other word pairs exactly; a one-word name under its own key;
* **identifiers** — every normalised document/account/phone number;
* **birth date** (day and month in either order) with the first two letters of each name
  word.

Keys live in a sorted ``int64`` array beside an ``int32`` array of rows, so a
million records cost tens of megabytes, not a dict per key.  A query looks its keys
up with ``searchsorted``, skips keys shared by more than ``max_posting`` records,
ranks rows by the summed weight of the keys they share and scores only the best
``max_candidates`` with :func:`~accord.matching.score.score_pair`.  Additions after
the last compaction go to a small dict that is merged in bulk; removals mark rows dead.

**Scopes.** Every record belongs to a *scope* (a holding), and a search names the scopes
it may see.  A stored key is the key's hash with its low 16 bits replaced by the scope's
code, so one key's posting is sorted by scope and a search reads only its scopes' slices
of it, found by ``searchsorted``: rows of other scopes are never counted, weighted or
ranked, so a search over some scopes ranks and scores exactly as an index holding only
their records would — no other scope can crowd a record out of the ``max_candidates``,
push a key over ``max_posting`` or change a weight.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from accord.matching.names import Name, equivalent_group
from accord.matching.normalize import block_key, consonants
from accord.matching.record import Record
from accord.matching.score import (
    DEFAULT_THRESHOLD,
    FeatureScore,
    Match,
    compatible,
    name_feature,
    score_pair,
    score_with_name,
)

__all__ = ["ScreeningIndex", "record_keys"]

_W_ID = 8.0
_W_PAIR = 3.0
_W_PAIR_FUZZY = 1.0
_W_WORD = 1.0
_W_DATE = 2.0
_W_AGREE = 0.3  # gender or country agreeing with the query: ranks, never admits
_MERGE_AT = 50_000
_COMPACT_AT = 1_000  # dead rows that, beyond an eighth of the live ones, force a merge
_SCOPE_MASK = 0xFFFF  # low 16 bits of a stored key: its row's scope code (0: a dead row)
_GENDER_CODE = {"m": 1, "f": 2}


@lru_cache(maxsize=200_000)
def _word_key(skel: str) -> str:
    group = equivalent_group(skel)
    return block_key(group if group is not None else skel)


@lru_cache(maxsize=200_000)
def _deletions(word: str) -> tuple[str, ...]:
    if len(word) < 3:
        return (word,)
    return tuple(dict.fromkeys([word] + [word[:i] + word[i + 1:] for i in range(len(word))]))


def _core_words(name: Name) -> list[str]:
    """Block keys of the family word first, then the other words (longest first)."""
    family = [name.words[i] for i in sorted(name.family)]
    others = sorted((w for i, w in enumerate(name.words) if i not in name.family),
                    key=len, reverse=True)
    return list(dict.fromkeys(_word_key(w) for w in family + others))[:4]


@lru_cache(maxsize=300_000)
def _name_keys(prefix: str, name: Name) -> tuple[dict[int, float], tuple[str, ...]]:
    """Blocking keys of one parsed name (cached: names repeat across records)."""
    keys: dict[int, float] = {}
    words = _core_words(name)
    initials = tuple(w[:2] for w in words[:2])
    if len(words) == 1:
        for variant in _deletions(words[0]):
            keys[hash((prefix, variant))] = _W_WORD
        return keys, initials
    first, second = words[0], words[1]
    for x in _deletions(first):
        keys.setdefault(hash((prefix, x, second) if x < second else (prefix, second, x)),
                        _W_PAIR_FUZZY)
    for y in _deletions(second):
        keys.setdefault(hash((prefix, first, y) if first < y else (prefix, y, first)),
                        _W_PAIR_FUZZY)
    for i, x in enumerate(words):
        for y in words[i + 1:]:
            keys[hash((prefix, x, y) if x < y else (prefix, y, x))] = _W_PAIR
    if name.arabic:  # Arabic script and romanisations share consonant skeletons
        cons = sorted({consonants(f) for f in name.folds if len(consonants(f)) >= 2})
        for i, x in enumerate(cons):
            for y in cons[i + 1:]:
                keys[hash(("ar", prefix, x, y))] = _W_PAIR_FUZZY
    return keys, initials


def record_keys(record: Record) -> dict[int, float]:
    """Hashed blocking keys of a record with their weights."""
    prefix = record.kind[0]
    names = record.names[:4]
    if not names:
        keys: dict[int, float] = {}
        initials: set[str] = set()
    elif len(names) == 1:
        own, first_initials = _name_keys(prefix, names[0])
        keys, initials = dict(own), set(first_initials)
    else:
        keys, initials = {}, set()
        for name in names:
            own, name_initials = _name_keys(prefix, name)
            initials.update(name_initials)
            for h, weight in own.items():
                if keys.get(h, 0.0) < weight:
                    keys[h] = weight
    for _kind, value in record.identifiers:
        keys[hash(("id", value))] = _W_ID
    for date in record.dates[:3]:
        if len(date) == 10:  # day and month in either order: a swap still meets
            low, high = sorted((date[5:7], date[8:10]))
            date = f"{date[:4]}-{low}-{high}"
        for initial in initials:
            keys[hash(("dob", date, initial))] = _W_DATE
    return keys


@dataclass(frozen=True, slots=True)
class _Allowed:
    """The scopes one search may see: sorted codes, and a mask indexed by scope code."""

    codes: npt.NDArray[np.int64]
    mask: npt.NDArray[np.bool_]


class ScreeningIndex:
    """Screen query records against indexed ones without comparing against all of them."""

    def __init__(self, max_candidates: int = 120, max_posting: int = 20_000) -> None:
        self.max_candidates = max_candidates
        self.max_posting = max_posting
        self._records: list[Record | None] = []
        self._owner: list[int] = []
        self._row_of: dict[int, int] = {}
        # rows with equal names share a name id: a query compares each distinct name once
        self._name_ids = array("i")
        self._name_id_of: dict[tuple[Name, ...], int] = {}
        # per row: gender (0 unknown, 1 m, 2 f) and first country code, to rank candidates
        # that agree with the query before equally supported ones that do not
        self._gender = array("b")
        self._country = array("i")
        self._country_code: dict[str, int] = {}
        # per row: its scope's code (1..65535), 0 once the row is dead
        self._row_scope = array("H")
        self._scope_code: dict[str, int] = {}
        self._allowed_of: dict[frozenset[str], _Allowed | None] = {}
        self._dead = 0  # dead rows still in the postings (dropped at the next merge)
        self._hashes: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self._rows: npt.NDArray[np.int32] = np.empty(0, dtype=np.int32)
        self._pending: dict[int, list[int]] = {}
        self._pending_count = 0
        self.last_candidates = 0  # how many records the last search scored

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, key: int) -> bool:
        return key in self._row_of

    def get(self, key: int) -> Record | None:
        row = self._row_of.get(key)
        return None if row is None else self._records[row]

    def add(self, key: int, record: Record, scope: str = "") -> None:
        """Index ``record`` in ``scope`` under the caller's integer ``key`` (replacing an
        older one)."""
        self.add_scoped(((key, scope, record),))

    def add_many(self, items: Iterable[tuple[int, Record]], scope: str = "") -> None:
        """Index many records of one scope; far faster than repeated :meth:`add`."""
        self.add_scoped((key, scope, record) for key, record in items)

    def add_scoped(self, items: Iterable[tuple[int, str, Record]]) -> None:
        """Index many ``(key, scope, record)``: the bulk load of records of many scopes."""
        hashes = array("q")
        rows = array("i")
        for key, scope, record in items:
            if key in self._row_of:
                self.remove(key)
            row = len(self._records)
            self._records.append(record)
            self._owner.append(key)
            self._row_of[key] = row
            code = self._scope_code.get(scope)
            self._row_scope.append(self._new_scope(scope) if code is None else code)
            self._name_ids.append(self._name_id_of.setdefault(record.names,
                                                              len(self._name_id_of)))
            self._gender.append(_GENDER_CODE.get(record.gender or "", 0))
            self._country.append(self._country_code.setdefault(
                min(record.countries), len(self._country_code) + 1) if record.countries else 0)
            record_hashes = record_keys(record)
            hashes.extend(record_hashes)
            rows.extend(array("i", [row]) * len(record_hashes))
        if len(hashes) >= _MERGE_AT or self._pending_count + len(hashes) >= _MERGE_AT:
            self._merge(hashes, rows)
        else:
            for h, row in zip(hashes, rows, strict=True):
                self._pending.setdefault(h, []).append(row)
            self._pending_count += len(hashes)

    def _new_scope(self, scope: str) -> int:
        code = len(self._scope_code) + 1
        if code > _SCOPE_MASK:
            raise ValueError(f"a screening index holds at most {_SCOPE_MASK:,} scopes")
        self._scope_code[scope] = code
        self._allowed_of.clear()
        return code

    def _merge(self, hashes: array[int], rows: array[int]) -> None:
        for h, pending_rows in self._pending.items():
            hashes.extend(array("q", [h]) * len(pending_rows))
            rows.extend(pending_rows)
        self._pending.clear()
        self._pending_count = 0
        new_hashes = np.frombuffer(hashes, dtype=np.int64) if hashes else self._hashes[:0]
        new_rows = np.frombuffer(rows, dtype=np.int32) if rows else self._rows[:0]
        scope_of = np.frombuffer(self._row_scope, dtype=np.uint16)
        # a stored key: the hash's high 48 bits, then the row's scope code
        new_hashes = (new_hashes & ~_SCOPE_MASK) | scope_of[new_rows]
        all_hashes = np.concatenate([self._hashes, new_hashes])
        all_rows = np.concatenate([self._rows, new_rows])
        if self._dead:
            alive = scope_of[all_rows] != 0
            all_hashes, all_rows = all_hashes[alive], all_rows[alive]
            self._dead = 0
        del scope_of  # release the array's buffer: it must stay growable
        order = np.argsort(all_hashes, kind="stable")
        self._hashes = all_hashes[order]
        self._rows = all_rows[order]

    def remove(self, key: int) -> bool:
        """Forget the record held under ``key``; returns whether there was one."""
        row = self._row_of.pop(key, None)
        if row is None:
            return False
        self._records[row] = None
        self._row_scope[row] = 0
        self._dead += 1
        if self._dead > _COMPACT_AT and self._dead > len(self._row_of) // 8:
            self._merge(array("q"), array("i"))  # drop the dead rows' keys
        return True

    def candidates(self, query: Record, scopes: Collection[str] | None = None) -> list[int]:
        """Handles (the caller's keys) of the records that would be scored for ``query``
        among ``scopes`` (None: every scope), best-supported first — for measuring
        candidate recall before scoring."""
        return [self._owner[row] for row in self._candidate_rows(query, scopes)]

    def _allowed(self, scopes: Collection[str] | None) -> _Allowed | None:
        """What a search over ``scopes`` may see; None when that is every scope."""
        if scopes is None:
            return None
        wanted = frozenset(scopes)
        if wanted in self._allowed_of:
            return self._allowed_of[wanted]
        codes = sorted(self._scope_code[s] for s in wanted if s in self._scope_code)
        allowed: _Allowed | None = None
        if len(codes) < len(self._scope_code):
            mask = np.zeros(len(self._scope_code) + 1, dtype=np.bool_)
            mask[codes] = True
            allowed = _Allowed(np.array(codes, dtype=np.int64), mask)
        if len(self._allowed_of) >= 256:
            self._allowed_of.clear()
        self._allowed_of[wanted] = allowed
        return allowed

    def _slices(self, bases: npt.NDArray[np.int64], allowed: _Allowed | None
                ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """``(start, end, key)`` of the stored slices of each key's posting a search may
        read: the whole posting, or one slice per allowed scope (found by ``searchsorted``
        alone: other scopes' rows are never read, however many there are)."""
        if allowed is None:
            targets, ranged = bases, bases | _SCOPE_MASK
            key = np.arange(len(bases))
        else:
            targets = ranged = (bases[:, None] | allowed.codes).ravel()
            key = np.repeat(np.arange(len(bases)), len(allowed.codes))
        starts = np.searchsorted(self._hashes, targets, side="left")
        ends = np.searchsorted(self._hashes, ranged, side="right")
        return starts, ends, key

    def _candidate_rows(self, query: Record, scopes: Collection[str] | None = None
                        ) -> list[int]:
        """Rows of ``scopes`` sharing blocking keys with ``query``, best-supported first
        (capped). Rows of other scopes are never read, and dead rows are dropped before
        weighting and capping: neither can take a candidate's place."""
        keys = record_keys(query)
        allowed = self._allowed(scopes)
        if not keys or (allowed is not None and not len(allowed.codes)):
            return []
        n = len(keys)
        hashes = np.fromiter(keys, dtype=np.int64, count=n)
        key_weights = np.fromiter(keys.values(), dtype=np.float64, count=n)
        starts, ends, seg_key = self._slices(hashes & ~_SCOPE_MASK, allowed)
        lens = ends - starts
        sizes = np.bincount(seg_key, weights=lens, minlength=n)  # dead rows still count
        extras: list[tuple[int, npt.NDArray[np.int32]]] = []
        for i in range(n) if self._pending else ():
            extra = self._pending.get(int(hashes[i]))
            if extra:
                rows = np.array(extra, dtype=np.int32)
                if allowed is not None:
                    rows = rows[allowed.mask[self._scopes_of(rows)]]
                sizes[i] += len(rows)
                extras.append((i, rows))
        usable = sizes <= self.max_posting  # too common a key is skipped
        take = usable[seg_key] & (lens > 0)
        starts, lens, seg_key = starts[take], lens[take], seg_key[take]
        offsets = np.repeat(starts - (np.cumsum(lens) - lens), lens)
        all_rows = self._rows[offsets + np.arange(len(offsets))]
        key_of = np.repeat(seg_key, lens)
        extras = [(i, rows) for i, rows in extras if usable[i]]
        if extras:
            all_rows = np.concatenate([all_rows, *(rows for _i, rows in extras)])
            key_of = np.concatenate([key_of, *(np.full(len(r), i) for i, r in extras)])
        if self._dead and len(all_rows):
            alive = self._scopes_of(all_rows) != 0
            all_rows, key_of = all_rows[alive], key_of[alive]
        if not len(all_rows):
            return []
        # a key's weight falls with the number of live visible rows that share it
        counts = np.bincount(key_of, minlength=n)
        per_key = key_weights / np.log2(np.maximum(counts, 1) + 1.0)
        unique, inverse = np.unique(all_rows, return_inverse=True)
        support = np.bincount(inverse, weights=per_key[key_of]).astype(np.float64)
        if query.gender in _GENDER_CODE:
            genders = np.frombuffer(self._gender, dtype=np.int8)[unique]
            support += _W_AGREE * (genders == _GENDER_CODE[query.gender])
        codes = [self._country_code[c] for c in query.countries if c in self._country_code]
        if codes:
            countries = np.frombuffer(self._country, dtype=np.int32)[unique]
            support += _W_AGREE * np.isin(countries, codes)
        if len(unique) > self.max_candidates:
            top = np.argpartition(-support, self.max_candidates)[: self.max_candidates]
            unique, support = unique[top], support[top]
        order = np.argsort(-support, kind="stable")
        return [int(r) for r in unique[order]]

    def _scopes_of(self, rows: npt.NDArray[np.int32]) -> npt.NDArray[np.uint16]:
        return np.frombuffer(self._row_scope, dtype=np.uint16)[rows]

    def search(self, query: Record, limit: int = 10, threshold: float = DEFAULT_THRESHOLD,
               scopes: Collection[str] | None = None) -> list[tuple[int, Match]]:
        """Best matches for ``query`` among ``scopes`` (None: every scope) as
        ``(key, Match)``, highest score first."""
        results: list[tuple[int, Match]] = []
        rows = self._candidate_rows(query, scopes)
        self.last_candidates = len(rows)
        names: dict[int, FeatureScore] = {}  # per (name id, person?) of the candidate
        for row in rows:
            record = self._records[row]
            if record is None:
                continue
            if not compatible(query, record):
                match: Match | None = score_pair(query, record, threshold)
            else:
                slot = 2 * self._name_ids[row] + (record.kind == "person")
                name = names.get(slot)
                if name is None:
                    name = names[slot] = name_feature(query, record)
                match = score_with_name(query, record, name, threshold, floor=threshold)
            if match is not None and match.score >= threshold:
                results.append((self._owner[row], match))
        results.sort(key=lambda item: (-item[1].score, item[0]))
        return results[:limit]
