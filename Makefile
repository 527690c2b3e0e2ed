# Attachment Programme Portal. `make run` serves it with the seed data; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Production-like variables for `make check` (never used to serve anything).
DEPLOY_ENV := DEBUG=false SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-key-value \
	ALLOWED_HOSTS=attachment.example.org DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 STAFF_REQUIRE_OTP=true \
	CACHE_URL=redis://127.0.0.1:6379/1

.PHONY: install install-dev translations gettext-package messages fonts certificate-packages certificate-dev-packages run serve nginx test test-browser lint format check migrations-check ci bench backup restore reminders clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $@ $(VENV)/.installed

install: certificate-packages $(VENV)/.installed translations

install-dev: certificate-dev-packages $(VENV)/.installed-dev translations

# The interface in Khmer, Lao, Burmese and Vietnamese: each catalogue (locale/<language>/LC_MESSAGES/
# django.po) compiled with gettext's msgfmt when it changed; the compiled .mo files are not kept in git.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
translations: $(CATALOGUES:.po=.mo)

gettext-package:
	@$(call debian-packages,gettext)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext-package
	msgfmt --check-format -o $@ $<

## Extract the interface's strings into every catalogue (new ones untranslated, changed ones marked fuzzy);
## the workspace stays in English (core/management/commands/update_catalogues.py says what is left out).
messages: install-dev
	$(MANAGE) update_catalogues

## Rebuild the Khmer, Lao and Burmese web fonts (static/fonts/) from Debian's fonts-noto-core; commit what changes
fonts: install-dev
	$(BIN)/python deploy/build_fonts.py

# WeasyPrint draws the certificates with Debian's Pango and HarfBuzz, in the Noto fonts that shape Khmer,
# Lao and Myanmar script. The tests also turn a sample certificate into a PNG with poppler-utils' pdftoppm.
CERTIFICATE_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core
# $(call debian-packages,names): install Debian's packages when any of them is missing.
debian-packages = if ! dpkg -s $(1) >/dev/null 2>&1; then \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; fi

certificate-packages:
	@$(call debian-packages,$(CERTIFICATE_PACKAGES))

certificate-dev-packages:
	@$(call debian-packages,$(CERTIFICATE_PACKAGES) poppler-utils)

## Set up SQLite with the seed data and demo logins, then serve on http://127.0.0.1:8000
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_programme
	$(MANAGE) create_demo_logins
	$(MANAGE) runserver 127.0.0.1:8000

## Run the whole suite with its coverage figure (DATABASE_URL=postgres://... runs it on PostgreSQL)
test: install-dev
	@$(BIN)/pytest --cov --cov-report=term $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "No tests were collected: that is a failure." >&2; exit 1; fi; exit $$status

## Browser journeys only (headless Chromium)
test-browser: install-dev
	$(BIN)/pytest -m browser

SERVE_PORT ?= 8080
## Production-like local run: nginx on http://127.0.0.1:$(SERVE_PORT) in front of gunicorn (deploy/); Ctrl-C stops both
serve: install nginx
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) render_error_pages
	$(BIN)/python deploy/serve.py --port $(SERVE_PORT)

## Debian's nginx, installed when it is missing (`make serve` and the tests of deploy/ need it)
nginx:
	@if [ ! -x /usr/sbin/nginx ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	fi

## Benchmark on PostgreSQL with synthetic data (see bench/README.md); installs Debian's wrk when it is missing
bench: install-dev
	@if ! command -v wrk >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi
	$(BIN)/python bench/run.py

## Back up the database named by DATABASE_URL to backups/, or restore BACKUP=file into it
backup: install
	$(BIN)/python manage.py backup_database

restore: install
	$(BIN)/python manage.py restore_database $(BACKUP)

## Send the reminders due now, once (a scheduler runs the same command; see README)
reminders: install
	$(MANAGE) send_reminders

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

## Migrations match the models, and a production configuration passes Django's deploy checks
check: migrations-check
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING

ci: lint check test
