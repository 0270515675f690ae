# 公法通 (gongfa). `make run` serves the platform with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
BIN := .venv/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run serve test check lint typecheck migrations-check messages-check pytest browser-test lock messages clean restore-drill cluster-test

help:
	@echo "make run    — install, migrate, load demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test   — lint, type-check, migrations check and the whole test suite"
	@echo "               (SQLite by default; PostgreSQL when DATABASE_URL is set)"

setup:
	@scripts/bootstrap.sh

# prepare_demo: migrate, import_statutes, import_faq --only-new, seed_demo, train_topic_classifier in
# one process (each skips quickly when nothing changed; see benchmarks/startup.py).
run: setup
	@DEBUG=1 $(MANAGE) prepare_demo
	@echo "==> Serving on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

test: setup check pytest $(if $(filter 1,$(CLUSTER_TEST)),cluster-test)

check: lint typecheck migrations-check messages-check

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy .

migrations-check:
	GONGFA_TESTING=1 $(MANAGE) makemigrations --check --dry-run

# Every translatable string in the source has an English translation (the catalogue is not changed).
messages-check:
	$(BIN)/python scripts/check_messages.py

# Two or more workers (pytest-xdist, one per CPU); tests that share the Redis broker run in one group.
PYTEST_ARGS ?= -n auto --dist loadgroup

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

browser-test: setup
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock --quiet --no-header

messages:
	DEBUG=1 $(MANAGE) makemessages -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var
	DEBUG=1 $(MANAGE) compilemessages -l en --ignore=.venv

# Point-in-time restore drill (docs/backup.md): throw-away clusters on 127.0.0.1:55432/55433 with WAL
# archiving, a verified base backup, a restore to a recorded target, every count compared. Needs Debian's
# postgresql-15 (as root the server tools run as the postgres user). e.g. DRILL_ARGS="--orders 100 --target name"
restore-drill: setup
	scripts/restore_drill.sh $(DRILL_ARGS)

# The cluster test (#17 item 4, scripts/cluster_test.sh): a province deployment in network namespaces
# (etcd, Patroni pair, PgBouncer, HAProxy, 2 web nodes, 2 workers, beat) under locust load with four
# faults. As root on Debian 12; about 7 minutes (the first run also collects static files, ~10 min).
# Not part of `make test` unless CLUSTER_TEST=1.
cluster-test: setup
	scripts/cluster_test.sh

clean:
	rm -rf .venv node_modules var staticfiles .mypy_cache .ruff_cache
