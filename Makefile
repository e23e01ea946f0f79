# 中卫市政协履职看板 — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# Loopback only by default; serve a LAN behind a TLS reverse proxy (README), or ADDRESS=0.0.0.0.
ADDRESS ?= 127.0.0.1
# The name the start-up banner prints. Naming it keeps Streamlit from asking an outside
# host for this machine's public address when ADDRESS is 0.0.0.0.
SERVER_NAME ?= $(if $(filter 0.0.0.0 ::,$(ADDRESS)),$(shell hostname),$(ADDRESS))
APT_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-impress-nogui poppler-utils \
  nginx openssl systemd
# The intranet bundle (make bundle) lands here; DIST=… to build it elsewhere.
DIST ?= dist
# Inside an unpacked bundle every wheel is in wheels/: install from there, never an index.
PIP_SOURCE := $(if $(wildcard wheels/*.whl),--no-index --find-links wheels)

.PHONY: run test check lint format system-deps bundle bench clean

# The runtime environment: the package and its dependencies, editable.
$(VENV)/.runtime: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(PIP_SOURCE),,$(BIN)/python -m pip install --quiet --upgrade pip)
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) -e .
	touch $@

# The test environment: the same plus pytest, playwright, ruff and import-linter.
$(VENV)/.test: $(VENV)/.runtime pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.runtime
	$(BIN)/zwzx-dash init
	$(BIN)/streamlit run serve.py --server.address $(ADDRESS) --server.port $(PORT) \
	  --browser.serverAddress $(SERVER_NAME)

# Debian's Chromium and CJK fonts for the browser tests, LibreOffice and poppler to read
# the exported Word, PowerPoint and PDF files as their readers would, nginx and openssl to
# check deploy/nginx and serve through it, systemd-analyze to check deploy/systemd (needs
# root; CI runs as root).
system-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/soffice ] && [ -x /usr/bin/pdftoppm ] \
	  && [ -x /usr/sbin/nginx ] && [ -x /usr/bin/openssl ] && [ -x /usr/bin/systemd-analyze ] \
	  && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing $(APT_PACKAGES) from Debian"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(APT_PACKAGES); \
	else \
	  echo "WARNING: not root, cannot install $(APT_PACKAGES); browser, nginx and systemd tests will be skipped outside CI"; \
	fi

test: system-deps $(VENV)/.test
	$(MAKE) check

check: lint
	$(BIN)/python -m pytest

lint: $(VENV)/.test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

format: $(VENV)/.test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# One archive for a machine without internet access: the source tree and every wheel it
# needs on Linux x86-64 with CPython 3.11 (README 内网安装). Needs PyPI.
bundle: $(VENV)/.runtime
	$(BIN)/python deploy/bundle.py --out $(DIST)

# Benchmarks write their tables to bench/out/; copy the figures into bench/RESULTS.md.
bench: system-deps $(VENV)/.test
	$(BIN)/python bench/pages.py --runs 7 --out bench/out/pages.md
	$(BIN)/python bench/first_figures.py --runs 7 --out bench/out/first_figures.md
	$(BIN)/python bench/chart_draw.py --runs 25
	$(BIN)/python bench/refresh.py --runs 15 --orgs 3000 --years 10
	$(BIN)/python bench/pin.py --runs 9 --orgs 3000 --years 10
	$(BIN)/python bench/fidelity.py --runs 5 --orgs 3000 --years 10
	$(BIN)/python bench/export.py --runs 5 --out bench/out/export.md
	$(BIN)/python bench/scale.py --orgs 3000 --years 10 --out bench/out/scale.md
	$(BIN)/python bench/visible.py --runs 9 --out bench/out/visible.md
	$(BIN)/python bench/concurrency.py --out bench/out/concurrency.md
	$(BIN)/python bench/replicas.py --sessions 10 20 --rounds 3 --out bench/out/replicas.md
	$(BIN)/python bench/object_store.py --orgs 3000 --years 10
	$(BIN)/python bench/object_store_pages.py --orgs 3000 --years 10 --runs 5 \
	  --out bench/out/object_store_pages.md

clean:
	rm -rf $(VENV) artifacts dist .pytest_cache .ruff_cache .import_linter_cache *.egg-info
