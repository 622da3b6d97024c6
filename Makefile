# The same commands run on a laptop and in CI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: venv demo test lint bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $(STAMP)

demo: venv
	$(BIN)/accord init
	$(BIN)/accord demo load
	$(BIN)/accord demo banner
	$(BIN)/accord serve

test: venv
	bash scripts/test.sh

lint: venv
	$(BIN)/ruff check accord tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: venv
	$(BIN)/accord bench ingest --size 100000
	$(BIN)/accord bench screen --size 100000

clean:
	rm -rf $(VENV) accord.db accord.db-wal accord.db-shm .mypy_cache .ruff_cache .pytest_cache
