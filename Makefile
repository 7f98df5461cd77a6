# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
TEST_STAMP := $(VENV)/.test-installed-$(shell sha1sum pyproject.toml | cut -c1-12)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install test-deps system-deps build-deps benchmarks clean

# PyICU (needed by followthemoney's text cleaning) compiles against ICU when no wheel fits.
build-deps:
	@pkg-config --exists icu-uc 2>/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libicu-dev pkg-config)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY) build-deps
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

install: $(STAMP)

# Loads the bundled real lists into the store if it is empty, then serves the workbench (127.0.0.1:8000).
run: $(STAMP)
	$(BIN)/maxpressure init
	$(BIN)/maxpressure status
	$(BIN)/maxpressure serve

# Debian packages some tests need (Java for Spark's local mode, Chromium for the browser tests, the
# Noto CJK fonts so Hangul and Chinese names render as letters, not boxes, in Chromium);
# installed only when missing.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
system-deps:
	@command -v java >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless)
	@test -x /usr/bin/chromium || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)
	@test -f $(CJK_FONT) || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk)

$(TEST_STAMP): pyproject.toml | $(PY) build-deps
	$(PY) -m pip install --quiet -e '.[all]'
	touch $(TEST_STAMP)

test-deps: $(TEST_STAMP) system-deps

test: test-deps
	$(PY) -m pytest tests

benchmarks: $(TEST_STAMP)
	for script in benchmarks/*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
