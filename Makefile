# Townhall — everyday commands. Needs only python3 (+ make) to start;
# `make test` installs Debian's chromium, redis-server (and nodejs, npm) itself when run as root.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
PIP      := $(BIN)/python -m pip --disable-pip-version-check
FLASK    := $(BIN)/flask --app wsgi
HOST     ?= 127.0.0.1
PORT     ?= 5000
CHROMIUM ?= /usr/bin/chromium

.PHONY: help run demo scaleout retention test audit bench clean chromium redis postgres nginx node requirements translations

help:
	@echo "make run    serve on http://$(HOST):$(PORT) (gunicorn, one gevent worker)"
	@echo "make demo   the demo events (made once, found again), links at http://$(HOST):$(PORT) as make run serves"
	@echo "make scaleout  PostgreSQL, Redis, two app processes and nginx on http://127.0.0.1:$(NGINX_PORT)"
	@echo "make retention  delete attendee identities of events past their retention (run daily)"
	@echo "make test   run the test suite (needs $(CHROMIUM))"
	@echo "make audit  check the pinned packages for known vulnerabilities (needs the network; CI runs it)"
	@echo "make bench  run the benchmarks (BENCH=\"scale\" for one of them; see BENCHMARKS.md)"
	@echo "make clean  drop install stamps and __pycache__"
	@echo "make requirements  recompile requirements*.txt from requirements*.in (pinned, hashed)"
	@echo "make translations  extract every string into each language's catalogue and compile it"

# --- virtualenv; requirements are reinstalled only when their files change ---

$(BIN)/pip:
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: '$(PYTHON) -m venv' failed; on Debian: apt-get install python3-venv" >&2; exit 1; }

$(VENV)/.stamp-runtime: requirements.txt | $(BIN)/pip
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt | $(BIN)/pip
	$(PIP) install -r requirements-dev.txt
	@touch $@

# --- dependencies: edit requirements.in or requirements-dev.in, then run this ---
# Every package, transitive ones too, is pinned with its hashes (options in .pip-tools.toml); pins
# already in the .txt files are kept: `make requirements UPGRADE="-P flask"` moves one package.
UPGRADE ?=

requirements: $(VENV)/.stamp-dev
	$(BIN)/pip-compile $(UPGRADE) requirements.in
	$(BIN)/pip-compile $(UPGRADE) requirements-dev.in

# --- run: production-style single server ---
# Behind a LAN address or a proxy, set PUBLIC_URL to what phones should open,
# e.g. make run HOST=0.0.0.0 PUBLIC_URL=http://192.168.1.20:5000
run: export TOWNHALL_CONFIG := production
run: export PUBLIC_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.stamp-runtime
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) reset-presence
	$(FLASK) setup-link
	HOST=$(HOST) PORT=$(PORT) exec $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# --- scaleout: the scaled-out layout on this machine (README, "Scaling out") ---
# PostgreSQL, Redis, two app processes and nginx (deploy/nginx/townhall.conf) on loopback, in
# instance/scaleout; served on http://127.0.0.1:$(NGINX_PORT). Ctrl-C stops them all.
NGINX_PORT ?= 8080
scaleout: $(VENV)/.stamp-runtime postgres redis nginx
	NGINX_PORT=$(NGINX_PORT) $(BIN)/python -m scripts.scaleout instance/scaleout

# --- demo: two demo events; run again, the same ones (and the same login), at the address make run serves ---
demo: export TOWNHALL_CONFIG := production
demo: export PUBLIC_URL ?= http://$(HOST):$(PORT)
demo: $(VENV)/.stamp-runtime
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo $(if $(NEW_PASSWORD),--new-password,)

# --- retention: attendee identities of events past their retention setting are deleted ---
# Run it daily (cron or a systemd timer: docs/privacy.md); DRY_RUN=1 prints what would go.
retention: export TOWNHALL_CONFIG := production
retention: $(VENV)/.stamp-runtime
	$(FLASK) retention $(if $(DRY_RUN),--dry-run,)

