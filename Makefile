# orderlink: one command per job. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := $(CURDIR)/.venv

.PHONY: help tour test test-rust test-python test-node

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

tour: ## a tour of orderlink on the in-memory store: customers, links, access, verification, sync
	cargo run -q -p orderlink --example tour

test: test-rust test-python test-node ## every test in every language, building both bindings from scratch
	@echo "all suites passed: cargo, pytest, node"

test-rust: ## cargo tests of the core: unit, conformance, vectors, properties, doctests
	cargo test -p orderlink

test-python: ## a virtualenv, the binding built by maturin, and its pytest suite
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt
	cd bindings-python && VIRTUAL_ENV=$(VENV) PATH=$(VENV)/bin:$$PATH maturin develop -q
	$(VENV)/bin/python -m pytest -q bindings-python/tests

# `npm install` against the committed lock, not `npm ci`: the registry lacks one optional
# platform package of @napi-rs/cli's lzma dependency at the locked version, so npm leaves it
# out of the lock and `npm ci` then refuses the lock. Versions are still the locked ones.
test-node: ## npm install (locked versions), the binding built by napi, and its node:test suite
	cd bindings-node && npm install --no-audit --no-fund && npx napi build --platform && node --test __test__/
