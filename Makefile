# Every target sets up .venv from pyproject.toml first, so a fresh clone needs nothing else.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SETS ?= ../shared/eval/sets
EVAL_OUT ?= /tmp/cleaner-eval

.PHONY: setup demo test lint eval fixtures-update clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Clean the bundled sample pages (the fixture inputs) into out/.
demo: setup
	$(BIN)/cleaner clean fixtures out --include 'input.*'
	@echo "bodies in out/<case>/input.txt, records in out/documents.jsonl, counts in out/summary.json"

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check cleaner tests

# Run the CLI over every evaluation set and score it with the shared scorer.
eval: setup
	@for set in $(SETS)/*/; do \
		name=$$(basename $$set); \
		rm -rf $(EVAL_OUT)/$$name; \
		$(BIN)/cleaner clean -q $$set/pages $(EVAL_OUT)/$$name >/dev/null 2>&1; \
		printf '%-10s ' $$name; python3 $(SETS)/../score.py $$set/gold $(EVAL_OUT)/$$name | tail -1; \
	done

# Re-bless fixtures/*/expected.txt from the current code and print the diff.
fixtures-update: setup
	$(BIN)/python -m tests.bless

clean:
	rm -rf out $(EVAL_OUT)