# --- tests ---

chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then scripts/apt-install.sh chromium && test -x $(CHROMIUM); \
	else echo "error: $(CHROMIUM) not found. Install it: sudo apt-get install chromium" >&2; exit 1; fi

# eslint for the browser scripts, pinned in package-lock.json (tests only, never served)
node_modules/.stamp: package.json package-lock.json | node
	npm ci --no-audit --no-fund
	@touch $@

# tests/test_socket_limits_shared.py starts a real Redis on loopback (two servers sharing one limit).
redis:
	@if command -v redis-server >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then scripts/apt-install.sh redis-server && command -v redis-server >/dev/null; \
	else echo "error: redis-server not found. Install it: sudo apt-get install redis-server" >&2; exit 1; fi

# The suites that reach the database, run a second time on PostgreSQL (scripts/test-suites.sh: in the
# second lane, before the browser tests, beside the SQLite run).
PG_TESTS ?= tests/test_services_*.py tests/test_socket_*.py tests/test_migrations.py tests/test_ledger.py

test: $(VENV)/.stamp-dev chromium redis postgres nginx node_modules/.stamp
	$(BIN)/ruff check .
	$(BIN)/mypy
	npx --no-install eslint --max-warnings 0 .
	node --test tests/js/*.test.mjs
	@TOWNHALL_CHROMIUM=$(CHROMIUM) scripts/test-suites.sh $(BIN)/python $(wildcard $(PG_TESTS))

# --- audit: every package pinned in requirements*.txt against PyPI's vulnerability data ---
# It asks pypi.org, so CI runs it (.ci/run) and `make test`, which runs offline, does not. pip-audit
# reads the pins as they are (nothing installed or resolved again); scripts/audit.py checks through
# PyPI's project pages the pins pip-audit could not look up, names any it could not check at all, and
# fails on a known vulnerability. A finding: `make requirements UPGRADE="-P <package>"`, then `make test`.
audit: $(VENV)/.stamp-dev
	$(BIN)/python scripts/audit.py $(BIN)/pip-audit requirements.txt requirements-dev.txt

# --- benchmarks: the benchmarks/ package, run with `python -m benchmarks` ---
# All of them, or some: make bench BENCH="scale" (votes polls minutes votecpu snapshots scale soak)

BENCH ?=

# PostgreSQL's server programs (initdb, postgres): the PostgreSQL run of the tests and `make scaleout`
# start a throwaway server of their own (scripts/local_servers.py), never the system's service.
translations: $(VENV)/.stamp-dev
	$(BIN)/python scripts/translations.py update
	$(BIN)/python scripts/translations.py check || true

postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then scripts/apt-install.sh postgresql && ls /usr/lib/postgresql/*/bin/initdb >/dev/null; \
	else echo "error: PostgreSQL not found. Install it: sudo apt-get install postgresql" >&2; exit 1; fi

# nginx in front of two app processes: tests/test_scaleout.py and `make scaleout` (deploy/nginx/).
nginx:
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then scripts/apt-install.sh nginx && [ -x /usr/sbin/nginx ]; \
	else echo "error: nginx not found. Install it: sudo apt-get install nginx" >&2; exit 1; fi

# Node runs eslint in `make test`; the scale and soak benchmarks drive their phones from it (benchmarks/loadgen).
node:
	@if command -v node >/dev/null && command -v npm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then scripts/apt-install.sh nodejs npm; \
	else echo "error: node and npm not found. Install them: sudo apt-get install nodejs npm" >&2; exit 1; fi

bench: $(VENV)/.stamp-dev node
	@if [ -d benchmarks ]; then $(BIN)/python -m benchmarks $(BENCH); \
	else echo "no benchmarks/ folder yet: nothing to run"; fi

clean:
	rm -f $(VENV)/.stamp-runtime $(VENV)/.stamp-dev
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf .pytest_cache .mypy_cache node_modules
