# Quick start: `make demo` (serve the app with the demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# The app's DEBUG is off unless set; these targets are a developer's, so they turn it on (plain
# HTTP, the development key, the browsable API). DEBUG=off make ... overrides it.
export DEBUG ?= on
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: demo install test lint worker beat clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

install: $(if $(findstring .tools,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --python $(PYTHON)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_data
	$(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

worker: install
	$(VENV)/bin/celery -A standards_tracker worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A standards_tracker beat --loglevel=info

clean:
	rm -rf $(VENV) .tools staticfiles .pytest_cache .ruff_cache
