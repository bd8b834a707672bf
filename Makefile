# `make site` sets everything up and builds the demo site into public/.
# `make test` sets everything up and runs the whole test suite (what CI runs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup site test lint serve clean chromium wordnet

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: setup wordnet
	$(BIN)/python -m builder build

serve: setup
	$(BIN)/python -m builder serve

lint: setup
	$(BIN)/ruff check builder tests benchmarks

# Debian packages: WordNet's database gives the sentence matcher synonyms (optional: without it
# matching falls back to exact and stem matches); browser tests drive Debian's Chromium with
# playwright (never `playwright install`).
APT_INSTALL = apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

wordnet:
	@if [ ! -f /usr/share/wordnet/index.noun ]; then \
	  if [ "$$(id -u)" = 0 ]; then $(APT_INSTALL) wordnet-base >/dev/null || echo "wordnet-base not installed"; \
	  else echo "note: sudo apt-get install wordnet-base gives the sentence matcher synonyms"; fi; \
	fi

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then $(APT_INSTALL) chromium >/dev/null; \
	  else echo "Chromium is missing: sudo apt-get install chromium (browser tests will be skipped)"; fi; \
	fi

test: setup wordnet chromium
	$(BIN)/ruff check builder tests benchmarks
	$(BIN)/python -m pytest

clean:
	rm -rf public .cache $(VENV) *.egg-info
