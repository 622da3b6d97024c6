"""Checking the audit trail: every event's hash, every link, and anchors noted earlier.

The chain: event ``n`` stores ``prev_hash`` (the hash of the event before it, ``GENESIS`` for
the first) and ``hash`` = SHA-256 over its canonical fields, ``seq`` and ``prev_hash``
included (``audit.event_hash``). ``verify`` walks the events by ``seq`` and classifies each
break it finds, naming the event:

- **altered** — the event's fields no longer give its stored hash;
- **deleted** — a link is broken across a gap in ``seq`` (sequence numbers are never reused,
  so a gap whose link still holds is a rolled-back transaction on PostgreSQL, not a deletion);
  on SQLite, events missing from the end are caught by the table's AUTOINCREMENT counter;
- **inserted** — an event the chain skips: the next event links to the one before it;
- **reordered** — an event links to one that now stands after it.

An **anchor** is a head kept outside the database. The anchor file (``audit_anchor``: the
head's ``seq``, ``hash`` and time, appended automatically) is checked by default: an event
the file names must still carry the hash it had (else it was **rewritten**), and the trail
must reach the highest anchored ``seq`` (else it was **truncated**: "events after seq N
missing"). A head hash noted by hand elsewhere (by an agency's data-protection officer)
can be given too: ``verify(anchors=[…])`` fails unless every such hash is still in the
chain. Both catch what the chain alone cannot: anyone who can write the table can cut its
tail or recompute every SHA-256.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from accord.services.audit.anchor import Anchor, read_anchors
from accord.services.audit.trail import GENESIS, event_hash
from accord.store.tables import AuditEvent

__all__ = ["Problem", "VerifyResult", "verify"]


@dataclass(frozen=True, slots=True)
class Problem:
    seq: int | None  # the event named (None: the trail as a whole)
    kind: str  # altered, deleted, inserted, reordered, truncated, rewritten, anchor
    message: str


@dataclass(slots=True)
class VerifyResult:
    count: int = 0
    head_seq: int | None = None
    head_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)
    anchors_found: dict[str, int] = field(default_factory=dict)  # anchor -> seq
    anchor_file: str = ""  # the anchor file checked ("" when none)
    anchors_checked: int = 0  # its anchors
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return f"{self.count} events, chain intact, head {self.head_hash}"
        first = self.problems[0]
        return f"{self.count} events, chain BROKEN at {_name(first.seq)}: {first.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "count": self.count,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "anchors_found": self.anchors_found,
            "anchor_file": self.anchor_file,
            "anchors_checked": self.anchors_checked,
            "warnings": self.warnings,
            "problems": [
                {"seq": p.seq, "kind": p.kind, "message": p.message} for p in self.problems
            ],
        }


def _name(seq: int | None) -> str:
    return "the trail" if seq is None else f"event {seq}"


@dataclass(slots=True)
class _Link:
    seq: int
    hash: str


def _seq_of_hash(tx: Session, value: str) -> int | None:
    """Which event carries ``value`` as its hash (a scan; only run on a break)."""
    return tx.execute(
        select(AuditEvent.seq).where(AuditEvent.hash == value).order_by(AuditEvent.seq).limit(1)
    ).scalar_one_or_none()


def _link_problem(tx: Session, event: AuditEvent, before: _Link | None) -> Problem:
    """Why ``event.prev_hash`` is not the hash of the event before it."""
    seq = event.seq
    if before is None:
        return Problem(
            seq,
            "deleted" if seq > 1 else "altered",
            f"the first event left (seq {seq}) does not start the chain: "
            "the events before it were deleted, or its prev_hash was altered",
        )
    target = _seq_of_hash(tx, event.prev_hash)
    if target is not None and target > seq:
        return Problem(
            seq,
            "reordered",
            f"event {seq} was reordered: it links to event {target}, which now follows it",
        )
    if target is not None and target < before.seq:
        skipped = f"{before.seq}" if target + 1 == before.seq else f"{target + 1}–{before.seq}"
        return Problem(
            before.seq,
            "inserted",
            f"event {skipped} was inserted: event {seq} links to event {target}, skipping it",
        )
    if event.prev_hash == GENESIS:
        return Problem(
            before.seq, "inserted", f"event {before.seq} was inserted before the start of the chain"
        )
    if seq > before.seq + 1:
        missing = f"{before.seq + 1}" if seq == before.seq + 2 else f"{before.seq + 1}–{seq - 1}"
        return Problem(
            seq, "deleted", f"event {missing} was deleted: the chain breaks before event {seq}"
        )
    return Problem(
        seq,
        "inserted",
        f"event {seq} does not extend event {before.seq}: event {seq} was inserted, "
        f"or event {before.seq} was altered and its hash recomputed",
    )


def _sqlite_tail(tx: Session, last: int | None) -> Problem | None:
    """On SQLite the AUTOINCREMENT counter remembers the highest seq ever written."""
    if tx.get_bind().dialect.name != "sqlite":
        return None
    issued = tx.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'")
    ).scalar_one_or_none()
    if issued is not None and int(issued) > (last or 0):
        first_missing = (last or 0) + 1
        return Problem(
            first_missing,
            "deleted",
            f"event {first_missing}–{issued} was deleted from the end of the trail "
            f"(the highest seq ever written is {issued})",
        )
    return None


class _FileAnchors:
    """The anchor file's anchors, checked against the events as the walk meets them."""

    def __init__(self, result: VerifyResult, path: Path | None) -> None:
        self.by_seq: dict[int, list[Anchor]] = {}
        self.seen: set[int] = set()
        if path is None:
            return
        result.anchor_file = str(path)
        if not path.exists():
            result.warnings.append(
                f"no anchor file at {path}: events cut from the end of the trail cannot be "
                "named (`accord audit anchor` writes one)"
            )
            return
        anchors, bad = read_anchors(path)
        result.anchors_checked = len(anchors)
        result.problems.extend(Problem(None, "anchor", message) for message in bad)
        for anchor in anchors:
            self.by_seq.setdefault(anchor.seq, []).append(anchor)

    def check(self, event: AuditEvent) -> list[Problem]:
        anchors = self.by_seq.get(event.seq)
        if not anchors:
            return []
        self.seen.add(event.seq)
        return [
            Problem(
                event.seq,
                "rewritten",
                f"event {event.seq} was rewritten: the anchor of {anchor.anchored_at} says its "
                f"hash was {anchor.hash}, the trail has {event.hash}",
            )
            for anchor in anchors
            if anchor.hash != event.hash
        ][:1]

    def after_walk(self, head_seq: int | None) -> list[Problem]:
        """Anchored events the walk did not meet: cut from the end, or from the middle."""
        last = head_seq or 0
        beyond = [a for seq, found in self.by_seq.items() if seq > last for a in found]
        problems: list[Problem] = []
        if beyond:
            top = max(beyond, key=lambda anchor: anchor.seq)
            problems.append(
                Problem(
                    last + 1,
                    "truncated",
                    f"events after seq {last} missing: anchor says head was seq {top.seq} "
                    f"(hash {top.hash}, event of {top.at}, anchored {top.anchored_at})",
                )
            )
        for seq in sorted(set(self.by_seq) - self.seen):
            if seq <= last:
                problems.append(
                    Problem(seq, "deleted", f"event {seq}, named by an anchor, is missing")
                )
        return problems


