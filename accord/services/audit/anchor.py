"""Anchoring the audit chain's head outside the database: a file, and optionally a webhook.

The hash chain shows any edit inside the trail, but not events cut from its end, nor a
trail rewritten by someone who can write the table and recompute SHA-256. An **anchor** is
the head (``seq``, ``hash``, the event's time) written where the database's users cannot
reach: appended as one JSON line to the anchor file (created 0600) and, when configured,
POSTed to a webhook. ``accord audit verify`` reads the file and names what no longer
matches: events after an anchored ``seq`` missing, or an anchored event rewritten.

When: after a unit of work that appended events commits, once ``audit_anchor_every_events``
events were added since the last anchor, or ``audit_anchor_every_minutes`` passed since it;
a long-lived server also checks on a timer (so a quiet tail is anchored too), and a process
that appended events anchors its last head when it closes the database.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import queue
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from accord.core.clock import utcnow
from accord.core.settings import Settings
from accord.services.audit.trail import HEAD_KEY
from accord.store.db import Database
from accord.store.tables import AuditEvent

__all__ = ["Anchor", "Anchorer", "anchor_path", "attach_anchoring", "read_anchors"]

log = logging.getLogger(__name__)
_TAIL_BYTES = 8192  # enough to hold the last line of the file


@dataclass(frozen=True, slots=True)
class Anchor:
    seq: int
    hash: str
    at: str  # the head event's time (ISO)
    anchored_at: str  # when the anchor was written (ISO)

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True) + "\n"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """One line of the anchor file; ValueError if it is not one."""
        try:
            data = json.loads(text)
            anchor = cls(
                seq=int(data["seq"]),
                hash=str(data["hash"]),
                at=str(data["at"]),
                anchored_at=str(data["anchored_at"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not an anchor ({error})") from None
        if anchor.seq < 1 or len(anchor.hash) != 64:
            raise ValueError("not an anchor (seq or hash out of form)")
        return anchor


def anchor_path(settings: Settings) -> Path:
    """The configured anchor file; by default next to a SQLite database file, else in the
    working directory (set ``ACCORD_AUDIT_ANCHOR_FILE`` on PostgreSQL)."""
    if settings.audit_anchor_file:
        return Path(settings.audit_anchor_file)
    url = settings.database_url
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return Path(url.removeprefix("sqlite:///") + ".audit-anchors.jsonl")
    return Path("accord-audit-anchors.jsonl")


def read_anchors(path: Path) -> tuple[list[Anchor], list[str]]:
    """Every anchor in the file, and a message per line that is not one."""
    anchors: list[Anchor] = []
    bad: list[str] = []
    with path.open(encoding="utf-8") as stream:
        for number, text in enumerate(stream, start=1):
            if not text.strip():
                continue
            try:
                anchors.append(Anchor.parse(text))
            except ValueError as error:
                bad.append(f"line {number} of {path}: {error}")
    return anchors, bad


def _last_anchor(path: Path) -> Anchor | None:
    """The file's last anchor (its tail is read, not the whole file)."""
    try:
        with path.open("rb") as stream:
            stream.seek(0, os.SEEK_END)
            stream.seek(max(0, stream.tell() - _TAIL_BYTES))
            lines = stream.read().decode("utf-8", "replace").splitlines()
    except FileNotFoundError:
        return None
    for text in reversed(lines):
        try:
            return Anchor.parse(text)
        except ValueError:
            continue
    return None


def _iso(moment: datetime) -> str:
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat(timespec="microseconds")


class _Webhook:
    """POSTs each anchor as JSON from one background thread (never in a request's path)."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url, self.timeout = url, timeout
        self._queue: queue.Queue[Anchor] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def send(self, anchor: Anchor) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="accord-audit-anchor-webhook", daemon=True
                )
                self._thread.start()
        self._queue.put(anchor)

    def _run(self) -> None:
        while True:
            anchor = self._queue.get()
            try:
                self._post(anchor)
            except Exception as error:  # noqa: BLE001 - a down webhook must not stop anchoring
                log.error("audit anchor webhook failed for seq %d: %s", anchor.seq, error)
            finally:
                self._queue.task_done()

    def _post(self, anchor: Anchor) -> None:
        request = urllib.request.Request(
            self.url,
            data=anchor.line().encode(),
            headers={"Content-Type": "application/json", "User-Agent": "accord-audit-anchor"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            if response.status >= 300:
                raise OSError(f"answered {response.status}")

    def drain(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) until every queued anchor was sent."""
        done = threading.Event()

        def wait() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        done.wait(timeout)


