# Newsroom developer tasks (GNU make).
#
#   make run          migrate, load demo content, start the dev server on 127.0.0.1:8000
#   make test         ruff, djLint, import contracts, migrations check, pytest (PYTEST_ARGS=...)
#   make quality      standards check of the served site: npm ci, then quality/check.py runs the
#                     Nu HTML Checker (needs java), axe-core and Lighthouse (need Chromium) against
#                     every public page type served by gunicorn with production settings; fails on
#                     any HTML/CSS error, axe violation or Lighthouse category < 95 (docs/quality.md)
#   make screenshots  docs/screenshots/*.png of the demo at 375 and 1280 px (quality/screenshots.py,
#                     served as make quality serves it; Chromium; docs/reader-site.md)
#   make lint         ruff check, ruff format --check, djLint, import contracts (lint-imports)
#   make format       ruff format + autofixable lint fixes
#   make clean        remove the virtualenv, the SQLite database and collected static files
#   make print-python show which Python interpreter the virtualenv is (or would be) built with
#   make bench        load test on PostgreSQL (10k articles, 1M comments); writes docs/benchmarks.md
#   make bench-quick  the same on a small data set with short runs; prints the table only
#   make backup       PostgreSQL (pg_dump) + media into backups/<UTC time>/ (needs DATABASE_URL)
#   make restore      BACKUP=backups/<UTC time>: pg_restore into DATABASE_URL + media (FORCE=1 to
#                     overwrite a database with tables); docs/operations.md
#
# Overridable: PYTHON=/path/to/python3.12 (must be >= 3.12), DEBUG, RUNSERVER_ADDR, PYTEST_ARGS,
# QUALITY_ARGS (quality/check.py options, e.g. --summary FILE),
# BENCH_ARGS (bench/run.py options). make bench reads DATABASE_URL (default
# postgres://postgres@127.0.0.1:5432/newsroom_bench) and REDIS_URL from the environment.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV           := .venv
VENV_PY        := $(VENV)/bin/python
VENV_STAMP     := $(VENV)/.requirements.stamp
MANAGE         := $(VENV_PY) manage.py
RUNSERVER_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS    ?=
QUALITY_ARGS   ?=

# Development default: a fresh clone runs without any environment set
# (settings refuse to start with DEBUG=false and no SECRET_KEY).
DEBUG ?= true
export DEBUG

# Exit status 0 iff the interpreter running it is Python >= 3.12.
PY_VERSION_OK := import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)

# Shell snippet printing the first usable interpreter (empty output if none):
# PYTHON= override, python3.13, python3.12, pyenv 3.13/3.12, python3. Each
# candidate is actually run, so a pyenv shim that cannot execute is skipped.
define FIND_PYTHON
ok() { "$$1" -c '$(PY_VERSION_OK)' >/dev/null 2>&1; }; \
if [ -n "$(PYTHON)" ]; then \
  if ok "$(PYTHON)"; then command -v "$(PYTHON)"; fi; exit 0; \
fi; \
for c in python3.13 python3.12; do \
  if command -v "$$c" >/dev/null 2>&1 && ok "$$c"; then command -v "$$c"; exit 0; fi; \
done; \
if command -v pyenv >/dev/null 2>&1; then \
  for v in 3.13.0 3.12.1 3.13 3.12; do \
    p="$$(pyenv prefix "$$v" 2>/dev/null)/bin/python3"; \
    if [ -x "$$p" ] && ok "$$p"; then echo "$$p"; exit 0; fi; \
  done; \
fi; \
if command -v python3 >/dev/null 2>&1 && ok python3; then command -v python3; fi
endef

