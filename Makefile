# tealeaves — quick start: `make demo`, `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/kremlin-reshuffle.txt
DEMO_OUT := demo-report.html

.PHONY: install demo test lint typecheck pytest bench fuzz clean train-rhetoric train-stance corpus-demo

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,web,dask,postgres,ru,export,notebook,growth]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tealeaves analyze $(EXAMPLE) --format html --out $(DEMO_OUT)
	$(BIN)/tealeaves analyze $(EXAMPLE) --format text
	@echo "HTML report written to $(DEMO_OUT)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py

# 100,000 fuzzed inputs over every ingest reader, plus whole-pipeline cases (scripts/fuzz.py).
FUZZ_CASES ?= 100000
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz.py --cases $(FUZZ_CASES) --jobs 2

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .mypy_cache .ruff_cache

# Training needs the `train` extra (torch CPU, about 1 GB): installed here, not by `make install`.
train-rhetoric: $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	nice $(BIN)/python scripts/train_rhetoric.py

# The stance model reads the span tagger's layer-4 states and has a trained target head (torch).
train-stance: $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	nice $(BIN)/python scripts/train_stance.py --refit --tagger-layer 4 --head --cache .stance-cache

# Corpus demo: ingest the PolNeAR train part (840 articles, 7 outlets) and print the views.
CORPUS_DB ?= corpus-demo.db
corpus-demo: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py --n 0 --make-jsonl polnear-train.jsonl
	$(BIN)/tealeaves ingest polnear-train.jsonl --db $(CORPUS_DB)
	$(BIN)/tealeaves stats --db $(CORPUS_DB)
	$(BIN)/tealeaves actors --db $(CORPUS_DB) --limit 20
	$(BIN)/tealeaves timeline "Donald Trump" --db $(CORPUS_DB) --by month --plot corpus-demo-trump.png
	$(BIN)/tealeaves network --db $(CORPUS_DB) --limit 40 --out corpus-demo-network.html
	$(BIN)/tealeaves claims --db $(CORPUS_DB) --limit 15
	$(BIN)/tealeaves search "email server" --db $(CORPUS_DB) --limit 5
