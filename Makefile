# `make site` sets everything up and builds the demo site into public/.
# `make test` sets everything up and runs the whole test suite (what CI runs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup site test lint serve clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: setup
	$(BIN)/python -m builder build

serve: setup
	$(BIN)/python -m builder serve

lint: setup
	$(BIN)/ruff check builder tests benchmarks

test: setup
	$(BIN)/ruff check builder tests benchmarks
	$(BIN)/python -m pytest

clean:
	rm -rf public .cache $(VENV) *.egg-info
