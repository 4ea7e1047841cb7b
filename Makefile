# Two commands matter: `make serve` (preview the site) and `make test` (everything CI runs).
# Each sets up what it needs on a fresh machine: a Python 3.12 venv with exactly the
# versions in requirements.lock (hash-checked, installed by uv), Pyodide from
# package-lock.json, and Debian's browsers for the end-to-end tests (chromium, firefox-esr,
# WebKitGTK's webkit2gtk-driver, and xvfb for WebKitGTK's window).

PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo $(PYTHON) -m uv)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export UV_PYTHON_DOWNLOADS := never
# The lock is compiled for every platform so that it is the same whoever runs `make lock`.
LOCK_FLAGS := --group dev --generate-hashes --universal --python-version 3.12 \
	--custom-compile-command "make lock" --quiet

.PHONY: serve test site check new new-cause translate lint unit browser bench engines-check setup lock upgrade lock-check uv clean

# Not strict while editing: a broken link is a warning in the terminal, not a stopped
# server (`make site` and CI stay strict). Content problems show in the browser.
DEV_ADDR ?= 127.0.0.1:8000

serve: setup ## Build and serve the site on http://127.0.0.1:8000, reloading on edits
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr $(DEV_ADDR)

test: setup browser lint ## Run every test, browser tests included
	KB_UV='$(UV)' $(BIN)/python -m pytest

site: setup ## Build site/ (a failed build leaves the old site/ as it was)
	$(BIN)/python -m generator build

check: $(STAMP) ## Validate the content only
	$(BIN)/python -m generator check

# CODE, SERVICE, CAUSE and CONTENT (another content folder) reach the shell as environment
# variables (make exports what is set on its command line), so the shell quotes them.
new: $(STAMP) ## A skeleton for a new error code: make new CODE=M1234-5678
	@[ -n "$$CODE" ] || { echo "Say which code: make new CODE=M1234-5678"; exit 2; }
	@$(BIN)/python -m generator new $(if $(CONTENT),--content "$$CONTENT") \
	  $(if $(SERVICE),--service "$$SERVICE") "$$CODE"

new-cause: $(STAMP) ## A skeleton for a new shared cause: make new-cause CAUSE=slow-wifi
	@[ -n "$$CAUSE" ] || { echo "Say which cause: make new-cause CAUSE=slow-wifi"; exit 2; }
	@$(BIN)/python -m generator new-cause $(if $(CONTENT),--content "$$CONTENT") "$$CAUSE"

translate: $(STAMP) ## A translation's skeleton, or its source refreshed: make translate FILE=content/causes/x.yaml TO=es
	@[ -n "$$FILE" ] && [ -n "$$TO" ] || { \
	  echo "Say which file and language: make translate FILE=content/causes/x.yaml TO=es"; exit 2; }
	@$(BIN)/python -m generator translate "$$FILE" "$$TO"

lint: $(STAMP) $(NODE_STAMP) ## Style and types (Python, and the site's JavaScript)
	$(BIN)/ruff check generator checker tests bench
	$(BIN)/mypy
	node_modules/.bin/tsc --noEmit --checkJs -p tsconfig.json

bench: setup browser ## Measure build scaling and checker speed (writes bench/results.json)
	$(BIN)/python -m bench

engines-check: setup ## Build the site with ProperDocs too; compare files, pages and links
	$(BIN)/python -m pytest tests/engines_build -q

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml requirements.lock .python-version
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "Python 3.12 or newer is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install it (e.g. 'pyenv install 3.12' or 'apt-get install python3.12') and rerun."; \
	  exit 1; }
	@$(MAKE) --no-print-directory uv lock-check
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $@

uv: ## uv itself, pinned, when the machine has none
	@command -v uv >/dev/null || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
	  $(PYTHON) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

lock: uv ## Re-pin every Python package after a change to pyproject.toml
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock

upgrade: uv ## Re-pin every Python package to the newest release its range allows
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) --upgrade -o requirements.lock

# A range changed in pyproject.toml without `make lock` fails here, before anything installs.
lock-check: uv
	@tmp=$$(mktemp) && cp requirements.lock $$tmp && \
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -o $$tmp && \
	if ! cmp -s requirements.lock $$tmp; then \
	  diff -u requirements.lock $$tmp | grep '^[-+][a-z]' | head -20; rm -f $$tmp; \
	  echo "requirements.lock does not match pyproject.toml: run 'make lock' and commit both."; \
	  exit 1; fi; rm -f $$tmp

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The end-to-end tests run the checker in all three engines; a driver never downloads one.
BROWSER_COMMANDS := chromium firefox-esr WebKitWebDriver Xvfb
BROWSER_PACKAGES := chromium firefox-esr webkit2gtk-driver xvfb

browser: ## Debian's Chromium, Firefox ESR and WebKitGTK for the end-to-end tests
	@missing=; for command in $(BROWSER_COMMANDS); do \
	  command -v $$command >/dev/null || missing="$$missing $$command"; done; \
	[ -z "$$missing" ] || { \
	  echo "Installing Debian's browsers (missing:$$missing)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    $(BROWSER_PACKAGES) >/dev/null; }

clean:
	rm -rf site $(VENV) node_modules
