# casys — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed

.PHONY: demo test venv dev lint lock clean

$(PY):
	@bash scripts/ensure-python-venv "$(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): $(PY) requirements.lock pyproject.toml
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

venv: $(RUNTIME_STAMP)
dev: $(DEV_STAMP)

## make demo: set up .venv, migrate SQLite under var/, load demo data, serve on 127.0.0.1:8000 with a
## background worker beside the server (one command starts and stops both)
## (DEBUG off as in production: styled error pages; CASYS_DEBUG=1 make demo for development)
demo: $(RUNTIME_STAMP)
	$(VENV)/bin/casys demo

## make test: install what the suite needs (PostgreSQL, Chromium), run it on SQLite and PostgreSQL
test: $(DEV_STAMP)
	bash scripts/run-tests

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check casys tests
	$(VENV)/bin/mypy

## make lock: re-resolve the pinned dependency lists from pyproject.toml
lock:
	bash scripts/lock

clean:
	rm -rf $(VENV) var
