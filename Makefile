# Two commands matter: `make serve` (preview the site) and `make test` (everything CI runs).
# Each sets up what it needs on a fresh machine: a Python 3.12 venv from pyproject.toml,
# Pyodide from package-lock.json, and Debian's chromium for the browser tests.

PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test site check lint unit browser bench setup clean

serve: setup ## Build and serve the site on http://127.0.0.1:8000, reloading on edits
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: setup browser lint ## Run every test, browser tests included
	$(BIN)/python -m pytest

site: setup ## Build site/ (a failed build leaves the old site/ as it was)
	$(BIN)/python -m generator build

check: $(STAMP) ## Validate the content only
	$(BIN)/python -m generator check

lint: $(STAMP) ## Style and types
	$(BIN)/ruff check generator checker tests bench
	$(BIN)/mypy

bench: setup browser ## Measure build scaling and checker speed (writes bench/results.json)
	$(BIN)/python -m bench

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "Python 3.12 or newer is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install it (e.g. 'pyenv install 3.12' or 'apt-get install python3.12') and rerun."; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser: ## Debian's chromium for the end-to-end tests (no browser download)
	@command -v chromium >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf site $(VENV) node_modules
