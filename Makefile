# The two commands: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := WORKSPACE_ENV=development $(BIN)/flask --app wsgi
CHROMIUM := /usr/bin/chromium
# `make run HOST=... PORT=5001` serves elsewhere; the printed demo sign-in link and the
# invitation links name the same address (unless PUBLIC_BASE_URL is set already).
HOST ?= 127.0.0.1
PORT ?= 5000
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint bench assets install install-test chromium office pandoc wrk db clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when the dependency list changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/site.css: node_modules/.package-lock.json $(wildcard static/scss/*.scss) scripts/build-assets.mjs
	node scripts/build-assets.mjs

assets: static/css/site.css

db: install
	$(FLASK) db upgrade

run: install assets db
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(FLASK) seed-demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(FLASK) run --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium; install it through apt when it is missing.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Chromium from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# The Word export's tests prove that a real office suite opens our files: LibreOffice converts
# them to PDF and poppler's pdftotext reads them back. Not libreoffice-writer-nogui: it ships no
# Writer UI files and aborts on any .docx with comments. Carlito and Caladea have Calibri's and
# Cambria's metrics, so pages break where Word breaks them.
OFFICE_PACKAGES := libreoffice-writer libreoffice-impress poppler-utils fonts-crosextra-carlito fonts-crosextra-caladea
office:
	@if ! dpkg -s $(OFFICE_PACKAGES) >/dev/null 2>&1; then \
	  echo "Installing LibreOffice Writer, Impress and poppler-utils from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(OFFICE_PACKAGES) >/dev/null; \
	fi

# The Word export's benchmark runs pandoc beside it on the same markdown.
pandoc:
	@if ! command -v pandoc >/dev/null; then \
	  echo "Installing pandoc from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends pandoc >/dev/null; \
	fi

# The load benchmark drives gunicorn with wrk (Debian's package); install it when it is missing.
wrk:
	@if ! command -v wrk >/dev/null; then \
	  echo "Installing wrk from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi

test: install-test assets chromium office
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check workspace tests bench wsgi.py

bench: install-test assets wrk pandoc
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules static/vendor static/css/site.css
