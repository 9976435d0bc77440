# orderlink: one command per job. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := $(CURDIR)/.venv
.PHONY: help tour explore test test-rust test-postgres test-python test-node test-packaging wheels npm-pack bench-postgres bench-platform bench-python-import bench-services fuzz

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

tour: ## a tour of every area of orderlink (Rust, in-memory store), then the CLI's preview of the shipped sample file
	cargo run -p orderlink --example tour
	@echo; echo '$$ orderlink import preview examples/customers.csv   # exits 1: the sample has rows to fix'
	cargo run -p orderlink-cli -- import preview examples/customers.csv || test $$? -eq 1

test: test-rust test-python test-node test-packaging ## every test in every language, building both bindings from scratch, then the packaging test
	@echo "all suites passed: cargo, pytest, node, packaging"

# The property tests run from one fixed seed here, so a CI run is repeatable and a new finding
# cannot fail an unrelated change; `make explore` runs them from fresh seeds to find new ones
# (a finding becomes a named example test, as C3's "0@Aİ.0" did). Set PROPTEST_RNG_SEED to
# replay a seed.
PROPTEST_RNG_SEED ?= 20261204
test-rust: ## cargo tests of the core, the SQLite and Postgres stores and the CLI: unit, conformance, vectors, properties, doctests
	PROPTEST_RNG_SEED=$(PROPTEST_RNG_SEED) scripts/with-postgres cargo test -p orderlink -p orderlink-sqlite -p orderlink-cli -p orderlink-postgres

explore: ## the property tests from 20 fresh random seeds (by hand, not in CI): prints each seed, stops at the first failure
	for i in $$(seq 20); do seed=$$(od -An -N8 -tu8 /dev/urandom | tr -d ' '); echo "PROPTEST_RNG_SEED=$$seed"; \
	  PROPTEST_RNG_SEED=$$seed cargo test -q -p orderlink --lib --test properties --test pricing_properties --test boundary --test w4_listing_index --test import_csv_robust; \
	  PROPTEST_RNG_SEED=$$seed cargo test -q -p orderlink-sqlite --test text_roundtrip; done

# scripts/with-postgres installs Debian's postgresql-15 when it is missing (as root), starts a
# throwaway server in a temporary folder and sets ORDERLINK_PG_URL; without it these tests fail.
test-postgres: ## the Postgres store's tests (conformance suite, racing instances) against a throwaway PostgreSQL 15
	scripts/with-postgres cargo test -p orderlink-postgres

test-python: ## a virtualenv, the binding built by maturin, and its pytest suite (with a throwaway PostgreSQL for the Postgres store's tests)
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt
	cd bindings-python && VIRTUAL_ENV=$(VENV) PATH=$(VENV)/bin:$$PATH maturin develop -q
	scripts/with-postgres $(VENV)/bin/python -m pytest -q bindings-python/tests
	# The hand-written stubs against the built module (mypy pinned in requirements-dev.txt).
	cd bindings-python && $(VENV)/bin/python -m mypy.stubtest orderlink

# package.json `overrides` pin three @napi-rs/cli helpers to versions whose every platform
# build the registry serves; without them npm drops an entry from the lock and `npm ci` fails.
test-node: ## npm ci, the binding built by napi, and its node:test suite (with a throwaway PostgreSQL)
	cd bindings-node && npm ci --no-audit --no-fund && npm run build && ../scripts/with-postgres node --test __test__/
	# tsc --strict over the usage files (every Promise form included); types.test.mjs runs it too.
	cd bindings-node && node_modules/.bin/tsc --noEmit --strict --target es2022 --module nodenext --moduleResolution nodenext __test__/typecheck/usage.ts __test__/typecheck/promises.ts

# Needs what test-python and test-node leave (.venv with maturin, a built Node binary).
test-packaging: ## the README's install commands (pip, npm) in fresh folders outside the repository, the sdist and npm tarball built and installed, the README's first use run against each
	VENV=$(VENV) scripts/test-packaging

# --zig links against glibc 2.17 with zig's linker (ziglang from PyPI, pinned in
# bindings-python/requirements-release.txt), so the wheel installs on Debian 11, Ubuntu 20.04
# and RHEL 8 too. Not part of `make test`: a release build takes several minutes.
wheels: ## release wheel (manylinux2014, any CPython >= 3.9) and sdist in target/wheels/
	python3 -m venv $(CURDIR)/.venv-release
	$(CURDIR)/.venv-release/bin/pip install -q --disable-pip-version-check -r bindings-python/requirements-release.txt
	rm -rf $(CURDIR)/target/wheels
	cd bindings-python && PATH=$(CURDIR)/.venv-release/bin:$$PATH maturin build --release --strip --zig --compatibility manylinux2014 -o $(CURDIR)/target/wheels
	cd bindings-python && PATH=$(CURDIR)/.venv-release/bin:$$PATH maturin sdist -o $(CURDIR)/target/wheels
	@ls -l $(CURDIR)/target/wheels

npm-pack: ## release npm tarball carrying this machine's binary, in target/npm/
	cd bindings-node && npm ci --no-audit --no-fund && npm run build:release
	mkdir -p $(CURDIR)/target/npm
	cd bindings-node && npm pack --pack-destination $(CURDIR)/target/npm

bench-postgres: ## link open, batch price resolution and intake on the memory and the Postgres store (not a test)
	scripts/with-postgres cargo bench -p orderlink-postgres --bench store $(ARGS)

bench-platform: ## W1, W2, W4 at scale: 1,000 workspaces x 1,000 customers and lists of 1k to 100k in one PostgreSQL (2GB buffer cache; not a test)
	ORDERLINK_PG_SHARED_BUFFERS=2GB scripts/with-postgres cargo bench -p orderlink-postgres --bench platform $(ARGS)

bench-python-import: ## import benchmark: the CLI and the binding beside csv, pandas, frictionless, openpyxl (not a test)
	cargo build -q --release -p orderlink-cli
	python3 -m venv $(CURDIR)/.venv-bench
	$(CURDIR)/.venv-bench/bin/pip install -q --disable-pip-version-check -r benches/requirements-peers.txt
	rm -rf $(CURDIR)/target/bench-wheels
	cd bindings-python && $(CURDIR)/.venv-bench/bin/maturin build -q --release -o $(CURDIR)/target/bench-wheels
	# A real install, not an editable one: `make test-python` builds a debug module in place.
	$(CURDIR)/.venv-bench/bin/pip install -q --force-reinstall --no-deps $(CURDIR)/target/bench-wheels/orderlink-*.whl
	$(CURDIR)/.venv-bench/bin/python benches/import_python.py $(ARGS)

# Fuzzing needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked
# --version 0.13.2`), so it is run by hand, not by `make test` or CI; CI replays the committed
# corpus and every crash found on stable (core/tests/fuzz_replay.rs). FUZZ_SECONDS per target
# (default 60), -rss_limit_mb=2048 and a -max_len per target; FUZZ_KNOWN=rows,errfile,… skips
# the checks of defects already known and open, so a run explores past them: see scripts/fuzz.
fuzz: ## every cargo-fuzz target for FUZZ_SECONDS (default 60) each, then executions and findings per target (nightly)
	scripts/fuzz
bench-services: ## Node and Python services on orderlink beside pg and psycopg, 1 ms from PostgreSQL, 64 concurrent requests (not a test)
	scripts/with-postgres benches/services.sh