class Anchorer:
    """Writes anchors for one database; thread-safe; see the module text for when."""

    def __init__(
        self,
        db: Database,
        path: Path,
        *,
        every_events: int,
        every_minutes: float,
        webhook_url: str = "",
        webhook_timeout: float = 5.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db, self.path = db, path
        self.every_events, self.every_minutes = every_events, every_minutes
        self.clock = clock
        self.webhook = _Webhook(webhook_url, webhook_timeout) if webhook_url else None
        self._lock = threading.Lock()
        self._last: Anchor | None = None
        self._loaded = False
        self._pending = False  # this process appended events not anchored yet
        self._stop = threading.Event()
        self._timer: threading.Thread | None = None

    # When -------------------------------------------------------------------------------

    def after_commit(self, info: dict[str, Any]) -> None:
        """Called once a unit of work committed; anchors if the rules say so."""
        head = info.pop(HEAD_KEY, None)
        if head is not None:
            self._consider(Anchor(head[0], head[1], _iso(head[2]), ""), force=False)

    def tick(self) -> Anchor | None:
        """Anchor the database's head if it moved and the rules say so (the timer's check)."""
        head = self._head()
        return None if head is None else self._consider(head, force=False)

    def anchor_now(self) -> Anchor | None:
        """Anchor the database's head now unless it is anchored already."""
        head = self._head()
        return None if head is None else self._consider(head, force=True)

    def _due(self, head: Anchor, last: Anchor | None, now: datetime) -> bool:
        if last is None:
            return True
        if head.seq <= last.seq:
            return False
        if self.every_events and head.seq - last.seq >= self.every_events:
            return True
        if self.every_minutes:
            noted = datetime.fromisoformat(last.anchored_at)
            return now - noted >= timedelta(minutes=self.every_minutes)
        return False

    def _consider(self, head: Anchor, *, force: bool) -> Anchor | None:
        with self._lock:
            if not self._loaded:
                self._last, self._loaded = _last_anchor(self.path), True
            now = self.clock()
            last = self._last
            if last is not None and head.seq == last.seq and head.hash == last.hash:
                self._pending = False
                return None
            if not (force or self._due(head, last, now)):
                self._pending = True
                return None
            anchor = Anchor(head.seq, head.hash, head.at, _iso(now))
            self._append(anchor)
            self._last, self._pending = anchor, False
        if self.webhook is not None:
            self.webhook.send(anchor)
        return anchor

    # Where ------------------------------------------------------------------------------

    def _append(self, anchor: Anchor) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            os.write(descriptor, anchor.line().encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def _head(self) -> Anchor | None:
        with self.db.read() as tx:
            row = tx.execute(
                select(AuditEvent.seq, AuditEvent.hash, AuditEvent.at)
                .order_by(AuditEvent.seq.desc())
                .limit(1)
            ).one_or_none()
        return None if row is None else Anchor(row.seq, row.hash, _iso(row.at), "")

    # Lifetime ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the timer that anchors a quiet head (a server calls this at startup)."""
        if self._timer is not None or not self.every_minutes:
            return
        interval = min(60.0, self.every_minutes * 60.0)

        def run() -> None:
            while not self._stop.wait(interval):
                try:
                    self.tick()
                except Exception as error:  # noqa: BLE001 - keep the timer alive
                    log.error("audit anchor timer: %s", error)

        self._timer = threading.Thread(target=run, name="accord-audit-anchor", daemon=True)
        self._timer.start()

    def is_ready(self) -> bool:
        return True  # nothing to load: anchoring works from the first commit

    def close(self) -> None:
        """Stop the timer; anchor what this process appended; let the webhook finish."""
        self._stop.set()
        if self._pending:
            try:
                self.anchor_now()
            except Exception as error:  # noqa: BLE001 - closing must go on
                log.error("audit anchor at close: %s", error)
        if self.webhook is not None:
            self.webhook.drain(self.webhook.timeout + 1)


def attach_anchoring(db: Database, settings: Settings) -> Anchorer:
    """An anchorer for ``db`` as the settings say, hooked to its commits and its disposal."""
    anchorer = Anchorer(
        db,
        anchor_path(settings),
        every_events=settings.audit_anchor_every_events,
        every_minutes=settings.audit_anchor_every_minutes,
        webhook_url=settings.audit_anchor_webhook_url,
        webhook_timeout=settings.audit_anchor_webhook_timeout_s,
    )
    db.after_commit.append(anchorer.after_commit)
    db.before_dispose.append(anchorer.close)
    return anchorer
