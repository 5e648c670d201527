# Two commands do everything on a fresh machine:
#   make run    set up .venv (torch pinned and installed first) and run the bot
#   make test   set up .venv with the dev tools and run lint, types and the tests
# torch comes from pip's configured index unless TORCH_INDEX_URL names another. On Linux the
# default index serves a CUDA build of several GB; for the small CPU build pass PyTorch's CPU
# wheel index, as the Dockerfile's build argument of the same name does:
#   make run TORCH_INDEX_URL=<PyTorch CPU wheel index>
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
TORCH := torch==2.13.0
TORCH_INDEX_URL ?=
TORCH_INSTALL := $(BIN)/pip install --quiet $(TORCH)$(if $(TORCH_INDEX_URL), --index-url "$(TORCH_INDEX_URL)")

.PHONY: run test lint setup setup-dev ingest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(TORCH_INSTALL)
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(TORCH_INSTALL)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

run: setup
	$(BIN)/python -m bot run

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

ingest: setup
	$(BIN)/python -m bot ingest --once
