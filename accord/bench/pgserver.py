"""A throwaway PostgreSQL cluster on a free loopback port, for benchmarks and the test suite.

``initdb`` into a temporary directory, ``pg_ctl start`` on 127.0.0.1, and stop and remove
it afterwards. As root, the server runs as the ``postgres`` user (``runuser``), since
PostgreSQL refuses to run as root.

``python -m accord.bench.pgserver --env NAME -- COMMAND …`` runs COMMAND with the server's
URL in the environment variable NAME and stops the server when COMMAND ends, with its exit
status (``scripts/test.sh`` runs pytest so). ``--available`` only answers, by exit status,
whether PostgreSQL is installed.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["find_pg_bin", "main", "throwaway_postgres"]


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
def throwaway_postgres(*, fsync: bool = True, max_connections: int = 50) -> Iterator[str]:
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
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -k {root} "
                   f"-c max_connections={max_connections}")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accord.bench.pgserver",
                                     description="Run a command beside a throwaway PostgreSQL.")
    parser.add_argument("--available", action="store_true",
                        help="Exit 0 when PostgreSQL is installed, 1 when not; start nothing.")
    parser.add_argument("--env", default="ACCORD_TEST_POSTGRES_URL",
                        help="The variable that carries the server's URL to the command.")
    parser.add_argument("--max-connections", type=int, default=200)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG …]")
    args = parser.parse_args(argv)
    if args.available:
        return 0 if find_pg_bin() is not None else 1
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    # A terminated run still stops its server and removes its files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with throwaway_postgres(fsync=False, max_connections=args.max_connections) as url:
        print(f"== PostgreSQL on {url.rsplit('@', 1)[1].split('/')[0]}",  # noqa: T201
              file=sys.stderr, flush=True)
        return subprocess.call(command, env={**os.environ, args.env: url})


if __name__ == "__main__":
    sys.exit(main())