def verify(
    tx: Session,
    *,
    anchors: Sequence[str] = (),
    anchor_file: Path | None = None,
    max_problems: int = 20,
) -> VerifyResult:
    """Walk the whole trail by seq; report every break (up to ``max_problems``), checking
    the events ``anchor_file`` names and the head hashes in ``anchors``."""
    result = VerifyResult()
    filed = _FileAnchors(result, anchor_file)
    # The genesis "hash" is the head of an empty trail: every chain extends it.
    wanted = {anchor.strip().lower() for anchor in anchors if anchor.strip()} - {GENESIS}
    before: _Link | None = None
    complete = True
    events = tx.execute(
        select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    ).scalars()
    for event in events:
        result.count += 1
        expected = before.hash if before else GENESIS
        if event.prev_hash != expected:
            result.problems.append(_link_problem(tx, event, before))
        elif event_hash(event) != event.hash:
            result.problems.append(
                Problem(
                    event.seq,
                    "altered",
                    f"event {event.seq} was altered: its hash does not match its fields",
                )
            )
        result.problems.extend(filed.check(event))
        if event.hash in wanted:
            result.anchors_found[event.hash] = event.seq
        before = _Link(event.seq, event.hash)
        tx.expunge(event)
        if len(result.problems) >= max_problems:
            complete = False
            break
    if before is not None:
        result.head_seq, result.head_hash = before.seq, before.hash
    tail = _sqlite_tail(tx, before.seq if before else None)
    if tail is not None and len(result.problems) < max_problems:
        result.problems.append(tail)
    if complete:
        result.problems.extend(filed.after_walk(result.head_seq))
    for anchor in sorted(wanted - set(result.anchors_found)):
        result.problems.append(
            Problem(
                None,
                "anchor",
                f"anchor {anchor} is not in the chain: the trail was rewritten or truncated "
                "since that head was noted",
            )
        )
    return result
