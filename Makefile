# Set-up and everyday commands. `make site` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

NODE_STAMP := node_modules/.installed-stamp

.PHONY: site test check generate serve clean constraints bench

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

# axe-core for the accessibility tests (npm, pinned by package-lock.json). Without npm
# those tests skip on a laptop; in CI they fail.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the accessibility tests will be skipped"; fi

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

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
