# Karmayogi — every developer and CI command. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000
STAGE ?= dev
export PYTHONPATH := $(CURDIR):$(CURDIR)/layers/core/python
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CDK_DEFAULT_REGION ?= ap-south-1
PYTEST_ARGS ?=

.PHONY: help install dev test check lint format typecheck synth deploy diff bench bench-onboarding bench-certificates bench-insights bench-search openapi layer clean checkov

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Checkov pins boto3 1.35 (the platform needs >= 1.40): it gets a virtualenv of its own.
CHECKOV_VENV := .venv-checkov
CHECKOV_VERSION := 3.3.30

$(CHECKOV_VENV)/.installed:
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	PYTHONPATH= $(CHECKOV_VENV)/bin/python -m pip install --quiet 'checkov==$(CHECKOV_VERSION)'
	@touch $@

checkov: $(CHECKOV_VENV)/.installed ## install checkov (in .venv-checkov; tests/infra/test_checkov.py runs it on the templates)

install: $(BIN)/.installed node_modules/.installed $(CHECKOV_VENV)/.installed ## create .venv and node_modules (the CDK CLI) and install everything

.PHONY: web
# web/src/api-types.ts is generated from docs/openapi.json by the build (npm run api-types), never committed.
WEB_SOURCES := $(shell find web/src web/public -type f ! -name api-types.ts 2>/dev/null) web/index.html web/vite.config.ts \
	web/tsconfig.json web/tsconfig.sw.json docs/openapi.json

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run build

web: web/dist/index.html ## build the web client into web/dist (npm ci, API types from docs/openapi.json, vite build; served at /app/)

TABLE_ENGINE ?= dynamodb-local
dev: $(BIN)/.installed node_modules/.installed web ## start the whole platform locally (table on DynamoDB Local, the rest on moto) with demo data (PORT=n; TABLE_ENGINE=moto for in-process moto)
	@scripts/system_packages.sh ffmpeg espeak-ng fonts-lohit-deva default-jre-headless
	$(BIN)/python -m local.server --port $(PORT) --engine $(TABLE_ENGINE)

test: install ## install (Python, the CDK CLI, ffmpeg, espeak-ng, Chromium) and run every test
	@scripts/system_packages.sh ffmpeg espeak-ng fonts-lohit-deva default-jre-headless
	@scripts/system_packages.sh chromium || test -z "$$CI"  # outside CI the browser journey skips without it
	$(BIN)/python scripts/build_layer.py
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(BIN)/.installed ## ruff
	$(BIN)/ruff check .

format: $(BIN)/.installed ## ruff format + autofix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(BIN)/.installed ## mypy
	$(BIN)/mypy

check: lint typecheck test ## lint, types and tests

bench-certificates: $(BIN)/.installed ## certificate PDFs: time per certificate cold and warm, the credential's signature, the cost at ~100 completions/s
	@mkdir -p bench/results
	$(BIN)/python bench/certificates.py --cold 5 --warm 50 --json bench/results/certificates.json

bench-insights: $(BIN)/.installed ## insights on DuckDB over a generated platform (USERS=200000, ~2 min on a quiet machine; USERS=1000000, ~10 min): time and bytes per query, Athena cost for 2 crore users, a 100,000-row report's memory and first byte
	@mkdir -p bench/results
	$(BIN)/python bench/insights.py --users $(or $(USERS),200000) --json bench/results/insights.json

bench-onboarding: $(BIN)/.installed node_modules/.installed ## a bulk import of 100,000 employees on the local stand-in (~20-30 min on moto; ENGINE=dynamodb-local for DynamoDB Local): time, DynamoDB requests per row, peak memory, send time
	@scripts/system_packages.sh default-jre-headless
	@mkdir -p bench/results
	$(BIN)/python bench/onboarding.py --rows $(or $(ROWS),100000) --engine $(or $(ENGINE),moto) --json bench/results/onboarding.json

openapi: $(BIN)/.installed ## regenerate docs/openapi.json from the hubs' resolvers
	$(BIN)/python -m local.openapi