ifneq ($(PYTHON),)
NO_PYTHON_WHY := PYTHON=$(PYTHON) is not a runnable Python >= 3.12 (Django 6 needs 3.12+).
else
NO_PYTHON_WHY := no Python >= 3.12 found (Django 6 needs 3.12+); tried python3.13, python3.12, pyenv 3.13.0/3.12.1, python3.
endif
define NO_PYTHON_MSG
echo "error: $(NO_PYTHON_WHY)" >&2; \
echo "       Install Python 3.12+ or point to one: make $(or $(MAKECMDGOALS),<target>) PYTHON=/path/to/python3.12" >&2; \
exit 1
endef

# If the virtualenv is missing, broken or built with a too-old Python, force
# the stamp to be rebuilt (its recipe recreates the virtualenv).
ifneq ($(shell $(VENV_PY) -c '$(PY_VERSION_OK)' >/dev/null 2>&1 && echo ok),ok)
$(VENV_STAMP): FORCE
endif

.PHONY: help venv run test quality screenshots lint format clean print-python bench bench-quick wrk varnish FORCE \
        backup restore

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

print-python:
	@py="$$( $(FIND_PYTHON) )"; \
	if [ -z "$$py" ]; then $(NO_PYTHON_MSG); fi; \
	echo "$$py ($$("$$py" --version 2>&1))"

venv: $(VENV_STAMP)

# pip runs again only when a requirements file changes (or the venv is rebuilt).
$(VENV_STAMP): requirements.txt requirements-dev.txt
	@if ! $(VENV_PY) -c '$(PY_VERSION_OK)' >/dev/null 2>&1; then \
	  py="$$( $(FIND_PYTHON) )"; \
	  if [ -z "$$py" ]; then $(NO_PYTHON_MSG); fi; \
	  echo "Creating $(VENV) with $$py ($$("$$py" --version 2>&1))"; \
	  rm -rf $(VENV) && "$$py" -m venv $(VENV); \
	fi
	$(VENV_PY) -m pip install --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: venv
	$(MANAGE) migrate --noinput
	@if [ -n "$$(find . \( -path ./$(VENV) -o -path ./.git -o -path ./node_modules \) -prune \
	        -o -name '*.po' -print -quit)" ] && command -v msgfmt >/dev/null 2>&1; then \
	  echo "$(MANAGE) compilemessages"; \
	  $(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules; \
	else \
	  echo "Skipping compilemessages (no .po files or no msgfmt; committed .mo files are used)"; \
	fi
	$(MANAGE) load_demo
	$(MANAGE) runserver $(RUNSERVER_ADDR)

test: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/bandit -q -c pyproject.toml -r newsroom articles comments audit --severity-level high
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

# node_modules is reinstalled only when package-lock.json changes. Scripts stay
# off: vnu-jar's postinstall would download a Java runtime; Debian's java runs it.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

quality: venv node_modules/.package-lock.json
	$(VENV_PY) quality/check.py $(QUALITY_ARGS)

screenshots: venv
	$(VENV_PY) quality/screenshots.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache test-results
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

# wrk, the HTTP load generator, from Debian's packages (as root, or with sudo).
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "wrk missing: installing Debian's wrk"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q wrk; }

# Varnish for the bench's "through Varnish" rows: installed when possible;
# without it those rows say "not measured: varnishd missing".
varnish:
	@command -v varnishd >/dev/null 2>&1 || { \
	  echo "varnishd missing: trying Debian's varnish and varnish-modules"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
	    varnish varnish-modules || echo "varnish not installed; the bench goes on without it"; }

BENCH_ARGS ?=

bench: venv wrk varnish
	$(VENV_PY) bench/run.py $(BENCH_ARGS)

bench-quick: venv wrk varnish
	$(VENV_PY) bench/run.py --quick $(BENCH_ARGS)

# Backups (deploy/backup.sh, deploy/restore.sh): DATABASE_URL, MEDIA_ROOT and
# AWS_STORAGE_BUCKET_NAME come from the environment.
BACKUP ?=

backup:
	bash deploy/backup.sh

restore:
	BACKUP="$(BACKUP)" bash deploy/restore.sh

FORCE:
