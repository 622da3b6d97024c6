"""A throwaway PostgreSQL cluster on a free loopback port, for benchmarks.

The same steps as ``scripts/test.sh``: ``initdb`` into a temporary directory, ``pg_ctl
start`` on 127.0.0.1, and stop and remove it afterwards. As root, the server runs as the
``postgres`` user (``runuser``), since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["find_pg_bin", "throwaway_postgres"]


def find_pg_bin() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, or None when PostgreSQL is absent."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(pg_ctl).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run(command: list[str]) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@contextmanager
def throwaway_postgres(*, fsync: bool = True) -> Iterator[str]:
    """Start a cluster, yield its SQLAlchemy URL, and stop and delete it on exit."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb found)")
    root = Path(tempfile.mkdtemp(prefix="accord-pg."))
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres")
    data, port = root / "data", _free_port()
    started = False
    try:
        _run([str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
              "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c max_connections=50"
        if not fsync:
            options += " -c fsync=off"
        _run([str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
              "-o", options, "start"])  # fmt: skip
        started = True
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            _run([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)
