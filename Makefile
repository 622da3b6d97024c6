# The same commands run on a laptop and in CI.
PYTHON ?= python3
VENV := .venv
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: venv demo test lint bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@echo "==> [1/4] Python environment in $(VENV) (first run: about a minute; pip shows each package)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -e '.[dev,bench]' | awk '/^(Collecting|Successfully)/ { print; fflush() }'
	touch $(STAMP)

demo: venv
	@echo "==> [2/4] Database (accord init)"
	$(BIN)/accord init
	@echo "==> [3/4] Demo agencies, users and holdings (accord demo load)"
	$(BIN)/accord demo load
	@echo "==> [4/4] Serving (warnings only; ACCORD_LOG_LEVEL=info for more); stop with Ctrl-C"
	@$(BIN)/accord demo banner
	@ACCORD_LOG_LEVEL=$${ACCORD_LOG_LEVEL:-warning} $(BIN)/accord serve

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
