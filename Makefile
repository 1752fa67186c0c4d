# The two set-up commands of the README are `make demo` and `make test`.
# Both create a virtual environment in .venv and install luocdo into it first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
export LUOCDO_STORE ?= $(CURDIR)/data/store
# The pages' front-end libraries: from npm at the versions of web/package-lock.json,
# copied with their licences into api/static/vendor/ (git-ignored) by web/vendor.mjs.
VENDOR := api/static/vendor/README.txt

.PHONY: install system-deps demo serve test test-all lint bench clean

install: $(VENV)/.installed $(VENDOR)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@

$(VENDOR): web/package-lock.json web/vendor.mjs
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	node web/vendor.mjs

# Java runs the HermiT reasoner that owlready2 ships.
system-deps:
	@command -v java >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq default-jre-headless)
	@# Chromium and its driver run the browser tests of the pages (tests/browser/).
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver)
	@# Virtuoso 7 is one of the SPARQL servers the backend suite runs on (tests/backends/);
	@# noninteractive: its package would ask for a DBA password (the tests start their own).
	@command -v virtuoso-t >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource)
	@# Apache Jena's rsparql and RDFConnection: the Java client of tests/api/test_standard_clients.py.
	@test -f /usr/share/java/jena-cmds.jar || (apt-get update -qq && apt-get install -y -qq libapache-jena-java)

demo: install
	$(BIN)/luocdo ingest $(SHARED)/seeds $(SHARED)/corpus
	$(BIN)/luocdo trace down 08-NQ/TU
	@echo
	@echo "Run '$(BIN)/luocdo serve' and open http://127.0.0.1:8000/ in a browser."

serve: install
	$(BIN)/luocdo serve

# The GEXF and GraphML exports of seeds + corpus are produced and counted first (issue 5),
# so that pytest's summary stays the last line.
test: install system-deps
	$(BIN)/python bench/export_corpus.py --shared $(SHARED)
	$(BIN)/python -m pytest

test-all: install system-deps
	$(BIN)/python -m pytest -m ''

lint: install
	$(BIN)/ruff check luocdo loaders api tests bench
	$(BIN)/mypy luocdo loaders api

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info data
