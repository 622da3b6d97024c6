"""Validating chunks of lines, in this process or in a pool of worker processes.

The pool keeps a bounded number of chunks in flight (``Pool.imap`` would read the whole
input ahead), and results come back in the order the chunks went out, so line numbers
stay exact.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Any

from accord.services.ingest.validate import Defaults, Problem, Row, validate_line

__all__ = ["ChunkResult", "Lines", "Payload", "Rejected", "validate_chunk", "validated"]

Payload = bytes | str | dict[str, Any]
# (line, problems, raw line or None)
Rejected = tuple[int, list[Problem], str | None]


@dataclass(slots=True)
class ChunkResult:
    rows: list[Row]
    rejected: list[Rejected]
    entities: int  # non-blank lines


_defaults = Defaults()


def _raw(payload: Payload) -> str | None:
    if isinstance(payload, bytes):
        return payload.decode("utf-8", "replace")
    return None


Lines = int | list[int]  # the first of consecutive lines, or each payload's line


def validate_chunk(
    lines: Lines, payloads: list[Payload], defaults: Defaults | None = None
) -> ChunkResult:
    """Validate lines ``lines, lines+1, …`` (or the listed ones); blank lines are skipped."""
    config = defaults or _defaults
    rows: list[Row] = []
    rejected: list[Rejected] = []
    entities = 0
    for offset, payload in enumerate(payloads):
        if isinstance(payload, bytes) and not payload.strip():
            continue
        entities += 1
        line = lines + offset if isinstance(lines, int) else lines[offset]
        result = validate_line(line, payload, config)
        if result.row is not None:
            rows.append(result.row)
        else:
            rejected.append((result.line, result.problems, _raw(payload)))
    return ChunkResult(rows, rejected, entities)


def _init_worker(defaults: Defaults) -> None:
    global _defaults
    _defaults = defaults


def _work(args: tuple[Lines, list[Payload]]) -> ChunkResult:
    return validate_chunk(args[0], args[1])


def validated(
    chunks: Iterable[tuple[Lines, list[Payload]]], defaults: Defaults, *, workers: int = 1
) -> Iterator[ChunkResult]:
    """Results of ``chunks`` in order; with ``workers > 1``, computed by worker processes."""
    if workers <= 1:
        for first, payloads in chunks:
            yield validate_chunk(first, payloads, defaults)
        return
    # forkserver: workers are forked from a clean server process (never from a parent that
    # runs threads), which has the validator imported once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["accord.services.ingest.pipeline"])
    pending: deque[AsyncResult[ChunkResult]] = deque()
    with context.Pool(workers, initializer=_init_worker, initargs=(defaults,)) as pool:
        for chunk in chunks:
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
