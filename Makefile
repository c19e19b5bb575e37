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

# The six UN languages (Django's codes; catalogs under locale/<ll>/LC_MESSAGES/django.po).
LANGUAGES := ar zh_Hans en fr ru es
# What makemessages must not read: installed packages, generated files, tests and benchmarks.
MESSAGES_IGNORE := --ignore='.venv/*' --ignore='.tools/*' --ignore='staticfiles/*' \
	--ignore='tests/*' --ignore='bench/*' --ignore='node_modules/*' --ignore='artifacts/*' \
	--ignore='media/*'

.PHONY: demo install messages compilemessages test lint worker beat clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

install: $(if $(findstring .tools,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --python $(PYTHON)
	$(MAKE) compilemessages

# The catalogs (.po, committed) compiled to the .mo files Django reads (never committed), by
# Babel's compiler: pure Python, already installed, so neither this nor the Docker image needs
# gettext. (`make messages` does: makemessages runs xgettext.) A fuzzy entry is left out.
compilemessages:
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
		$(VENV)/bin/pybabel -q compile --domain django --directory locale; \
	fi

# Re-extract every marked string into the six catalogs (new ones empty, for translators; gone
# ones dropped), then fill the English catalog with the source text itself.
messages: install
	mkdir -p locale
	@# English is the source: its catalog is made afresh each time (msgid = msgstr), so a
	@# reworded string never keeps its old English text as a fuzzy entry.
	rm -f locale/en/LC_MESSAGES/django.po
	$(PY) manage.py makemessages $(foreach l,$(LANGUAGES),-l $(l)) --no-obsolete --no-wrap \
		--add-location=file $(MESSAGES_IGNORE)
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	@# A new catalog's header comes marked fuzzy, and a fuzzy catalog is not compiled: the
	@# header is ours to keep. (Only the header: its msgid is the one empty one.)
	sed -i '/^#, fuzzy$$/{N;s/^#, fuzzy\nmsgid ""$$/msgid ""/}' locale/*/LC_MESSAGES/django.po
	$(MAKE) compilemessages

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
