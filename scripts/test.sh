#!/usr/bin/env bash
# make test: lint, types, import contracts, and the whole suite on SQLite and a throwaway
# PostgreSQL (and Chromium). With CI=true a missing PostgreSQL or Chromium is a failure, not a
# skip. The throwaway PostgreSQL is the benchmarks' own launcher (accord/bench/pgserver.py).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== ruff"; $BIN/ruff check accord tests
echo "== mypy"; $BIN/mypy
echo "== import contracts"; $BIN/lint-imports

if [ -x /usr/bin/chromium ]; then
  export ACCORD_TEST_CHROMIUM=/usr/bin/chromium
elif [ "${CI:-}" = "true" ]; then
  echo "error: CI=true but /usr/bin/chromium is not installed" >&2; exit 1
else
  echo "== Chromium not found: the browser tests will be skipped"
fi

if $BIN/python -m accord.bench.pgserver --available; then
  echo "== pytest"
  exec $BIN/python -m accord.bench.pgserver --env ACCORD_TEST_POSTGRES_URL -- \
    $BIN/python -m pytest "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "error: CI=true but PostgreSQL (initdb) is not installed" >&2; exit 1
else
  echo "== PostgreSQL not found: the PostgreSQL half of the suite will be skipped"
fi

echo "== pytest"
$BIN/python -m pytest "$@"
