# Scientix — every set-up step lives here so that a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL for the engine-sensitive half of the suite (trust auth on loopback).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/scientix
DIGEST_ARGS ?= --subscribers 100000

.PHONY: demo test test-sqlite test-postgres setup messages translations serve check-deploy clean bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed translations
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

translations: $(VENV)/.installed
	$(PY) manage.py compile_translations

## make demo: the portal with demo data on SQLite at http://127.0.0.1:8000
demo: setup
	$(PY) manage.py load_demo
	$(PY) manage.py reindex  # a database from an older checkout has content but no search index yet
	@echo "Scientix runs at http://$(HOST):$(PORT)/  (staff admin: http://$(HOST):$(PORT)/admin/)"
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py db_worker --verbosity 0 & worker=$$!; \
	  DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (SQLite, then the engine-sensitive part on PostgreSQL, browser tests in Chromium)
test: $(VENV)/.installed node_modules/.installed translations
	sh scripts/ensure-chromium.sh
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest
	$(MAKE) test-postgres

test-postgres: $(VENV)/.installed translations
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -m postgres

## make messages: extract new strings into locale/*/LC_MESSAGES/django.po (needs GNU gettext)
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests $(foreach lang,bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv,--locale=$(lang))

## make bench: search benchmark, 100,000 generated resources on SQLite then PostgreSQL; figures in var/bench/search.json;
## then a digest to 100,000 generated subscribers on each engine (DIGEST_ARGS); figures in var/bench/digest.json
## (each backend in its own process so peak memory is per backend; BENCH_ARGS="--rounds 10" etc. are passed on)
bench: $(VENV)/.installed translations
	mkdir -p var/bench
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/bench.sqlite3 $(PY) manage.py migrate --noinput --verbosity 0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/bench.sqlite3 $(PY) manage.py bench_search $(BENCH_ARGS)
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='scientix_bench'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres scientix_bench
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/scientix_bench $(PY) manage.py migrate --noinput --verbosity 0
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/scientix_bench $(PY) manage.py bench_search $(BENCH_ARGS)
	$(PY) manage.py bench_search --report
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/bench.sqlite3 $(PY) manage.py bench_digest $(DIGEST_ARGS)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/scientix_bench $(PY) manage.py bench_digest $(DIGEST_ARGS)
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/bench.sqlite3 $(PY) manage.py bench_translations --output var/bench/translations-sqlite.json
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/scientix_bench $(PY) manage.py bench_translations --output var/bench/translations-postgres.json

check-deploy: $(VENV)/.installed
	SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(60))') \
	  ALLOWED_HOSTS=scientix.example DJANGO_SETTINGS_MODULE=scientix.settings_production \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules var/static
