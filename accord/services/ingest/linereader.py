"""Reading an upload line by line in bounded memory, hashing it on the way.

Lines longer than ``max_line_bytes`` are never held whole: the reader keeps at most one
block plus one line in memory, and reports such a line as too long by its number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from accord.core.errors import InvalidInput

__all__ = ["BLOCK_BYTES", "LineReader"]

BLOCK_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF16 = "not valid UTF-8 (it starts with a UTF-16 byte-order mark)"


class LineReader:
    """Split a binary stream into lines; ``None`` stands for a line over the limit."""

    def __init__(
        self,
        stream: BinaryIO,
        *,
        max_line_bytes: int,
        on_bytes: Callable[[int], None] | None = None,
    ) -> None:
        self._stream = stream
        self._limit = max_line_bytes
        self._on_bytes = on_bytes
        self._sha = hashlib.sha256()
        self.bytes_read = 0

    @property
    def too_long(self) -> str:
        return f"longer than {self._limit} bytes (ACCORD_MAX_LINE_BYTES)"

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()

    def _blocks(self) -> Iterator[bytes]:
        first = True
        while block := self._stream.read(BLOCK_BYTES):
            self._sha.update(block)
            self.bytes_read += len(block)
            if self._on_bytes is not None:
                self._on_bytes(len(block))
            if first and block.startswith(_BOM):
                block = block[len(_BOM) :]
            elif first and block[:2] in _UTF16_BOMS:
                raise InvalidInput(
                    "the file is UTF-16; Accord reads UTF-8 only; nothing was imported",
                    details=[{"line": 1, "field": None, "message": _UTF16}],
                )
            first = False
            yield block

    def lines(self) -> Iterator[bytes | None]:
        """Every line without its line break (``\\n`` or ``\\r\\n``), in order."""
        limit = self._limit
        pending: list[bytes] = []
        pending_size = 0
        overflow = False
        for block in self._blocks():
            parts = block.split(b"\n")
            tail = parts.pop()
            for part in parts:
                if overflow or pending_size + len(part) > limit:
                    yield None
                elif pending:
                    pending.append(part)
                    yield b"".join(pending).removesuffix(b"\r")
                else:
                    yield part.removesuffix(b"\r")
                pending, pending_size, overflow = [], 0, False
            if overflow:
                continue
            if pending_size + len(tail) > limit:
                pending, pending_size, overflow = [], 0, True
            elif tail:
                pending.append(tail)
                pending_size += len(tail)
        if overflow:
            yield None
        elif pending:
            yield b"".join(pending).removesuffix(b"\r")

    def chunks(self, size: int) -> Iterator[tuple[int, list[bytes | str]]]:
        """Lists of up to ``size`` lines with the number of their first line; a line over
        the limit is replaced by the text of its error."""
        batch: list[bytes | str] = []
        first = 1
        too_long = self.too_long
        for line in self.lines():
            batch.append(too_long if line is None else line)
            if len(batch) >= size:
                yield first, batch
                first += len(batch)
                batch = []
        if batch:
            yield first, batch
