# Muster: `make run` sets up and serves the demo; `make test` sets up and runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench loadtest lint browser-deps

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Muster needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(BIN)/muster init --demo
	@echo
	@echo "Muster is serving at http://$(HOST):$(PORT)/  (sign in as admin / muster-demo-2025; stop with Ctrl-C)"
	@# The worker runs the background jobs (a backup, a large import) beside the server, and stops with it.
	MUSTER_WORKER=1 $(BIN)/muster worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	MUSTER_WORKER=1 $(BIN)/muster runserver --noreload $(HOST):$(PORT)

# Browser tests drive the system's Chromium; install it from Debian's packages when it is missing.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
	  else echo "Browser tests need /usr/bin/chromium: sudo apt-get install chromium"; exit 1; fi; fi

# TEST_MARKS chooses the tests: .ci/run's second pass, on PostgreSQL, leaves out those that do not depend on it.
TEST_MARKS ?= not deployment
# Bytecode kept between runs (in .venv/pycache, even where PYTHONDONTWRITEBYTECODE is set): each worker's collection
# rewrites and compiles every test module otherwise, 8 s → 4.5 s. worksteal: both cores busy to the end
# (tests/conftest.py).
test: $(STAMP) browser-deps
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.venv/pycache \
		$(BIN)/pytest -n auto --dist worksteal -m "$(TEST_MARKS)"

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/roll_import.py
	$(BIN)/python bench/acled_import.py
	$(BIN)/python bench/contribution_history.py
	$(BIN)/python bench/intake.py
	$(BIN)/python bench/strength_claims.py
	$(BIN)/python bench/perstat.py
	$(BIN)/python bench/fleet.py
	$(BIN)/python bench/incidents.py
	$(BIN)/python bench/sitrep.py
	$(BIN)/python bench/backup.py
	$(BIN)/python bench/pages.py

# The public site under 200 anonymous users for two minutes, beside a bare Django view (not part of `make test`).
loadtest: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python bench/loadtest.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports --no-logo  # the layers contract in pyproject.toml

# The catalogues (src/muster/locale/<language>/LC_MESSAGES/django.po) after strings change, and the compiled .mo files
# Django reads, which are committed so that installing Muster needs no gettext tools. Needs GNU gettext (msgfmt).
# docs/translating.md says how to translate; tests/test_catalogues.py checks the result.
messages: $(STAMP)
	cd src/muster && MUSTER_VAR_DIR=$(CURDIR)/var ../../$(BIN)/muster makemessages --locale fr --locale es --locale ht --add-location file \
	  --ignore 'static/*' --no-obsolete
	cd src/muster && MUSTER_VAR_DIR=$(CURDIR)/var ../../$(BIN)/muster compilemessages --locale fr --locale es --locale ht
