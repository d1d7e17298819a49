# Caravanserai: `make run` serves the platform with demo data; `make test` runs every test.
HOST ?= 127.0.0.1
PORT ?= 5000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
# Threads keep viewers' many tile requests flowing; see the README for production behind nginx.
SERVE := $(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 2 --blocking-threads 4 \
	--respawn-failed-workers wsgi:app

.PHONY: run worker run-elasticsearch test lint setup setup-dev assets system-packages serve \
        elasticsearch-start elasticsearch-stop bench-images bench-tile-storage bench-search bench-manifests bench-trash \
        bench-uploads bench-outbox clean constraints outdated audit validate-ng translations translations-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt pip

# constraints.txt pins what requirements*.txt pull in, so a fresh machine installs what CI ran.
# requirements-no-deps.txt comes after, without the caps its packages declare (see that file).
NO_DEPS := $(BIN)/pip install --quiet --no-deps -c constraints.txt -r requirements-no-deps.txt

$(VENV)/.runtime: requirements.txt requirements-no-deps.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -r requirements.txt
	$(NO_DEPS)
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt requirements-no-deps.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -r requirements-dev.txt
	$(NO_DEPS)
	touch $@ $(VENV)/.runtime

## constraints: pin anew every package that requirements-dev.txt pulls in, and requirements-no-deps.txt
constraints:
	rm -rf $(VENV)-constraints
	$(PYTHON) -m venv $(VENV)-constraints
	$(VENV)-constraints/bin/pip install --quiet --upgrade pip
	$(VENV)-constraints/bin/pip install --quiet -r requirements-dev.txt
	$(VENV)-constraints/bin/pip install --quiet --no-deps -r requirements-no-deps.txt
	{ sed -n '1,2p' constraints.txt; $(VENV)-constraints/bin/pip freeze --all | grep -v '^setuptools=\|^wheel='; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(VENV)-constraints

## outdated: the pinned packages that have newer releases on the package index (see the README's policy)
outdated: $(VENV)/.dev
	$(BIN)/python scripts/outdated.py

setup: $(VENV)/.runtime assets
setup-dev: $(VENV)/.dev assets system-packages

assets:
	scripts/assets.sh

system-packages:
	scripts/system-packages.sh

## run: set everything up, create the database, load the demo into an empty one, serve
run: setup
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) search reindex --if-needed
	@echo "Caravanserai: http://$(HOST):$(PORT)"
	$(SERVE)

## worker: run the task queue's consumers in a process of their own (with TASKS_IN_WEB=false for
## the web processes; `make run` needs none: its web processes run consumers themselves)
worker: setup
	$(FLASK) worker

## run-elasticsearch: the same on a local Elasticsearch instead of the embedded search
run-elasticsearch: setup
	scripts/elasticsearch.sh fetch
	scripts/elasticsearch.sh start
	$(FLASK) db upgrade
	SEARCH_BACKEND=elasticsearch $(FLASK) demo load --if-empty
	SEARCH_BACKEND=elasticsearch $(FLASK) search reindex
	@echo "Caravanserai on Elasticsearch: http://$(HOST):$(PORT)"
	SEARCH_BACKEND=elasticsearch $(SERVE)

## test: install what the tests need and run the whole suite (CI runs exactly this)
test: setup-dev
	scripts/test.sh

## validate-ng: build Python 3.13 once into .cache (several minutes), then run the stricter
## iiif-validator-ng against the platform on loopback; results in test-artifacts/validator-ng.md
validate-ng: $(VENV)/.dev
	PYTHON=$(BIN)/python scripts/validator-ng.sh

## audit: Lighthouse on the demo's home, an exhibition, an object and search; fails below 95 for
## accessibility or best practices
audit: setup-dev
	$(BIN)/python scripts/audit.py

## translations: bring every language's catalog up to the English words (exhibitions/words*.py),
## keeping what is translated; translations-check lists what each language still lacks
translations: $(VENV)/.runtime
	$(BIN)/python -m exhibitions.i18n.update

translations-check: $(VENV)/.runtime
	$(BIN)/python -m exhibitions.i18n.update --check

lint: $(VENV)/.dev
	$(BIN)/ruff check .

elasticsearch-start:
	scripts/elasticsearch.sh fetch
	scripts/elasticsearch.sh start

elasticsearch-stop:
	scripts/elasticsearch.sh stop

bench-images: setup-dev
	bash benchmarks/image_api.sh

bench-tile-storage: setup-dev
	$(BIN)/python -m benchmarks.tile_storage

bench-search: setup-dev elasticsearch-start
	$(BIN)/python -m benchmarks.search

bench-manifests: setup-dev
	$(BIN)/python -m benchmarks.manifests

bench-trash: setup-dev
	$(BIN)/python -m benchmarks.trash

bench-uploads: setup-dev
	$(BIN)/python -m benchmarks.uploads

bench-outbox: setup-dev
	$(BIN)/python -m benchmarks.outbox

clean:
	rm -rf $(VENV) .cache exhibitions/static/vendor node_modules
