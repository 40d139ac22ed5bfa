# make run: set up everything and serve the site; make test: set up and run every check.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
# Links in mail follow the address actually served (0.0.0.0 is reached as 127.0.0.1 here).
BASE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
FLASK := $(BIN)/flask --app lms
# Tests run in parallel on every core; PYTEST_ARGS= (empty) runs them one at a time.
PYTEST_ARGS ?= -n auto

.PHONY: run test install migrate seed lint format css clean bench

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3 --version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

# Development set-up: `flask` commands and the job worker read .env, so after `make run` the
# README's commands run in development too. Written once, only when LMS_ENV is unset or
# development (a server sets LMS_ENV=production and its secrets in the environment instead).
.env:
	@if [ -z "$${LMS_ENV:-}" ] || [ "$${LMS_ENV}" = development ]; then \
		printf '%s\n' '# Written by make for development only; never copy it to a server.' \
			'LMS_ENV=development' > $@; \
		echo "Wrote .env (LMS_ENV=development): flask commands from .venv now run in development."; \
	fi

migrate: install .env
	@mkdir -p instance
	LMS_ENV=$${LMS_ENV:-development} $(FLASK) db upgrade

seed: migrate
	LMS_ENV=$${LMS_ENV:-development} $(FLASK) content sync
	LMS_ENV=$${LMS_ENV:-development} BASE_URL='$(BASE_URL)' $(FLASK) seed-demo

# The job worker (it delivers the outbox's emails) runs in the background beside the web server
# and is stopped when the server stops, so Ctrl-C stops both.
WORKER := $(BIN)/huey_consumer lms.worker.huey --workers 2 --worker-type thread --max-delay 2 --quiet

run: seed
	@echo "Serving on $(BASE_URL)  (sign in with a demo account above)"
	@export LMS_ENV=$${LMS_ENV:-development} BASE_URL='$(BASE_URL)'; \
	$(WORKER) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	@# The independent credential verifier (tests/verifiers): npm packages pinned by its lock file.
	@if command -v npm >/dev/null; then npm ci --prefix tests/verifiers --no-audit --no-fund --silent; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Rebuild lms/static from the govuk-frontend npm package (needs Node.js; the output is committed).
css:
	cd frontend && npm ci && npm run build

clean:
	rm -rf $(VENV) instance/lms.sqlite3 instance/jobs.sqlite3* .pytest_cache .ruff_cache

# National-scale benchmark on SQLite and PostgreSQL (needs wrk and a local PostgreSQL);
# writes bench/RESULTS.md. BENCH_SCALE=small for a quick run.
BENCH_SCALE ?= national
bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	BENCH_SCALE=$(BENCH_SCALE) $(BIN)/python bench/run.py
