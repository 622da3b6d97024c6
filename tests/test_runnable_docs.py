"""The README's and docs' command blocks marked runnable work as printed, on the demo.

A block is a fence whose info string is ``sh runnable`` (GitHub shows it as ``sh``), with
any number of ``expect="TEXT"`` words: TEXT must appear in what the block prints. The
blocks of one file run in order in one ``bash -euo pipefail`` at the top of the repository
(so ``export ACCORD_TOKEN=…`` in one block serves the next), against a real ``accord serve``
over a SQLite database with the demo loaded, as after ``make demo``; the only change made
to the text is the server's port.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.demo_server import DemoServer, running_demo

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTED_BASE = "http://127.0.0.1:8000"
_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_MARK = "@@accord-runnable-block"

pytestmark = pytest.mark.slow


@dataclass(frozen=True, slots=True)
class Block:
    line: int
    body: str
    expect: tuple[str, ...]


def runnable_blocks(text: str) -> list[Block]:
    """The fenced blocks marked ``runnable`` in ``text``, in order."""
    blocks = []
    for fence in _FENCE.finditer(text):
        words = shlex.split(fence.group("info"))
        if len(words) < 2 or words[0] not in {"sh", "bash"} or words[1] != "runnable":
            continue
        expect = tuple(word.removeprefix("expect=") for word in words[2:]
                       if word.startswith("expect="))
        line = text.count("\n", 0, fence.start()) + 1
        blocks.append(Block(line, fence.group("body"), expect))
    return blocks


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


DOCUMENTS = [path for path in _documents()
             if runnable_blocks(path.read_text(encoding="utf-8"))]


def test_the_marker_is_read() -> None:
    text = '```sh runnable expect="a b" expect=c\necho a b c\n```\n```sh\nnot this\n```\n'
    assert runnable_blocks(text) == [Block(1, "echo a b c\n", ("a b", "c"))]
    # the README and the screening guide have runnable blocks: this test cannot pass empty
    names = {path.name for path in DOCUMENTS}
    assert {"README.md", "screening.md"} <= names


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    with running_demo(tmp_path_factory.mktemp("docs")) as server:
        yield server


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_runnable_blocks_work_as_printed(path: Path, demo: DemoServer) -> None:
    blocks = runnable_blocks(path.read_text(encoding="utf-8"))
    script = "".join(f"echo {_MARK} {n}\n{block.body.replace(DOCUMENTED_BASE, demo.base)}\n"
                     for n, block in enumerate(blocks))
    env = {key: value for key, value in demo.env.items() if key != "ACCORD_TOKEN"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    outputs = done.stdout.split(f"{_MARK} ")[1:]
    ran = len(outputs)
    failed = blocks[ran - 1] if ran else blocks[0]
    assert done.returncode == 0, (
        f"{path.name}: the block at line {failed.line} failed (exit {done.returncode}):\n"
        f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    assert ran == len(blocks)
    for block, output in zip(blocks, outputs, strict=True):
        for text in block.expect:
            assert text in output, (f"{path.name}: the block at line {block.line} did not "
                                    f"print {text!r}:\n{output[-3000:]}")
