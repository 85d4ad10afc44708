# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# Each creates .venv, installs what it needs (and Graphviz's `dot`), then runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: demo test lint bench dot browser clean generate docs notebooks notebooks-run

demo: $(VENV)/.demo dot
	$(PY) -m nn.demo

test: $(VENV)/.dev $(VENV)/.docs dot browser
	$(BIN)/ruff check .
	$(BIN)/mypy autograd nn viz
	$(PY) -m pytest -n 2 -p no:cacheprovider
	$(MKDOCS) build --strict --quiet

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy autograd nn viz

# Value's op methods are generated from autograd/core/ops.py into autograd/core/value.py.
generate: $(VENV)/.dev
	$(PY) -m autograd.core.generate || true

bench: $(VENV)/.bench
	$(PY) benchmarks/run.py

# The documentation site: docs/ and the docstrings -> site/; any warning (a broken reference) fails.
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs
docs: $(VENV)/.docs
	$(MKDOCS) build --strict

# JupyterLab on the notebooks; where there is no screen (Linux without a display) it only prints the URL.
# Jupyter refuses to run as root unless told (containers and CI machines often are root).
NO_BROWSER := $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY),$(filter Darwin,$(shell uname -s))),,--no-browser)
AS_ROOT    := $(if $(filter 0,$(shell id -u)),--allow-root)
notebooks: $(VENV)/.notebooks dot
	$(BIN)/jupyter lab --notebook-dir=notebooks $(NO_BROWSER) $(AS_ROOT)

# Execute every notebook in place and store it with its outputs (seeded: the same outputs each run).
notebooks-run: $(VENV)/.notebooks dot
	$(PY) tests/notebook_runner.py notebooks/*.ipynb

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# One stamp per set of extras; each re-installs when pyproject.toml changes.
$(VENV)/.demo: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[viz,fast,progress]"
	touch $@

$(VENV)/.dev: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[dev]"
	@# PyTorch is optional: where the CPU wheel is at hand, the tests also compare against it.
	$(PY) -m pip install -q torch==2.13.0 || echo "note: torch==2.13.0 not available; torch comparisons are skipped"
	touch $@

$(VENV)/.docs: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[docs]"
	touch $@

$(VENV)/.notebooks: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[notebooks]"
	touch $@

$(VENV)/.bench: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[bench,fast]"
	$(PY) -m pip install -q torch==2.13.0 || echo "note: torch==2.13.0 not available; torch rows are skipped"
	touch $@

# Graphviz's `dot` renders SVG/PNG: Debian's package as root, otherwise the static graphviz-pure wheel.
dot: | $(PY)
	@if command -v dot >/dev/null 2>&1 || [ -x $(BIN)/dot ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Graphviz (apt-get install graphviz)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	else \
		echo "installing graphviz-pure into $(VENV) (no root for apt-get)"; \
		$(PY) -m pip install -q graphviz-pure && ln -sf graphviz-pure $(BIN)/dot; \
	fi

# Headless Chromium and its driver for the explorer pages' browser tests: Debian's packages, as root.
# Without root (or apt-get) the browser tests skip with a one-line reason.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Chromium (apt-get install chromium chromium-driver)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "note: no Chromium and no root for apt-get; the browser tests will skip"; \
	fi

clean:
	rm -rf $(VENV) out site .cache .pytest_cache .ruff_cache .hypothesis
