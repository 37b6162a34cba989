# KIM-Plattform – `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export KIM_DATA_DIR ?= $(CURDIR)/var

.PHONY: messages-update help demo serve test test-browser test-postgres lint format check-tools install assets migrate demo-data bench bench-data messages openapi worker clean

help: ## Diese Übersicht
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

check-tools:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Fehler: $(PYTHON) fehlt. Bitte Python 3.11 oder neuer installieren." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { echo "Fehler: $(PYTHON) ist $$($(PYTHON) --version 2>&1); benötigt wird Python 3.11 oder neuer." >&2; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "Fehler: Python-Module venv/ensurepip fehlen (Debian: apt-get install python3-venv)." >&2; exit 1; }
	@command -v npm >/dev/null 2>&1 || { echo "Fehler: npm fehlt. Bitte Node.js mit npm installieren (https://nodejs.org oder apt-get install npm)." >&2; exit 1; }

$(VENV)/.installed: pyproject.toml requirements.lock | check-tools
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

install: $(VENV)/.installed ## Virtuelle Umgebung anlegen und Abhängigkeiten installieren

node_modules/.installed: package.json package-lock.json | check-tools
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

var/assets/.built: node_modules/.installed scripts/build_assets.sh
	bash scripts/build_assets.sh
	@touch $@

assets: var/assets/.built ## Front-end-Dateien (KERN, Chart.js, axe-core) bereitstellen

messages: install ## Übersetzungen kompilieren
	KIM_DEMO=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

messages-update: install ## Übersetzungskatalog (kim/locale/en) aus dem Code aktualisieren
	KIM_DEMO=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=bench --no-obsolete

migrate: install assets messages ## Datenbank unter var/ migrieren
	KIM_DEMO=1 $(PY) manage.py migrate --no-input -v 0

demo-data: migrate ## Demodaten laden (idempotent)
	KIM_DEMO=1 $(PY) manage.py load_demo

demo: demo-data ## Alles bauen und mit Demodaten auf http://127.0.0.1:$(PORT) starten
	KIM_DEMO=1 $(PY) manage.py collectstatic --no-input -v 0
	@echo "KIM-Plattform: http://127.0.0.1:$(PORT)  (Anmeldung z. B. cm.nord / demo)"
	@# The background worker (reports, reminders) runs beside the server and ends with it.
	KIM_DEMO=1 $(PY) manage.py db_worker --interval 1 -v 0 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	KIM_DEMO=1 $(PY) manage.py runserver --nostatic 127.0.0.1:$(PORT)

test: install assets messages ## Alle Tests (SQLite; PostgreSQL und Browser, wenn verfügbar)
	$(PY) scripts/run_tests.py

test-browser: install assets messages ## Nur die Browser-Tests
	KIM_DEMO=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser

lint: install ## ruff format --check und ruff check
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: install ## Code formatieren
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

openapi: install ## openapi.yaml neu erzeugen
	KIM_DEMO=1 $(PY) manage.py spectacular --file openapi.yaml --validate

worker: install ## Hintergrund-Worker starten (django-tasks)
	KIM_DEMO=1 $(PY) manage.py db_worker

bench: install assets messages ## Benchmark auf PostgreSQL (BENCH_SCALE=1 ≈ landesweit)
	$(PY) bench/run.py

clean: ## virtuelle Umgebung, node_modules und var/ löschen
	rm -rf $(VENV) node_modules var
