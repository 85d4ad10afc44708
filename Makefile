# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# Each creates .venv, installs what it needs (and Graphviz's `dot`), then runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: demo test lint bench dot browser clean generate

demo: $(VENV)/.demo dot
	$(PY) -m nn.demo

test: $(VENV)/.dev dot browser
	$(BIN)/ruff check .
	$(BIN)/mypy autograd
	$(PY) -m pytest -n 2 -p no:cacheprovider

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy autograd

# Value's op methods are generated from autograd/core/ops.py into autograd/core/value.py.
generate: $(VENV)/.dev
	$(PY) -m autograd.core.generate || true

bench: $(VENV)/.bench
	$(PY) benchmarks/run.py

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
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
