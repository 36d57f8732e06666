# Set-up and everyday commands. `make site` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

NODE_STAMP := node_modules/.installed-stamp
BROWSER_STAMP := $(VENV)/.browser-stamp

.PHONY: site test check generate serve clean constraints bench golden

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,properdocs,zensical]'
	touch $(STAMP)

# ENGINE=properdocs or ENGINE=zensical builds with another engine (docs/engines.md).
ENGINE ?= mkdocs

site: $(STAMP)
	$(VENV)/bin/briefing build --engine $(ENGINE)
	@echo "Site built: open site/index.html in a browser (or run: make serve)"

# The browser tests need Debian's chromium, and npm for axe-core (pinned by package-lock.json).
# As root (or with sudo) they are installed from Debian's packages; otherwise make test stops
# and says how. BRIEFING_NO_BROWSER=1 runs without them (the browser tests then skip; in CI,
# CI=true, they fail).
$(BROWSER_STAMP):
	@if [ -n "$$BRIEFING_NO_BROWSER" ] || { command -v chromium >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; }; then \
	  :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$(command -v chromium >/dev/null || echo chromium) $$(command -v npm >/dev/null || echo nodejs npm) >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$(command -v chromium >/dev/null || echo chromium) $$(command -v npm >/dev/null || echo nodejs npm) >/dev/null; \
	else \
	  echo "make test needs Debian's chromium and npm for the browser tests: run 'sudo apt-get install chromium npm' (or BRIEFING_NO_BROWSER=1 make test to skip them)"; exit 1; \
	fi
	@touch $(BROWSER_STAMP)

$(NODE_STAMP): package.json package-lock.json $(BROWSER_STAMP)
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the accessibility tests will be skipped"; fi

test: $(STAMP) $(BROWSER_STAMP) $(NODE_STAMP)
	$(PY) -m pytest

# Write the golden snapshot of build/docs for the small fixture briefing again (after a
# change to the pages that is meant; review the diff before committing it).
golden: $(STAMP)
	$(PY) -m pytest tests/test_golden.py --update-golden -q

check: $(STAMP)
	$(VENV)/bin/briefing check

generate: $(STAMP)
	$(VENV)/bin/briefing generate

serve: $(STAMP)
	$(VENV)/bin/briefing serve

# The whole benchmark (about 40 minutes on 2 cores); the tables go into bench/RESULTS.md.
bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/engines.py --sizes 1000
	$(PY) bench/serve_latency.py --notes 1000

constraints: $(STAMP)
	{ echo "# Exact versions for every machine (pip install -c constraints.txt). Regenerate with"; \
	  echo "# 'make constraints' after changing dependencies in pyproject.toml."; \
	  $(PY) -m pip freeze --exclude-editable | grep -v -i '^briefing=='; } > constraints.txt

clean:
	rm -rf build site
