# Enlace — developer commands. `make run` serves the app; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PUERTO ?= 8000

.PHONY: help run test bench bench-http lint format migrate demo worker beat deps deps-dev clean capturas

help:
	@echo "make run | test | bench | bench-http | lint | format | migrate | demo | worker | beat | capturas | clean"

# --- virtualenv and dependencies (stamp files skip reinstalls) -------------
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Enlace necesita Python 3.11 o superior ($(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.req-stamp: requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(VENV)/.dev-stamp: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@ $(VENV)/.req-stamp

deps: $(VENV)/.req-stamp
deps-dev: $(VENV)/.dev-stamp

# --- run everything: web + Celery worker + beat under honcho ---------------
run: deps migrate
	$(MANAGE) collectstatic --noinput -v 0
	ENLACE_PUERTO=$(PUERTO) $(MANAGE) demo > var/demo.log
	@echo "Demo cargada (detalle en var/demo.log). Arrancando web, worker y beat; Ctrl-C los detiene."
	PATH="$(CURDIR)/$(BIN):$$PATH" ENLACE_PUERTO=$(PUERTO) $(BIN)/honcho -f Procfile.dev start

migrate: deps
	$(MANAGE) migrate --noinput -v 0

demo: deps
	$(MANAGE) demo

worker: deps
	$(BIN)/celery -A enlace worker -l INFO --pool=solo -c 1

beat: deps
	$(BIN)/celery -A enlace beat -l INFO -s var/celerybeat-schedule \
		--scheduler django_celery_beat.schedulers:DatabaseScheduler

# --- quality ---------------------------------------------------------------
lint: deps-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: deps-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Lint, format check and the whole suite all run; any failure fails the target.
# Browser tests (marker e2e) drive Debian's /usr/bin/chromium; never `playwright install`.
# pytest-xdist: one worker per core (at most 4), each taking whole files; `make test PROCESOS=0` runs serially.
PROCESOS ?= auto
test: deps-dev
	@fallo=""; \
	$(BIN)/ruff check . || fallo="$$fallo ruff-check"; \
	$(BIN)/ruff format --check . || fallo="$$fallo ruff-format"; \
	$(BIN)/pytest -m "not bench" -n $(PROCESOS) --maxprocesses 4 --dist loadfile || fallo="$$fallo pytest"; \
	if [ -n "$$fallo" ]; then echo "make test: FALLÓ:$$fallo"; exit 1; fi

bench: deps-dev
	@$(BIN)/pytest tests/benchmarks -m bench -s; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "bench: no hay benchmarks todavía (pytest no recogió pruebas)."; exit 0; fi; \
	exit $$rc

# Requests per second of the main lists under gunicorn (gunicorn.conf.py), logged in, measured with wrk.
# Needs PostgreSQL in DATABASE_URL (a database of its own: it is filled to 100,000 tickets and units) and wrk.
bench-http: deps-dev
	@case "$(DATABASE_URL)" in postgres*) ;; *) echo "bench-http: DATABASE_URL debe ser PostgreSQL"; exit 1;; esac
	@command -v wrk >/dev/null || { echo "bench-http: falta wrk (apt-get install wrk)"; exit 1; }
	$(BIN)/python -m tests.benchmarks.carga_http

# --- README screenshots: the demo in a scratch database, Chromium through Playwright ---
# Writes docs/img/*.png (four screens and page 1 of the ENROK executive report at 60 dpi).
CAPTURAS_DB     ?= sqlite:///$(CURDIR)/var/capturas.sqlite3
CAPTURAS_PUERTO ?= 8790
capturas: deps-dev
	@mkdir -p var docs/img
	rm -f var/capturas.sqlite3
	DATABASE_URL=$(CAPTURAS_DB) $(MANAGE) migrate --noinput -v 0
	DATABASE_URL=$(CAPTURAS_DB) $(MANAGE) demo > var/capturas-demo.log
	@DATABASE_URL=$(CAPTURAS_DB) $(MANAGE) runserver 127.0.0.1:$(CAPTURAS_PUERTO) --noreload --insecure \
		> var/capturas-servidor.log 2>&1 & servidor=$$!; \
	DATABASE_URL=$(CAPTURAS_DB) $(BIN)/python -m tests.e2e.capturas http://127.0.0.1:$(CAPTURAS_PUERTO) docs/img; \
	rc=$$?; kill $$servidor; exit $$rc

clean:
	rm -rf var $(VENV)
