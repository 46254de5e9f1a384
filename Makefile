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

# Clean the bundled sample pages (the fixture inputs) into out/. One sample is an
# empty file on purpose: it lands in out/errors.jsonl and the exit status is 1.
demo: setup
	$(BIN)/cleaner clean fixtures out --include 'input.*' || test $$? -eq 1
	@echo "bodies in out/<case>/input.txt, records in out/documents.jsonl, counts in out/summary.json, failures in out/errors.jsonl"

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check cleaner tests

# Run the pipeline over every evaluation set: body F1 from the shared scorer,
# leaks, misses, titles, date and author accuracy. Outputs stay in $(EVAL_OUT).
eval: setup
	$(BIN)/python -m cleaner.evaluation $(SETS) --out $(EVAL_OUT)

# Re-bless fixtures/*/expected.txt from the current code and print the diff.
fixtures-update: setup
	$(BIN)/python -m tests.bless

clean:
	rm -rf out $(EVAL_OUT)
