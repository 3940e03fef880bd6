# Two commands from a fresh clone: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run report test venv lint typecheck pytest system-deps services examples bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## make run: set everything up, migrate the embedded SQLite database, load demo data, serve on :8000.
run: $(STAMP)
	$(BIN)/fbss serve --demo

## make report: assess the example cases and print the reports.
report: $(STAMP)
	$(BIN)/fbss demo report

## make test: set up and run ruff, mypy and pytest (with PostgreSQL and Chromium).
test: $(STAMP) system-deps services lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src

pytest: $(STAMP)
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

system-deps:
	@bash scripts/system-deps.sh

services:
	@bash scripts/services.sh

examples: $(STAMP)
	$(BIN)/fbss assess examples/

## make bench: every benchmark under bench/ (not part of make test); each prints ratios to its own baseline.
bench: $(STAMP)
	$(BIN)/python bench/assess_throughput.py
	$(BIN)/python bench/fhir_ingest.py
	$(BIN)/python bench/cdshooks_latency.py
	$(BIN)/python bench/web_latency.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache var