synth: install web ## synthesize the CDK stack offline (cdk-nag runs on every synth)
	CDK_DEFAULT_ACCOUNT=$${CDK_DEFAULT_ACCOUNT:-123456789012} npx cdk synth -c stage=$(STAGE) --quiet
	$(BIN)/cfn-lint --ignore-checks W3005 -- cdk.out/*.template.json

diff: install web ## cdk diff against a real AWS account
	npx cdk diff -c stage=$(STAGE)

deploy: install web ## cdk deploy to a real AWS account (STAGE=dev|prod); see docs/runbook.md
	npx cdk deploy -c stage=$(STAGE) --require-approval broadening

bench-search: $(BIN)/.installed ## search at volume: requests and items read/returned per search at 10 k vs 200 k people (moto; SEARCH_ENDPOINT=<url> for DynamoDB Local)
	@mkdir -p bench/results
	$(BIN)/python bench/search.py --sizes 10000 200000 $(if $(SEARCH_ENDPOINT),--endpoint $(SEARCH_ENDPOINT)) --json bench/results/search.json

bench: $(BIN)/.installed ## benchmarks (~13 min): cold start and its causes, peers, SnapStart, DynamoDB work, scale model (heartbeats of 1 M learners too), cost (per million learning hours too), media cost, local HLS ladder
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@mkdir -p bench/results
	$(BIN)/python bench/cold_start.py --clock cpu --runs 7 --json bench/results/cold_start.json
	$(BIN)/python bench/cold_start_causes.py --runs 5 --json bench/results/cold_start_causes.json
	$(BIN)/python bench/peer_compare.py --runs 7 --requests 2000 --json bench/results/peers.json
	$(BIN)/python bench/snapstart_restore.py --runs 3 --json bench/results/snapstart.json
	$(BIN)/python bench/dynamodb_work.py --json bench/results/dynamodb_work.json
	$(BIN)/python bench/scale_model.py --seconds 60 --json bench/results/scale_model.json
	$(BIN)/python bench/cost.py --work bench/results/dynamodb_work.json --scale bench/results/scale_model.json --json bench/results/cost.json
	$(BIN)/python bench/media_cost.py --json bench/results/media_cost.json
	$(BIN)/python bench/hls_ladder.py --runs 3 --json bench/results/hls_ladder.json

.PHONY: lighthouse
lighthouse: $(BIN)/.installed web ## Lighthouse at phone size on the learner pages (home, course, learn) + PWA installability (Debian's chromium; CHROME_PATH)
	@scripts/system_packages.sh ffmpeg espeak-ng fonts-lohit-deva chromium
	@mkdir -p bench/results
	$(BIN)/python bench/lighthouse.py --json bench/results/lighthouse.json

.PHONY: load
load: $(BIN)/.installed node_modules/.installed ## bounded load run on loopback (~10 min): the learner journey at 200 users for 120 s on DynamoDB Local, and both engines at 50 users side by side (errors must be 0)
	@scripts/system_packages.sh ffmpeg espeak-ng fonts-lohit-deva default-jre-headless
	$(BIN)/python -m pip install --quiet -e '.[dev,security]'
	@mkdir -p bench/results
	$(BIN)/python bench/load/run.py --users 200 --spawn-rate 20 --seconds 120 --compare-users 50 --json bench/results/load.json

clean: ## remove generated output
	rm -rf cdk.out build .pytest_cache .mypy_cache .ruff_cache tests/artifacts

.PHONY: rehearsal
rehearsal: $(BIN)/.installed node_modules/.installed ## the 1 M-user rehearsal on DynamoDB Local (USERS=1000000: hours here; BUDGET=<minutes> stops growing the table there): generate 10 k officers, measure the growing read routes, grow to USERS, measure the same callers, side by side with MET/MISSED
	@scripts/system_packages.sh default-jre-headless
	@mkdir -p bench/results
	$(BIN)/python -m bench.rehearsal.run --small 10000 --users $(or $(USERS),1000000) $(if $(BUDGET),--budget-minutes $(BUDGET)) --json bench/results/rehearsal.json
