# Dateline: the two Quickstart commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/dateline
export DATELINE_DATA_DIR ?= $(CURDIR)/dateline-data

.PHONY: install demo test test-sqlite test-postgres lint format serve bench

$(BIN)/dateline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(BIN)/dateline

install: $(BIN)/dateline

demo: install
	$(BIN)/dateline demo

test: install lint test-sqlite test-postgres

test-sqlite: install
	DATELINE_DATA_DIR=$(CURDIR)/dateline-data/test $(BIN)/pytest

test-postgres: install
	DATABASE_URL=$(PG_URL) DATELINE_DATA_DIR=$(CURDIR)/dateline-data/test-pg $(BIN)/pytest -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: install
	$(BIN)/dateline runserver 127.0.0.1:8000

bench: install
	$(BIN)/python bench/render.py
