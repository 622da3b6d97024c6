#!/usr/bin/env bash
# make test: lint, types, and the whole suite on SQLite and a throwaway PostgreSQL (and Chromium).
# With CI=true a missing PostgreSQL or Chromium is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== ruff"; $BIN/ruff check accord tests
echo "== mypy"; $BIN/mypy

pg_bin=""
if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
  pg_bin=$(dirname "$(command -v pg_ctl)")
else
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pg_bin=$d; done
fi

PGROOT=""
stop_pg() {
  if [ -n "$PGROOT" ] && [ -f "$PGROOT/data/postmaster.pid" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null || true
  fi
  [ -n "$PGROOT" ] && rm -rf "$PGROOT"
}
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
trap stop_pg EXIT

if [ -n "$pg_bin" ]; then
  PGROOT=$(mktemp -d /tmp/accord-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$PGROOT"
  port=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$pg_bin/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $PGROOT -c fsync=off -c max_connections=200" start >/dev/null
  export ACCORD_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  echo "== PostgreSQL on 127.0.0.1:$port"
elif [ "${CI:-}" = "true" ]; then
  echo "error: CI=true but PostgreSQL (initdb) is not installed" >&2; exit 1
else
  echo "== PostgreSQL not found: the PostgreSQL half of the suite will be skipped"
fi

if [ -x /usr/bin/chromium ]; then
  export ACCORD_TEST_CHROMIUM=/usr/bin/chromium
elif [ "${CI:-}" = "true" ]; then
  echo "error: CI=true but /usr/bin/chromium is not installed" >&2; exit 1
else
  echo "== Chromium not found: the browser tests will be skipped"
fi

echo "== pytest"
$BIN/python -m pytest "$@"
