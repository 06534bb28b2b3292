# Dateline: the two Quickstart commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every install uses the lock: exact versions with hashes, tested together (`make upgrade`
# refreshes it; `make test-latest` tries the newest versions pyproject.toml allows).
LOCK := requirements/lock.txt
LOCK_ARGS := pyproject.toml requirements/tools.in --extra test --extra embeddings --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make upgrade"
PG_URL ?= postgres://postgres@127.0.0.1:5432/dateline
export DATELINE_DATA_DIR ?= $(CURDIR)/dateline-data

.PHONY: install demo test test-sqlite test-postgres test-latest upgrade lint format serve bench

$(BIN)/dateline: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(BIN)/dateline

install: $(BIN)/dateline

demo: install
	$(BIN)/dateline demo

# The two databases' passes run side by side: each is one process, and the machine has two
# cores (CI's 30 minutes held them one after the other only just). --output-sync keeps each
# pass's report in one piece.
test: install lint
	$(MAKE) --no-print-directory --output-sync=target -j2 test-sqlite test-postgres

test-sqlite: install
	DATELINE_DATA_DIR=$(CURDIR)/dateline-data/test $(BIN)/pytest

test-postgres: install
	DATABASE_URL=$(PG_URL) DATELINE_DATA_DIR=$(CURDIR)/dateline-data/test-pg $(BIN)/pytest -m "not browser"

# The newest versions pyproject.toml allows, in a venv of their own: a release that breaks us
# shows up here as one failing target, not as a red main.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip setuptools
	.venv-latest/bin/python -m pip install --quiet --upgrade --no-build-isolation -e ".[test]"
	mkdir -p dateline-data && .venv-latest/bin/pip list --format=freeze > dateline-data/latest-versions.txt
	DATELINE_DATA_DIR=$(CURDIR)/dateline-data/test-latest .venv-latest/bin/pytest
	DATABASE_URL=$(PG_URL) DATELINE_DATA_DIR=$(CURDIR)/dateline-data/test-latest-pg \
		.venv-latest/bin/pytest -m "not browser"

# Refresh the lock to the newest allowed versions; run `make test` before committing it.
upgrade: install
	$(BIN)/uv pip compile --upgrade $(LOCK_ARGS) -o $(LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# This machine only: a built-in key (production sets DATELINE_SECRET_KEY; see docs/deployment.md).
serve bench: export DATELINE_INSECURE_DEV_KEY ?= 1

serve: install
	$(BIN)/dateline runserver 127.0.0.1:8000

bench: install
	$(BIN)/python bench/render.py
