# Two commands on a fresh machine: `make run` (set up, then start dlprep) and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup run test lint validate bench clean

# The judge runs submissions only inside bubblewrap; install it when missing and we are root.
setup: $(VENV)/.installed
	@command -v bwrap >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y bubblewrap; } \
		|| echo "warning: install bubblewrap (bwrap) to grade exercises: sudo apt-get install bubblewrap" >&2
	@# The browser tests drive Debian's chromium (Playwright cannot download one here); CJK fonts for screenshots.
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y chromium fonts-noto-cjk; } \
		|| echo "warning: install chromium for the browser tests: sudo apt-get install chromium fonts-noto-cjk" >&2

# torch comes from the machine's local CPU wheel; install it first so nothing pulls a CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: setup
	$(BIN)/dlprep serve

lint: setup
	$(BIN)/ruff check src tests benchmarks

validate: setup
	$(BIN)/dlprep validate --run

test: lint
	$(BIN)/python -m pytest
	$(BIN)/dlprep validate --run

bench: setup
	for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
